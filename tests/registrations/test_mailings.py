"""Emails besides those a change sends: reminders, organisers' emails to everyone registered,
announcements to the mailing list, and the old link that stops them."""

import csv
import datetime
import io
from email import message_from_bytes, policy

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from outbox.models import Email
from registrations import services
from registrations.models import Registration, RegistrationStatus
from seminars.models import SeminarStatus
from subscribers import services as subscriber_services
from subscribers.models import Subscriber, SubscriberStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.subscribers import SubscriberFactory
from tests.registrations.test_retention import DAY, seminar_starting_in
from tests.utils import london, text

pytestmark = pytest.mark.django_db


def send(client, url, data):
    """Preview `data`, then press Send on that preview (Send sends only what was previewed)."""
    preview = client.post(url, {**data, "preview": "1"})
    return client.post(
        url, {**data, "send": "1", "previewed": preview.context["previewed"]}, follow=True
    )


def test_email_everyone_registered_is_previewed_before_it_can_be_sent(client, organiser, sent):
    seminar = SeminarFactory()
    ann = RegistrationFactory(seminar=seminar, name="Ann Confirmed", email="ann@example.org")
    waiting = RegistrationFactory(seminar=seminar, email="wait@example.org", status="waiting")
    RegistrationFactory(seminar=seminar, email="gone@example.org", status="cancelled")
    url = reverse("organising:email-registered", args=[seminar.pk])
    data = {"reason": "postponed", "message": "We hope to meet in the spring."}

    form = client.get(url)
    send_without_preview = client.post(url, {**data, "send": "1"})
    preview = client.post(url, {**data, "preview": "1"})

    assert "This email will go to 2 people." in text(form)
    assert 'name="send"' not in form.content.decode()
    assert "Preview (as the first person will see it)" in text(send_without_preview)
    assert not Email.objects.exists()
    assert "We hope to meet in the spring." in text(preview)
    assert 'name="send"' in preview.content.decode()
    assert "Your registration: [private link]" in text(preview)
    for registration in (ann, waiting):  # nobody's key in a preview
        assert registration.manage_token not in preview.content.decode()

    sent_page = client.post(
        url, {**data, "send": "1", "previewed": preview.context["previewed"]}, follow=True
    )

    assert "Queued 2 emails." in text(sent_page)
    delivered = {email.to[0]: email for email in sent()}
    assert set(delivered) == {"ann@example.org", "wait@example.org"}
    email = delivered["ann@example.org"]
    assert email.subject == f"Postponed: Seminar {seminar.number}, {seminar.title}"
    assert "has been postponed" in email.body
    assert "We hope to meet in the spring." in email.body
    assert Registration.objects.get(email="ann@example.org").manage_url in email.body


def test_a_moved_seminar_email_carries_the_new_calendar(client, organiser, sent):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar)
    url = reverse("organising:email-registered", args=[seminar.pk])

    send(client, url, {"reason": "moved", "message": ""})

    [email] = sent()
    assert email.subject.startswith("Changed date or venue:")
    assert [part.get_filename() for part in email.attachments] == [f"seminar-{seminar.number}.ics"]


def test_announcement_goes_to_confirmed_subscribers_not_yet_registered(client, organiser, sent):
    new = SeminarFactory(title="Power-sharing within coercive environments")
    keen = SubscriberFactory(email="Keen@example.org")
    SubscriberFactory(email="pending@example.org", status=SubscriberStatus.PENDING)
    SubscriberFactory(email="alert-only@example.org", on_list=False)
    SubscriberFactory(email="already@example.org")
    RegistrationFactory(seminar=new, email="ALREADY@example.org")
    RegistrationFactory(email="registered-only@example.org", future_seminars=True)
    url = reverse("organising:announce", args=[new.pk])

    send(client, url, {"message": ""})

    [email] = sent()
    assert email.to == ["Keen@example.org"]
    assert email.subject == f"New seminar: Seminar {new.number}, {new.title}"
    assert f"To stop these emails, use this link: {keen.unsubscribe_url}" in email.body


