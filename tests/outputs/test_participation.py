import pytest
from django.utils import timezone

from organising.report import report
from outputs.participation import participation
from registrations.models import GroupCount, ParticipantGroup, RegistrationStatus
from tests.factories import RegistrationFactory
from tests.outputs.factories import PastSeminarFactory

pytestmark = pytest.mark.django_db


def report_counts(seminar, field):
    _, parts = report()
    part = next(p for p in parts if p.seminar == seminar)
    return {name: getattr(a, field) for name, a in part.attendance if getattr(a, field)}


def test_before_attendance_is_recorded_places_are_counted_as_the_report_counts_them():
    seminar = PastSeminarFactory()
    RegistrationFactory(
        seminar=seminar, group=ParticipantGroup.CARER, health_consent_at=timezone.now()
    )
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.ACADEMIC)
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.ACADEMIC)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    GroupCount.objects.create(
        seminar=seminar, group=ParticipantGroup.ACADEMIC, status="confirmed", registrations=4
    )

    result = participation(seminar)

    assert result.attended is False
    assert report_counts(seminar, "registered") == {"Carers": 1, "Academics and researchers": 6}
    # One carer would be singled out on a public page: small groups are counted together.
    assert dict(result.groups) == {"Academics and researchers": 6, "Other groups": 1}


def test_once_attendance_is_recorded_only_those_who_came_are_counted():
    seminar = PastSeminarFactory()
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.ACADEMIC, attended=True)
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.ACADEMIC, attended=False)
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.POLICY, attended=True)
    GroupCount.objects.create(
        seminar=seminar,
        group=ParticipantGroup.POLICY,
        status="confirmed",
        registrations=3,
        attended=2,
    )

    result = participation(seminar)

    assert result.attended is True
    assert report_counts(seminar, "attended") == {
        "Academics and researchers": 1,
        "Policy makers and commissioners": 3,
    }
    assert dict(result.groups) == {"Other groups": 4}
    assert result.total == 4


def test_nobody_with_a_place_gives_nothing_to_show():
    seminar = PastSeminarFactory()
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)

    assert participation(seminar) is None
