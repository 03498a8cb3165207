"""First downloads at once, against PostgreSQL: one register row, one code, no error.

Without the lock on the registration, two requests could both find no row and the second
would fail on the one-certificate-per-registration constraint (a 500 for the person)."""

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import FollowUp, IssuedCertificate
from outbox.models import Email
from tests.certificates.conftest import past_seminar
from tests.factories import RegistrationFactory
from tests.registrations.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_first_downloads_at_once_record_one_certificate():
    seminar = past_seminar(attendance_completed_at=timezone.now())
    registration = RegistrationFactory(seminar=seminar, attended=True)

    errors = run_at_once([lambda: services.certificate_for(registration) for _ in range(10)])

    assert errors == []
    assert IssuedCertificate.objects.filter(registration=registration).count() == 1


def test_the_follow_up_and_first_downloads_at_once_record_each_certificate_once():
    """The follow-up locks the attendees before it looks for their certificates: a download
    in flight either records its certificate first (and the follow-up leaves it be) or waits
    for the follow-up's, never a second row and a failed follow-up."""
    seminar = past_seminar(attendance_completed_at=timezone.now())
    came = RegistrationFactory.create_batch(4, seminar=seminar, attended=True)

    errors = run_at_once(
        [services.send_due_follow_ups]
        + [lambda registration=r: services.certificate_for(registration) for r in came]
    )

    assert errors == []
    assert FollowUp.objects.get(seminar=seminar).thanked == 4
    assert sorted(IssuedCertificate.objects.values_list("registration_id", flat=True)) == sorted(
        r.pk for r in came
    )
    assert Email.objects.count() == 4
