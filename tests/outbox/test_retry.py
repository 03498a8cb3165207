"""'Try again' writes a failed email afresh from today's data, or says why it must not go."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from bursaries import emails as bursary_emails
from common.models import AuditEntry
from outbox import services
from outbox.mail import queue_templated_email
from outbox.models import Email, EmailStatus
from registrations import emails
from registrations.models import Registration, RegistrationStatus
from seminars.models import Seminar
from subscribers import emails as subscriber_emails
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.factories.subscribers import SubscriberFactory
from tests.test_groups import organisers_group
from tests.utils import london, text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/outbox/email/"
OLD_DAY, NEW_DAY = london(2027, 3, 4, 10), london(2027, 3, 11, 10)


@pytest.fixture
def organiser_only(client, django_user_model):
    user = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return user


def fail_all():
    """The provider refused everything queued so far, for good."""
    Email.objects.update(status=EmailStatus.FAILED, attempts=8, last_error="SMTPDataError")


def a_failed_confirmation():
    seminar = SeminarFactory(starts_at=OLD_DAY)
    registration = RegistrationFactory(seminar=seminar)
    emails.queue_place_confirmed(registration)
    fail_all()
    return registration, Email.objects.get()


def move(seminar, starts_at):
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=6)
    )


def test_trying_again_says_the_seminars_new_date_with_its_calendar_and_the_same_message_id(
    organiser_only, sent
):
    registration, email = a_failed_confirmation()
    message_id = email.headers["Message-ID"]
    assert "4 March 2027" in email.body_text
    move(registration.seminar, NEW_DAY)

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert (retried.requeued, retried.refused) == (1, {})
    assert message.to == [registration.email]
    assert message.extra_headers["Message-ID"] == message_id
    assert "11 March 2027" in message.body
    assert "4 March 2027" not in message.body
    [calendar] = [
        part.get_payload(decode=True).decode()
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert "20270311" in calendar
    assert "20270304" not in calendar
    email.refresh_from_db()
    assert (email.status, email.headers["Message-ID"]) == (EmailStatus.SENT, message_id)


def test_trying_again_sends_todays_private_link_never_the_old_one(organiser_only, sent):
    registration, _ = a_failed_confirmation()
    old_token = registration.manage_token
    Registration.objects.filter(pk=registration.pk).update(manage_token="n" * 43)

    services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert "n" * 43 in message.body
    assert old_token not in message.body
    assert old_token not in str(message.message())


def test_an_email_to_an_address_the_person_no_longer_has_is_not_sent_again(
    client, organiser_only, sent
):
    registration, email = a_failed_confirmation()
    Registration.objects.filter(pk=registration.pk).update(email="new@example.org")

    response = client.post(
        CHANGELIST, {"action": "try_again", "_selected_action": [email.pk]}, follow=True
    )

    assert "1 email: Not sent again: this address is no longer the one we have" in text(response)
    assert "Put 1 email back in the queue" not in text(response)
    assert sent() == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 8)
    assert email.last_error.startswith("Not sent again: this address is no longer")
    assert registration.manage_token not in email.last_error
    assert not AuditEntry.objects.exists()


def test_news_that_is_no_longer_true_is_not_sent_again(client, organiser_only, sent):
    registration, email = a_failed_confirmation()
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)

    response = client.post(f"{CHANGELIST}{email.pk}/try-again/", follow=True)

    assert "Not sent again: the place is no longer confirmed." in text(response)
    assert sent() == []
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.last_error == "Not sent again: the place is no longer confirmed."
    assert "Not sent again: the place is no longer confirmed." in text(
        client.get(f"{CHANGELIST}{email.pk}/change/")
    )


def test_an_email_about_something_deleted_since_is_not_sent_again(organiser_only, sent):
    registration, _ = a_failed_confirmation()
    Registration.objects.filter(pk=registration.pk).delete()

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)

    assert retried.requeued == 0
    assert retried.refused == {"Not sent again: what it was about has been deleted since.": 1}
    assert sent() == []
    assert Email.objects.get().status == EmailStatus.FAILED


def test_an_old_stored_email_with_a_private_link_is_not_sent_again(organiser_only, sent):
    registration = RegistrationFactory()
    queue_templated_email(
        "registrations/emails/place_confirmed",
        to=[registration.email],
        context={
            "registration": registration,
            "seminar": registration.seminar,
            "manage_url": registration.manage_url,
        },
    )
    fail_all()

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)

    [reason] = retried.refused
    assert reason.startswith("Not sent again: it holds a private link from when it was written")
    assert sent() == []
    assert Email.objects.get().status == EmailStatus.FAILED


def test_an_old_stored_email_without_a_private_link_goes_again_as_it_was(organiser_only, sent):
    registration = RegistrationFactory()
    queue_templated_email(
        "registrations/emails/place_confirmed",
        to=[registration.email],
        context={
            "registration": registration,
            "seminar": registration.seminar,
            "manage_url": "(no link)",
        },
    )
    fail_all()
    stored = Email.objects.get().body_text

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert retried.requeued == 1
    assert message.body == stored


def test_a_mailing_list_email_tried_again_keeps_its_message_id_and_one_click_unsubscribe(
    organiser_only, sent
):
    subscriber = SubscriberFactory()
    subscriber_emails.queue_announcement(SeminarFactory(), [subscriber], message="Come along")
    fail_all()
    before = Email.objects.get().headers

    services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert message.extra_headers["Message-ID"] == before["Message-ID"]
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{subscriber.unsubscribe_url}>")
    assert "Come along" in message.body


def test_a_mailing_list_email_to_someone_who_left_the_list_is_not_sent_again(organiser_only, sent):
    subscriber = SubscriberFactory()
    subscriber_emails.queue_registration_open(SeminarFactory(), [subscriber])
    fail_all()
    subscriber.delete()

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)

    assert retried.refused == {"Not sent again: what it was about has been deleted since.": 1}
    assert sent() == []


def test_the_panel_tries_a_bursary_email_again_from_todays_application(
    client, django_user_model, sent
):
    from tests.bursaries.conftest import panel_group

    member = django_user_model.objects.create_user("panel", password="pw", is_staff=True)
    member.groups.add(panel_group())
    client.force_login(member)
    application = BursaryApplicationFactory(name="Old Name")
    bursary_emails.queue_application_received(application)
    fail_all()
    email = Email.objects.get()
    type(application).objects.filter(pk=application.pk).update(name="New Name")

    response = client.post(f"{CHANGELIST}{email.pk}/try-again/", follow=True)
    [message] = sent()

    assert "Put 1 email back in the queue" in text(response)
    assert message.to == [application.email]
    assert "New Name" in message.body
    assert "Old Name" not in message.body


def test_an_organiser_cannot_try_a_bursary_email_again(client, organiser_only, sent):
    application = BursaryApplicationFactory()
    bursary_emails.queue_application_received(application)
    fail_all()
    email = Email.objects.get()

    by_button = client.post(f"{CHANGELIST}{email.pk}/try-again/")
    client.post(CHANGELIST, {"action": "try_again", "_selected_action": [email.pk]})

    assert by_button.status_code == 404
    assert sent() == []
    assert mail.outbox == []
    assert Email.objects.get().status == EmailStatus.FAILED
    assert not AuditEntry.objects.exists()


def test_a_seminar_change_email_is_written_again_with_what_changed(organiser_only, sent):
    from registrations.services import mailings

    registration = RegistrationFactory(seminar=SeminarFactory(starts_at=OLD_DAY))
    mailings.notify_registrants(
        registration.seminar, reason="moved", message="Sorry.", by=None, changed=["date"]
    )
    fail_all()
    move(registration.seminar, NEW_DAY)

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert retried.requeued == 1
    assert "11 March 2027" in message.body
    assert "Sorry." in message.body


def test_a_thanks_email_is_written_again_with_its_certificate_only_for_someone_who_came(
    organiser_only, sent
):
    from certificates import emails as certificate_emails
    from tests.certificates.conftest import past_seminar

    completed = past_seminar(attendance_completed_at=timezone.now())
    came = RegistrationFactory(seminar=completed, attended=True)
    corrected = RegistrationFactory(seminar=completed, attended=True)
    certificate_emails.queue_thanks([came, corrected])
    fail_all()
    Registration.objects.filter(pk=corrected.pk).update(attended=False)

    retried = services.retry_failed(Email.objects.all(), by=organiser_only)
    [message] = sent()

    assert retried.requeued == 1
    assert retried.refused == {"Not sent again: they are no longer recorded as attending.": 1}
    assert message.to == [came.email]
    [(content, mimetype)] = [
        (part.get_payload(decode=True), part.get_content_type())
        for part in message.message().walk()
        if part.get_filename()
    ]
    assert (mimetype, content[:5]) == ("application/pdf", b"%PDF-")


def test_an_email_of_a_kind_no_longer_written_is_not_sent_again(organiser, sent):
    registration = RegistrationFactory()
    Email.objects.create(
        kind="nowhere/made_up",
        to=registration.email,
        subject="s",
        body_text="b",
        status=EmailStatus.FAILED,
        render={
            "template": "nowhere/emails/made_up",
            "about": {"registration": ["registrations.registration", registration.pk]},
            "values": {},
        },
    )

    retried = services.retry_failed(Email.objects.all(), by=organiser)

    assert retried.refused == {"Not sent again: this kind of email is no longer written.": 1}
    assert sent() == []


# Waiting in the queue is no different: the worker asks, just before sending, whether the news is
# still true, and an address the person has left gets nothing more.


def test_a_queued_thanks_email_is_not_sent_after_attendance_is_corrected(organiser, sent):
    from certificates import emails as certificate_emails
    from registrations import services as registration_services
    from tests.certificates.conftest import past_seminar

    completed = past_seminar(attendance_completed_at=timezone.now())
    came, stays = RegistrationFactory.create_batch(2, seminar=completed, attended=True)
    certificate_emails.queue_thanks([came, stays])

    registration_services.correct_attendance(came, attended=False, by=organiser, reason="Not me")
    delivered = sent()

    assert [message.to for message in delivered] == [[stays.email]]
    email = Email.objects.get(to=came.email)
    assert email.status == EmailStatus.FAILED
    assert email.last_error == "Not sent: they are no longer recorded as attending."


def test_queued_emails_to_an_address_the_person_left_are_not_sent(organiser, sent):
    from registrations import services as registration_services
    from registrations.models import EmailChangeReason

    registration = RegistrationFactory(email="old@example.org")
    emails.queue_place_confirmed(registration)

    registration_services.change_email(
        registration, email="new@example.org", reason=EmailChangeReason.TYPO, by=organiser
    )
    delivered = sent()

    registration.refresh_from_db()
    assert [message.to for message in delivered] == [["new@example.org"]]
    assert registration.manage_token in delivered[0].body  # the new link, at the new address
    old = Email.objects.get(to="old@example.org")
    assert (old.status, old.last_error) == (EmailStatus.FAILED, services.ADDRESS_LEFT)
