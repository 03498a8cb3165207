import pytest
from django.utils import timezone

from organising.report import report
from outputs.participation import participation
from registrations.models import GroupCount, ParticipantGroup, RegistrationStatus
from tests.factories import RegistrationFactory
from tests.factories.outputs import PastSeminarFactory

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
    # One carer would be singled out on a public page, and so would "Other groups: 1": with
    # no group of five to show beside the rest, only the headcount is given.
    assert result.groups == []
    assert result.total == 7


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
    assert result.groups == []
    assert result.total == 4


def test_nobody_with_a_place_gives_nothing_to_show():
    seminar = PastSeminarFactory()
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)

    assert participation(seminar) is None


def attended(seminar, group, n):
    RegistrationFactory.create_batch(
        n, seminar=seminar, group=group, attended=True, health_consent_at=timezone.now()
    )


def test_groups_of_five_are_named_and_the_rest_counted_together_only_when_five_or_more():
    seminar = PastSeminarFactory()
    attended(seminar, ParticipantGroup.ACADEMIC, 5)
    attended(seminar, ParticipantGroup.PRACTITIONER, 6)
    attended(seminar, ParticipantGroup.CARER, 3)
    attended(seminar, ParticipantGroup.SERVICE_USER, 2)

    result = participation(seminar)

    assert result.groups == [
        ("Practitioners in public services", 6),
        ("Academics and researchers", 5),
        ("Other groups", 5),
    ]
    assert result.total == 16


def test_a_group_of_four_is_never_named_and_a_rest_of_four_is_never_shown():
    seminar = PastSeminarFactory()
    attended(seminar, ParticipantGroup.ACADEMIC, 4)
    attended(seminar, ParticipantGroup.PRACTITIONER, 6)

    result = participation(seminar)

    # "Other groups 4" beside "Practitioners 6" would show four people's group by another
    # name: the practitioners join the rest, and only the headcount remains.
    assert result.groups == []
    assert result.total == 10
    assert result.small_groups  # the page says why no group is shown


def test_the_page_says_why_only_when_some_group_is_not_shown():
    seminar = PastSeminarFactory()
    attended(seminar, ParticipantGroup.ACADEMIC, 5)
    attended(seminar, ParticipantGroup.PRACTITIONER, 6)

    assert not participation(seminar).small_groups

    attended(seminar, ParticipantGroup.CARER, 6)
    attended(seminar, ParticipantGroup.SERVICE_USER, 1)

    result = participation(seminar)
    assert result.small_groups
    assert ("Other groups", 6) in result.groups  # academics 5, one service user


def test_a_rest_of_four_takes_the_smallest_named_group_with_it():
    seminar = PastSeminarFactory()
    attended(seminar, ParticipantGroup.CARER, 4)
    attended(seminar, ParticipantGroup.PRACTITIONER, 7)
    attended(seminar, ParticipantGroup.ACADEMIC, 5)

    result = participation(seminar)

    assert result.groups == [("Practitioners in public services", 7), ("Other groups", 9)]
