"""Telling people that a seminar moved or was postponed: organisers email everyone registered,
the panel emails the bursary holders, each from a page that shows the email first."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryStatus, PaymentMethod
from common.models import AuditEntry
from outbox.models import Email
from registrations import services as registration_services
from registrations.models import RegistrationStatus
from seminars.changes import record_change
from seminars.models import SeminarStatus
from tests.factories import (
    BursaryApplicationFactory,
    RegistrationFactory,
    SeminarFactory,
    VenueFactory,
)
from tests.factories.bursaries import advance_paid
from tests.seminars.test_changes import save_in_admin
from tests.utils import london, text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
NEW_START = london(2030, 3, 12, 10)


@pytest.fixture
def panel_member(make_panel_member):
    return make_panel_member("member")


def tell_registered(seminar):
    return reverse("organising:tell-registered", args=[seminar.pk])


def tell_holders(seminar):
    return reverse("organising:bursary-tell-holders", args=[seminar.pk])


def old_tell_holders(seminar):
    """The page's old address in the admin (emails and pages sent before the move link to it)."""
    return reverse("admin:bursaries_bursaryapplication_tell_holders", args=[seminar.pk])


def send(client, url, data):
    """Open the page with `data` (as "Update the preview" does), then press Send."""
    preview = client.post(url, {**data, "preview": "1"})
    previewed = preview.context["previewed"]
    return client.post(url, {**data, "send": "1", "previewed": previewed}, follow=True)


def holder(seminar, status, method=PaymentMethod.REIMBURSE, **kwargs):
    application = BursaryApplicationFactory(
        seminar=seminar,
        status=status,
        payment_method=method,
        offer_amount=Decimal("40"),
        reply_by=timezone.now(),
        **kwargs,
    )
    if status == BursaryStatus.ADVANCE_PAID:
        advance_paid(application, Decimal("20"), datetime.date(2030, 1, 2))
    return application


# Organisers: prompted after saving, then one page to preview and send.


def test_saving_a_new_date_prompts_the_organiser_to_tell_everyone_registered(
    client, organiser_user, seminar
):
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(seminar=seminar, email="")  # registered by phone: no address

    response = save_in_admin(client, seminar, starts_at_0="2030-03-12", ends_at_0="2030-03-12")
    page = client.get(response.url)

    assert "The date of seminar 3 changed. Tell the 2 people registered: preview the email" in (
        text(page)
    )
    assert f'href="{tell_registered(seminar)}"' in page.content.decode()
    assert "bursary" not in text(page).split("changed. Tell")[1].split("Change seminar")[0]


def test_the_organisers_page_previews_the_date_wording_then_sends_to_places_and_waiting(
    client, organiser_user, seminar, sent
):
    seminar.capacity = 1  # saving the seminar gives free places to the people waiting
    seminar.save()
    confirmed = RegistrationFactory(seminar=seminar, name="Ann Place", email="ann@example.org")
    RegistrationFactory(
        seminar=seminar, email="wait@example.org", status=RegistrationStatus.WAITING
    )
    RegistrationFactory(
        seminar=seminar, email="gone@example.org", status=RegistrationStatus.CANCELLED
    )
    RegistrationFactory(seminar=seminar, email="")
    save_in_admin(client, seminar, starts_at_0="2030-03-12", ends_at_0="2030-03-12")

    page = client.get(tell_registered(seminar))
    emails_before = Email.objects.count()
    done = send(client, tell_registered(seminar), {"changed": ["date"], "message": "Sorry!"})

    words = text(page)
    assert "This email will go to 2 people." in words
    assert "1 registered person has no email address: tell them yourself." in words
    assert "Subject: New date: Seminar 3, Co-production in practice" in words
    assert (
        "The date of Seminar 3, Co-production in practice, has changed. It is now: "
        "Tuesday 12 March 2030, 10am to 4pm" in words
    )
    assert "You are still on the waiting list." in words  # the waiting person's own preview
    assert confirmed.manage_token not in page.content.decode()
    assert emails_before == 0  # the preview sends nothing
    assert "Queued 2 emails." in text(done)
    delivered = {email.to[0]: email for email in sent()}
    assert sorted(delivered) == ["ann@example.org", "wait@example.org"]
    ann = delivered["ann@example.org"]
    assert ann.subject == "New date: Seminar 3, Co-production in practice"
    assert "Tuesday 12 March 2030, 10am to 4pm" in ann.body
    assert "Sorry!" in ann.body
    queued = Email.objects.get(to="ann@example.org")
    assert [attachment["filename"] for attachment in queued.attachments] == ["seminar-3.ics"]
    assert "You are still on the waiting list." in delivered["wait@example.org"].body


