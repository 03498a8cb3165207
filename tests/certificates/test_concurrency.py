"""First downloads at once, against PostgreSQL: one register row, one code, no error.

Without the lock on the registration, two requests could both find no row and the second
would fail on the one-certificate-per-registration constraint (a 500 for the person)."""

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import IssuedCertificate
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
