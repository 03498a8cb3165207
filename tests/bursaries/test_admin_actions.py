import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, CostLine
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin
TWENTY = {CostLine.TRAVEL: Decimal("20")}
SEND = reverse("organising:bursary-send-staged")


def send_as_previewed(client):
    """Open the preview, then press Send: the form carries what the preview showed."""
    preview = client.get(SEND).content.decode()
    previewed = re.findall(r'name="previewed" value="([^"]+)"', preview)
    return client.post(SEND, {"previewed": previewed}, follow=True)


@pytest.fixture
def panel_member_signed_in(client, make_panel_member):
    user = make_panel_member()
    client.force_login(user)
    return user


def test_stage_an_offer_preview_it_then_send(client, panel_member_signed_in, sent):
    application = BursaryApplicationFactory(
        travel_cost=Decimal("30.00"), seminar__bursaries_closed=True
    )
    reply_day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    staged = client.post(
        f"{STAFF}{application.pk}/actions/stage/",
        {
            "decision": "offered",
            "offer_travel": "£30",
            "offer_care": "12.50",
            "reply_by": reply_day,
            "note": "We hope to see you in Leeds.",
        },
        follow=True,
    )
    listing = text(client.get(LIST))
    preview = text(client.get(SEND))
    emails_before_sending = Email.objects.count()
    done = send_as_previewed(client)

    assert "Decision for B" in text(staged)
    assert "Preview and send staged decisions (1)" in listing
    assert "Action needed: a travel bursary for Seminar" in preview
    assert "up to £42.50" in preview
    assert "Replacement care or childcare while you are away: up to £12.50" in preview
    assert "We hope to see you in Leeds." in preview
    assert "[private link]" in preview
    assert application.token not in preview
    assert emails_before_sending == 0  # staging and previewing send nothing
    assert "Sent 1 decision." in text(done)
    application.refresh_from_db()
    assert application.status == BursaryStatus.OFFERED
    assert (application.offer_travel, application.offer_care, application.offer_amount) == (
        Decimal("30.00"),
        Decimal("12.50"),
        Decimal("42.50"),
    )
    assert timezone.localtime(application.reply_by).date().isoformat() > reply_day
    assert any(email.subject.startswith("Action needed") for email in sent())


def test_an_offer_over_the_limit_is_reported_and_stays_staged(client, panel_member_signed_in):
    seminar = SeminarFactory(bursaries_per_group=1, bursaries_closed=True)
    first, second = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    reply_by = timezone.now() + datetime.timedelta(days=7)
    for application in (first, second):
        services.stage_decision(
            application,
            decision="offered",
            lines=TWENTY,
            reply_by=reply_by,
            by=panel_member_signed_in,
        )

    done = text(send_as_previewed(client))

    assert "Sent 1 decision." in done
    assert "are offered or awarded" in done
    assert BursaryApplication.objects.filter(staged_decision="offered").count() == 1


def test_stage_needs_amount_and_date_for_an_offer(client, panel_member_signed_in):
    application = BursaryApplicationFactory()

    page = text(
        client.post(
            f"{STAFF}{application.pk}/actions/stage/",
            {"decision": "offered", "offer_travel": "", "reply_by": ""},
        )
    )

    application.refresh_from_db()
    assert "Enter the amount to offer, in pounds." in page
    assert "Choose the last day to reply." in page
    assert application.staged_decision == ""


def test_a_freed_bursary_prompts_the_top_of_the_reserve_list(client, panel_member_signed_in):
    seminar = SeminarFactory(bursaries_per_group=1, bursaries_closed=True)
    offered = services.offer(
        BursaryApplicationFactory(seminar=seminar),
        lines=TWENTY,
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=panel_member_signed_in,
    )
    low, high = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    for application, score in ((low, 2), (high, 5)):
        services.score(application, reviewer=panel_member_signed_in, score=score)
        services.put_on_reserve(application, by=panel_member_signed_in)
    before = text(client.get(LIST))

    services.decline(offered)  # the first offer, declined: its bursary is free again
    after = text(client.get(LIST))

    assert "Top of the reserve list" not in before
    assert (
        f"1 bursary is free for people who work or volunteer for charities at seminar "
        f"{seminar.number}. Top of the reserve list: B{high.pk}." in after
    )


def test_decisions_wait_for_the_deadline_and_the_panel_is_told_why(client, panel_member_signed_in):
    seminar = SeminarFactory()  # bursary applications still open
    application = BursaryApplicationFactory(seminar=seminar)
    services.stage_decision(application, decision="reserve", by=panel_member_signed_in)

    page = text(client.get(f"{LIST}{application.pk}/change/"))
    preview = text(client.get(SEND))
    done = text(send_as_previewed(client))

    wait = f"Decisions for seminar {seminar.number} can be sent once applications close at "
    assert wait in page
    assert wait in preview
    assert wait in done
    application.refresh_from_db()
    assert (application.status, application.staged_decision) == ("submitted", "reserve")
    assert not Email.objects.filter(kind__startswith="bursaries/reserve").exists()


def test_a_seminar_deciding_as_applications_arrive_sends_before_the_deadline(
    client, panel_member_signed_in
):
    application = BursaryApplicationFactory(seminar__bursary_rolling_decisions=True)
    services.stage_decision(application, decision="reserve", by=panel_member_signed_in)

    done = text(send_as_previewed(client))

    assert "Sent 1 decision." in done
    application.refresh_from_db()
    assert application.status == BursaryStatus.RESERVE