@pytest.mark.parametrize(
    ("status", "changed", "subject", "words", "not_words"),
    [
        (
            SeminarStatus.PUBLISHED,
            ["time"],
            "New time",
            "The time of Seminar 3, Co-production in practice, has changed. It is now:",
            "venue's address",
        ),
        (
            SeminarStatus.PUBLISHED,
            ["venue"],
            "New venue",
            "The seminar page has the venue's address, directions and access information.",
            "has been postponed",
        ),
        (
            SeminarStatus.PUBLISHED,
            ["date", "venue"],
            "New date and venue",
            "The date and venue of Seminar 3, Co-production in practice, have changed.",
            "has changed",
        ),
        (
            SeminarStatus.POSTPONED,
            [],
            "Postponed",
            "has been postponed. We will email you when we have a new date.",
            "The new date is",
        ),
        (
            SeminarStatus.POSTPONED,
            ["date"],
            "Postponed to a new date",
            "has been postponed. The new date is: Tuesday 12 March 2030, 10am to 4pm",
            "when we have a new date",
        ),
    ],
)
def test_each_change_has_its_own_words(seminar, sent, status, changed, subject, words, not_words):
    seminar.status, seminar.starts_at, seminar.ends_at = status, NEW_START, NEW_START
    seminar.ends_at += datetime.timedelta(hours=6)
    seminar.save()
    RegistrationFactory(seminar=seminar)
    reason = "postponed" if status == SeminarStatus.POSTPONED else "moved"

    registration_services.notify_registrants(
        seminar, reason=reason, message="", by=None, changed=changed
    )

    [email] = sent()
    body = " ".join(email.body.split())
    assert email.subject == f"{subject}: Seminar 3, Co-production in practice"
    assert words in body
    assert not_words not in body


def test_postponed_to_a_month_says_we_will_tell_them_the_day(sent):
    seminar = SeminarFactory(
        status=SeminarStatus.POSTPONED,
        starts_at=None,
        ends_at=None,
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
        tentative_month=datetime.date(2030, 5, 1),
    )
    RegistrationFactory(seminar=seminar)

    registration_services.notify_registrants(
        seminar, reason="postponed", message="", by=None, changed=["date"]
    )

    [email] = sent()
    body = " ".join(email.body.split())
    assert "It is now planned for May 2030 (date to be confirmed)." in body
    assert "We will email you when we know the day." in body
    assert Email.objects.get().attachments == []


def test_postponing_without_a_new_date_prompts_and_says_we_will_email_the_date(
    client, organiser_user, seminar
):
    RegistrationFactory(seminar=seminar)

    response = save_in_admin(client, seminar, status=SeminarStatus.POSTPONED)
    after = text(client.get(response.url))
    page = text(client.get(tell_registered(seminar)))

    assert "Seminar 3 is postponed. Tell the 1 person registered" in after
    assert "Subject: Postponed: Seminar 3, Co-production in practice" in page
    assert "has been postponed. We will email you when we have a new date." in page


def test_the_organisers_page_asks_what_changed_when_nothing_was_recorded(
    client, organiser_user, seminar
):
    RegistrationFactory(seminar=seminar)

    page = client.get(tell_registered(seminar))
    unticked = client.post(tell_registered(seminar), {"message": "", "send": "1", "previewed": "x"})

    assert "Tick what has changed, then update the preview." in text(page)
    assert 'name="send"' not in page.content.decode()
    assert "Tick what has changed: the date, the time or the venue." in text(unticked)
    assert not Email.objects.exists()


def test_sending_words_changed_since_the_preview_sends_nothing(client, organiser_user, seminar):
    RegistrationFactory(seminar=seminar)
    url = tell_registered(seminar)
    preview = client.post(url, {"changed": ["time"], "message": "", "preview": "1"})

    response = client.post(
        url,
        {
            "changed": ["time"],
            "message": "Words nobody previewed",
            "send": "1",
            "previewed": preview.context["previewed"],
        },
    )

    assert "The email changed since the preview, so nothing was sent." in text(response)
    assert "Words nobody previewed" in text(response)  # now in the preview to read
    assert not Email.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="emailed").exists()


# The bursary holders: the panel's own prompt and page.


def test_organisers_are_told_the_panel_will_tell_holders_but_cannot_reach_their_page(
    client, organiser_user, seminar
):
    award = holder(seminar, BursaryStatus.ACCEPTED, name="Secret Holder")

    response = save_in_admin(client, seminar, venue=VenueFactory().pk)
    after = text(client.get(response.url))
    refused = [client.get(tell_holders(seminar)), client.post(tell_holders(seminar), {})]

    assert "The bursary panel will see a reminder to email this seminar's bursary holders." in after
    assert tell_holders(seminar) not in client.get(response.url).content.decode()
    assert old_tell_holders(seminar) not in client.get(response.url).content.decode()
    assert "Secret Holder" not in after
    assert [r.status_code for r in refused] == [403, 403]
    assert not Email.objects.filter(to=award.email).exists()


