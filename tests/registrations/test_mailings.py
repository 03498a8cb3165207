"""Emails besides those a change sends: reminders, organisers' emails to everyone registered,
announcements to the future-seminars list, and the link that stops them."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from outbox.models import Email
from registrations import services
from registrations.models import Registration, RegistrationStatus
from seminars.models import SeminarStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.registrations.test_retention import DAY, seminar_starting_in
from tests.utils import text

pytestmark = pytest.mark.django_db


def test_email_everyone_registered_is_previewed_before_it_can_be_sent(client, organiser, sent):
    seminar = SeminarFactory()
    ann = RegistrationFactory(seminar=seminar, name="Ann Confirmed", email="ann@example.org")
    waiting = RegistrationFactory(seminar=seminar, email="wait@example.org", status="waiting")
    RegistrationFactory(seminar=seminar, email="gone@example.org", status="cancelled")
    url = reverse("admin:registrations_registration_email_registered", args=[seminar.pk])
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

    sent_page = client.post(url, {**data, "send": "1", "previewed": "yes"}, follow=True)

    assert "Queued 2 email(s)." in text(sent_page)
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
    url = reverse("admin:registrations_registration_email_registered", args=[seminar.pk])

    client.post(url, {"reason": "moved", "message": "", "send": "1", "previewed": "yes"})

    [email] = sent()
    assert email.subject.startswith("Changed date or venue:")
    assert [part.get_filename() for part in email.attachments] == [f"seminar-{seminar.number}.ics"]


def test_announcement_goes_once_per_opted_in_address_with_a_stop_link(client, organiser, sent):
    old = SeminarFactory()
    new = SeminarFactory(title="Power-sharing within coercive environments")
    RegistrationFactory(seminar=old, email="Keen@example.org", future_seminars=True)
    RegistrationFactory(email="keen@example.org", future_seminars=True)
    RegistrationFactory(seminar=old, email="quiet@example.org", future_seminars=False)
    RegistrationFactory(seminar=old, email="already@example.org", future_seminars=True)
    RegistrationFactory(seminar=new, email="already@example.org")
    url = reverse("admin:registrations_registration_announce", args=[new.pk])

    client.post(url, {"message": "", "send": "1", "previewed": "yes"})

    [email] = sent()
    assert email.to == ["keen@example.org"]
    assert email.subject == f"New seminar: Seminar {new.number}, {new.title}"
    stop_link = re.search(r"http\S+/stop-emails/", email.body).group(0)
    assert "To stop these emails, use this link:" in email.body
    assert stop_link.startswith("http://127.0.0.1:8000/registrations/")


def test_stop_link_asks_first_then_stops_for_every_registration_of_that_address(client):
    first = RegistrationFactory(email="keen@example.org", future_seminars=True)
    RegistrationFactory(email="KEEN@example.org", future_seminars=True)
    other = RegistrationFactory(email="other@example.org", future_seminars=True)
    url = reverse("registrations:stop-emails", kwargs={"token": first.manage_token})

    asked = client.get(url)
    still_subscribed = Registration.objects.filter(future_seminars=True).count()
    stopped = client.post(url)

    assert "Stop emails about future seminars?" in text(asked)
    assert still_subscribed == 3
    assert "You will not get these emails any more" in text(stopped)
    assert list(Registration.objects.filter(future_seminars=True)) == [other]


def test_export_of_the_future_seminars_list(client, organiser):
    RegistrationFactory(
        email="keen@example.org", future_seminars=True, status=RegistrationStatus.CANCELLED
    )
    newest = RegistrationFactory(
        name="=cmd|' /C calc'!A0", email="keen@example.org", future_seminars=True
    )
    RegistrationFactory(email="quiet@example.org")

    response = client.get(reverse("admin:registrations_registration_opted_in"))

    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert body.startswith("\ufeff")  # Excel then reads UTF-8
    assert rows[0] == ["Name", "Email", "Last registered for", "Registered"]
    assert [row[1] for row in rows[1:]] == ["keen@example.org"]
    assert rows[1][0].startswith("'=")
    assert rows[1][2] == f"Seminar {newest.seminar.number}: {newest.seminar.title}"


def test_staff_without_permission_cannot_email_or_export(client, django_user_model):
    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    client.force_login(staff)
    seminar = SeminarFactory()

    for name, args in (
        ("email_registered", [seminar.pk]),
        ("announce", [seminar.pk]),
        ("opted_in", []),
    ):
        assert (
            client.get(reverse(f"admin:registrations_registration_{name}", args=args)).status_code
            == 403
        )


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

    assert capsys.readouterr().out == "Queued 1 reminder(s).\n"