def test_an_offer_over_the_seminars_maximum_award_is_refused(client, panel_member_signed_in):
    application = BursaryApplicationFactory(seminar__bursary_max_award=Decimal("100.00"))
    reply_day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    over = text(
        client.post(
            f"{STAFF}{application.pk}/actions/stage/",
            {
                "decision": "offered",
                "offer_travel": "60",
                "offer_care": "40.01",
                "reply_by": reply_day,
            },
        )
    )
    at_the_edge = client.post(
        f"{STAFF}{application.pk}/actions/stage/",
        {"decision": "offered", "offer_travel": "60", "offer_care": "40", "reply_by": reply_day},
    )

    assert "The offer adds up to £100.01, more than the £100.00 one bursary can pay" in over
    assert at_the_edge.status_code == 302
    application.refresh_from_db()
    assert application.offer_amount == Decimal("100.00")


def test_non_panel_staff_cannot_reach_staged_decisions(client, django_user_model):
    staff = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)
    BursaryApplicationFactory(staged_decision="reserve")

    assert client.get(SEND).status_code == 403
    assert client.post(SEND).status_code == 403
    assert BursaryApplication.objects.get().status == BursaryStatus.SUBMITTED


def test_the_panel_is_told_before_offering_when_no_place_is_free(client, panel_member_signed_in):
    from tests.factories import RegistrationFactory

    seminar = SeminarFactory(capacity=1, bursaries_per_group=5)
    RegistrationFactory(seminar=seminar)
    application = BursaryApplicationFactory(seminar=seminar)

    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "5 bursaries left for people who work or volunteer for charities; 0 places free" in page
    assert "No place is free at this seminar, and an offer holds a place." in page


def test_the_page_records_each_booking_with_who_and_what_never_the_details(
    client, panel_member_signed_in
):
    seminar = SeminarFactory(bursaries_closed=True)
    application = services.offer(
        BursaryApplicationFactory(seminar=seminar, payment_method="book"),
        lines=TWENTY,
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=panel_member_signed_in,
    )
    services.accept(application, payment_method="book")

    saved = client.post(
        f"{STAFF}{application.pk}/actions/booking/",
        {
            "journey": "York to Leeds and back",
            "details": "Return, ref XYZ",
            "cost": "12.40",
            "delivery": "post",
            "postal_address": "",
        },
    )
    done = client.post(
        f"{STAFF}{application.pk}/actions/booking/",
        {
            "journey": "York to Leeds and back",
            "details": "Return, ref XYZ",
            "cost": "12.40",
            "delivery": "post",
            "postal_address": "2 Low Street, York",
        },
        follow=True,
    )

    page = text(done)
    assert "Give the address to post the tickets to." in text(saved)
    assert "Booking saved, and the applicant emailed what we booked." in page
    assert "Booking recorded: panel" in page
    assert "(bookings)" in page
    application.refresh_from_db()
    assert application.status == BursaryStatus.BOOKED
    assert [b.postal_address for b in application.bookings.all()] == ["2 Low Street, York"]


def test_send_carries_out_only_the_decisions_the_panel_member_previewed(
    client, panel_member_signed_in
):
    seminar = SeminarFactory(bursaries_closed=True)
    read, later = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    services.stage_decision(read, decision="reserve", by=panel_member_signed_in)
    preview = client.get(SEND).content.decode()
    services.stage_decision(
        later, decision="not_offered", by=panel_member_signed_in
    )  # staged after the preview

    previewed = re.findall(r'name="previewed" value="([^"]+)"', preview)
    done = text(client.post(SEND, {"previewed": previewed}, follow=True))

    read.refresh_from_db()
    later.refresh_from_db()
    assert "Sent 1 decision." in done
    assert (read.status, later.status) == ("reserve", "submitted")
    assert later.staged_decision == "not_offered"


def test_an_offer_over_the_budget_warns_then_is_staged_when_ticked_and_recorded(
    client, panel_member_signed_in
):
    from common.audit import entries_for
    from ledger.models import Budget, Entry

    Budget.objects.create(line="travel_bursaries", amount=Decimal("50.00"))
    seminar = SeminarFactory(bursaries_closed=True)
    staged_first = BursaryApplicationFactory(seminar=seminar)
    services.stage_decision(
        staged_first,
        decision="offered",
        lines=TWENTY,
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=panel_member_signed_in,
    )
    application = BursaryApplicationFactory(seminar=seminar)
    data = {
        "decision": "offered",
        "offer_travel": "30.01",
        "reply_by": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }
    warned = client.post(f"{STAFF}{application.pk}/actions/stage/", data)
    html = warned.content.decode()
    application.refresh_from_db()
    not_staged = application.staged_decision
    ticked = client.post(f"{STAFF}{application.pk}/actions/stage/", {**data, "over_budget": "on"})
    application.refresh_from_db()

    assert "over by £0.01: £50.01 committed of £50.00" in text(html)
    assert 'type="checkbox" name="over_budget"' in html
    assert not_staged == ""
    assert ticked.status_code == 302
    assert application.staged_decision == "offered"
    assert "offer staged over budget" in [entry.action for entry in entries_for(application)]
    third = BursaryApplicationFactory(seminar=seminar)
    with pytest.raises(services.BursaryError):  # the rule holds in the service too
        services.stage_decision(
            third,
            decision="offered",
            lines={"travel": Decimal("1")},
            reply_by=timezone.now() + datetime.timedelta(days=7),
            by=panel_member_signed_in,
        )
    send_as_previewed(client)
    application.refresh_from_db()
    marked = Entry.objects.filter(over_budget=True).values_list("account_id", flat=True)
    assert list(marked) == [application.account_id]
