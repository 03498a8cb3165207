import datetime
from email import message_from_bytes, policy

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from certificates import services
from certificates.models import FollowUp
from common.models import AuditEntry
from outbox.models import Email
from registrations import services as registration_services
from registrations.models import RegistrationStatus
from tests.certificates.conftest import past_seminar, pdf_text
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(seminar):
    """One of each: came, did not come, not recorded, cancelled, waiting; and one who came
    but has no email address (registered by an organiser)."""
    make = RegistrationFactory
    return {
        "came": make(
            seminar=seminar, name="Siân Ó Dálaigh", email="came@example.org", attended=True
        ),
        "no_show": make(seminar=seminar, email="no-show@example.org", attended=False),
        "unrecorded": make(seminar=seminar, email="unrecorded@example.org"),
        "cancelled": make(
            seminar=seminar, email="cancelled@example.org", status=RegistrationStatus.CANCELLED
        ),
        "waiting": make(
            seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITING
        ),
        "came_without_email": make(seminar=seminar, email="", attended=True),
    }


def parsed(message):
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_follow_up_thanks_attendees_with_a_certificate_and_misses_the_others(
    seminar, people, organiser, principal_investigator, sent
):
    follow_up = services.mark_attendance_complete(seminar, by=organiser)

    messages = {message.to[0]: message for message in sent()}
    assert sorted(messages) == [
        "came@example.org",
        "no-show@example.org",
        "unrecorded@example.org",
    ]
    thanks = messages["came@example.org"]
    assert thanks.subject == f"Thank you for coming to Seminar {seminar.number}: your certificate"
    assert "Dear Siân Ó Dálaigh," in thanks.body
    came = people["came"]
    assert f"/registrations/{came.manage_token}/materials/" in thanks.body
    assert came.manage_url in thanks.body
    assert "in a short anonymous form, what you thought of the seminar" in " ".join(
        thanks.body.split()
    )
    assert seminar.get_absolute_url() in thanks.body
    [certificate] = [p for p in parsed(thanks).walk() if p.get_filename()]
    assert certificate.get_filename() == f"certificate-seminar-{seminar.number}.pdf"
    assert certificate.get_content_type() == "application/pdf"
    words = pdf_text(certificate.get_payload(decode=True))
    assert "This certifies that Siân Ó Dálaigh attended" in words
    assert "Pamela Fisher" in words
    for address in ("no-show@example.org", "unrecorded@example.org"):
        sorry = messages[address]
        assert sorry.subject == f"Sorry we missed you at Seminar {seminar.number}"
        assert "/materials/" in sorry.body
        assert sorry.attachments == []
    assert (follow_up.thanked, follow_up.missed, follow_up.sent_by) == (1, 2, organiser)
    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is not None
    assert AuditEntry.objects.filter(action="attendance marked complete").count() == 1


def test_follow_up_runs_once_however_often_it_is_asked(seminar, people, organiser, sent):
    services.mark_attendance_complete(seminar, by=organiser)
    first = len(sent())

    again = services.send_follow_up(seminar)
    due = services.send_due_follow_ups()
    call_command("send_follow_ups", stdout=None)

    assert first == 3
    assert again is None
    assert due == []
    assert len(sent()) == 3
    assert Email.objects.count() == 3
    assert FollowUp.objects.count() == 1


def test_marking_twice_is_refused_and_sends_nothing_more(seminar, people, organiser):
    services.mark_attendance_complete(seminar, by=organiser)
    seminar.refresh_from_db()
    completed = seminar.attendance_completed_at

    with pytest.raises(services.CertificateError, match="already marked as complete"):
        services.mark_attendance_complete(seminar, by=organiser)

    seminar.refresh_from_db()
    assert seminar.attendance_completed_at == completed
    assert Email.objects.count() == 3


def test_marking_before_the_seminar_is_refused_and_changes_nothing(organiser):
    seminar = past_seminar(starts_at=timezone.now() + datetime.timedelta(days=5))
    RegistrationFactory(seminar=seminar, attended=True)

    with pytest.raises(services.CertificateError, match="has not happened yet"):
        services.mark_attendance_complete(seminar, by=organiser)

    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is None
    assert not FollowUp.objects.exists()
    assert not Email.objects.exists()


@pytest.mark.parametrize("missing", [{"cpd_hours": None}, {"learning": "  "}])
def test_marking_without_hours_or_learning_is_refused_and_changes_nothing(organiser, missing):
    seminar = past_seminar(**missing)
    RegistrationFactory(seminar=seminar, attended=True)

    with pytest.raises(services.CertificateError, match="Give the CPD hours and what was covered"):
        services.mark_attendance_complete(seminar, by=organiser)

    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is None
    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_rolled_back_marking_leaves_no_follow_up_and_no_email(seminar, people, organiser):
    def marking_that_fails():
        with transaction.atomic():
            services.mark_attendance_complete(seminar, by=organiser)
            raise RuntimeError("the request failed after marking")

    with pytest.raises(RuntimeError):
        marking_that_fails()

    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is None
    assert not FollowUp.objects.exists()
    assert not Email.objects.exists()


def test_scheduled_command_sends_for_complete_seminars_only_once(people, seminar, sent):
    """attendance_completed_at set without the follow-up (an older release, or a failure
    between): the scheduled job sends it."""
    seminar.attendance_completed_at = timezone.now()
    seminar.save(update_fields=["attendance_completed_at"])
    not_complete = past_seminar()
    RegistrationFactory(seminar=not_complete, attended=True, email="other@example.org")

    call_command("send_follow_ups", stdout=None)
    call_command("send_follow_ups", stdout=None)

    assert sorted(m.to[0] for m in sent()) == [
        "came@example.org",
        "no-show@example.org",
        "unrecorded@example.org",
    ]
    follow_up = FollowUp.objects.get()
    assert (follow_up.seminar, follow_up.sent_by) == (seminar, None)


def test_follow_up_is_not_sent_before_attendance_is_complete(seminar, people):
    assert services.send_follow_up(seminar) is None
    assert services.send_due_follow_ups() == []
    assert not Email.objects.exists()


def test_certificate_follows_a_name_corrected_by_an_organiser(completed, organiser):
    registration = RegistrationFactory(seminar=completed, name="Sian O Dalaigh", attended=True)
    before = pdf_text(services.certificate_for(registration))

    registration_services.correct_details(registration, by=organiser, name="Siân Ó Dálaigh")
    registration.refresh_from_db()

    after = pdf_text(services.certificate_for(registration))
    assert "Sian O Dalaigh" in before
    assert "Siân Ó Dálaigh" in after
    assert "Sian O Dalaigh" not in after


@pytest.mark.parametrize("attended", [False, None])
def test_no_certificate_for_anyone_not_marked_as_attended(seminar, attended):
    registration = RegistrationFactory(seminar=seminar, attended=attended)

    with pytest.raises(services.CertificateError):
        services.certificate_for(registration)


def test_retention_deletes_registrations_whose_follow_up_went(seminar, people, organiser):
    services.mark_attendance_complete(seminar, by=organiser)

    registration_services.apply_retention(now=timezone.now() + datetime.timedelta(days=400))

    assert not seminar.registrations.exists()
    assert FollowUp.objects.get().thanked == 1