def test_the_panel_is_prompted_on_its_list_until_holders_are_told(
    client, panel_member, organiser_user, seminar, sent
):
    holder(seminar, BursaryStatus.OFFERED, email="offered@example.org")
    holder(seminar, BursaryStatus.ACCEPTED, email="accepted@example.org")
    holder(seminar, BursaryStatus.BOOKED, PaymentMethod.BOOK, email="booked@example.org")
    BursaryApplicationFactory(seminar=seminar, email="submitted@example.org")
    BursaryApplicationFactory(
        seminar=seminar, status=BursaryStatus.DECLINED, email="declined@example.org"
    )
    save_in_admin(client, seminar, starts_at_0="2030-03-12", ends_at_0="2030-03-12")
    client.force_login(panel_member)

    listing = text(client.get(LIST))
    page = client.get(tell_holders(seminar))
    done = send(client, tell_holders(seminar), {"changed": ["date"], "message": ""})
    listing_after = text(client.get(LIST))

    assert "its 3 bursary holders have not been told. Preview the email to them" in listing
    words = text(page)
    assert "This email will go to 3 people." in words
    assert "For a holder whose bursary is: Tickets booked" in words
    assert "We booked your tickets before this change." in words
    assert "Dear [their name]" in words
    assert "Queued 3 emails." in text(done)
    assert "bursary holders have not been told" not in listing_after
    delivered = {email.to[0]: email for email in sent()}
    assert sorted(delivered) == [
        "accepted@example.org",
        "booked@example.org",
        "offered@example.org",
    ]
    booked = delivered["booked@example.org"]
    assert booked.subject == "New date: Seminar 3 and your travel bursary"
    assert "It is now: Tuesday 12 March 2030, 10am to 4pm" in " ".join(booked.body.split())
    assert "please do not buy new tickets yourself" in booked.body
    assert "Our offer of a travel bursary still stands" in delivered["offered@example.org"].body
    told = AuditEntry.objects.get(action="emailed bursary holders about a change")
    assert (told.by, told.fields) == (panel_member, ["date"])


def test_a_panel_member_who_saves_the_change_gets_the_link_at_once(client, panel_member, seminar):
    panel_member.is_superuser = True  # an organiser on the panel, with the organisers' rights too
    panel_member.save()
    holder(seminar, BursaryStatus.ACCEPTED)
    client.force_login(panel_member)

    response = save_in_admin(client, seminar, starts_at_1="11:00")

    assert f'href="{tell_holders(seminar)}"' in client.get(response.url).content.decode()
    assert client.get(old_tell_holders(seminar))["Location"] == tell_holders(seminar)


def test_holders_of_a_postponed_seminar_without_a_date_are_asked_not_to_book(
    client, panel_member, seminar, sent
):
    award = holder(seminar, BursaryStatus.ADVANCE_PAID, PaymentMethod.ADVANCE)
    seminar.status = SeminarStatus.POSTPONED
    seminar.save()
    record_change(seminar, changed=["postponed"], by=None)
    client.force_login(panel_member)

    page = text(client.get(tell_holders(seminar)))
    send(client, tell_holders(seminar), {"message": ""})

    assert "We will email you when we have a new date." in page
    [email] = sent()
    body = " ".join(email.body.split())
    assert email.to == [award.email]
    assert email.subject == "Postponed: Seminar 3 and your travel bursary"
    assert "We paid you an advance before this change." in body
    assert "Please do not book any travel until we have told you the new date." in body


def test_the_holders_email_tells_no_organiser_and_hides_from_the_outbox(
    client, organiser_user, panel_member, seminar
):
    award = holder(seminar, BursaryStatus.ACCEPTED, name="Secret Holder")
    record_change(seminar, changed=["venue"], by=organiser_user)
    services.tell_holders(seminar, changed=["venue"], message="", by=panel_member)

    outbox = client.get("/admin/outbox/email/").content.decode()

    assert Email.objects.get().kind == "bursaries/seminar_changed"
    assert award.email not in outbox
    assert "your travel bursary" not in outbox


def test_no_prompt_for_a_seminar_that_is_over_or_has_no_holders(seminar):
    over = SeminarFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    holder(over, BursaryStatus.PAID)
    for changed_seminar in (seminar, over):
        record_change(changed_seminar, changed=["venue"], by=None)

    assert services.changes_to_tell() == []