def test_announcement_carries_one_click_unsubscribe_headers(client, organiser, sent):
    seminar = SeminarFactory()
    subscriber = SubscriberFactory()
    url = reverse("organising:announce", args=[seminar.pk])

    send(client, url, {"message": ""})

    [email] = sent()
    parsed = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    # A long header is folded onto a second line; unfolded, it is the two addresses.
    assert parsed["List-Unsubscribe"].strip() == (
        f"<{subscriber.unsubscribe_url}>, <mailto:{settings.CONTACT_EMAIL}?subject=Unsubscribe>"
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriber.unsubscribe_url.startswith(settings.SITE_URL + "/unsubscribe/")


def test_announcement_is_previewed_and_nothing_is_queued_before_send(client, organiser):
    seminar = SeminarFactory()
    SubscriberFactory()
    url = reverse("organising:announce", args=[seminar.pk])

    preview = client.post(url, {"message": "Bring a friend.", "preview": "1"})
    sent_without_preview = client.post(url, {"message": "Bring a friend.", "send": "1"})

    assert "Bring a friend." in text(preview)
    assert "[private link]" in text(preview)
    assert 'value="Send to 1 person"' in preview.content.decode()
    assert "[private link]" in text(sent_without_preview)  # shown the preview instead
    assert Email.objects.count() == 0


def test_announcement_is_queued_in_batches(client, organiser, monkeypatch):
    monkeypatch.setattr(subscriber_services, "BATCH_SIZE", 2)
    seminar = SeminarFactory()
    SubscriberFactory.create_batch(5)

    count = services.announce_seminar(seminar, message="", by=organiser)

    times = sorted(Email.objects.values_list("next_attempt_at", flat=True))
    assert count == 5
    assert len(set(times)) == 3
    assert times[2] - times[0] == subscriber_services.BATCH_GAP
    assert times[4] - times[0] == 2 * subscriber_services.BATCH_GAP


def test_notices_about_a_place_carry_no_list_unsubscribe(client, sent):
    seminar = SeminarFactory()
    services.register(seminar, name="Ann", email="ann@example.org", group="academic")

    [email] = sent()

    parsed = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe"] is None
    assert parsed["List-Unsubscribe-Post"] is None


def test_stop_link_in_old_emails_also_takes_the_address_off_the_mailing_list(client):
    registration = RegistrationFactory(email="keen@example.org")
    SubscriberFactory(email="KEEN@example.org")
    other = SubscriberFactory(email="other@example.org")
    url = reverse("registrations:stop-emails", kwargs={"token": registration.manage_token})

    client.post(url)

    assert list(Subscriber.objects.all()) == [other]


def test_export_of_the_mailing_list(client, organiser):
    SubscriberFactory(email="=cmd@example.org")
    SubscriberFactory(email="keen@example.org", keep_until=london(2030, 1, 5, 16))
    SubscriberFactory(email="pending@example.org", status=SubscriberStatus.PENDING)

    response = client.get(reverse("organising:opted-in"))

    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert body.startswith("\ufeff")  # Excel then reads UTF-8
    assert rows[0] == ["Email", "On the list since", "Kept until"]
    assert [row[0] for row in rows[1:]] == ["'=cmd@example.org", "keen@example.org"]
    assert [row[2] for row in rows[1:]] == [
        "Until they unsubscribe",
        "Saturday 5 January 2030, 16:00",
    ]


def test_staff_without_permission_cannot_email_or_export(client, django_user_model):
    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    client.force_login(staff)
    seminar = SeminarFactory()

    for name, args in (
        ("email-registered", [seminar.pk]),
        ("announce", [seminar.pk]),
        ("opted-in", []),
    ):
        assert client.get(reverse(f"organising:{name}", args=args)).status_code == 403


def test_reminder_goes_once_to_confirmed_places_inside_the_window(settings, sent):
    settings.REGISTRATION_REMINDER_DAYS = 3
    soon = seminar_starting_in(10 * DAY)
    later = seminar_starting_in(10 * DAY + datetime.timedelta(seconds=1))
    confirmed = RegistrationFactory(seminar=soon, email="yes@example.org")
    RegistrationFactory(seminar=soon, status=RegistrationStatus.WAITING)
    RegistrationFactory(seminar=soon, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(seminar=later)
    soon.refresh_from_db()
    now = soon.starts_at - 3 * DAY  # exactly three days before: inside the window

    first = services.send_reminders(now=now)
    second = services.send_reminders(now=now)

    assert (first, second) == (1, 0)
    [email] = sent()
    assert email.to == ["yes@example.org"]
    assert email.subject.startswith(f"Reminder: Seminar {soon.number} is on ")
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at == now


def test_no_reminders_for_a_cancelled_or_past_seminar(sent):
    cancelled = seminar_starting_in(DAY, status=SeminarStatus.CANCELLED)
    past = seminar_starting_in(-DAY)
    RegistrationFactory(seminar=cancelled)
    RegistrationFactory(seminar=past)

    assert services.send_reminders() == 0
    assert sent() == []


def test_send_reminders_command(capsys):
    RegistrationFactory(seminar=seminar_starting_in(DAY))

    call_command("send_reminders")

    assert capsys.readouterr().out == "Queued 1 reminder.\n"
