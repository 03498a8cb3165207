import datetime

import pytest
from django.utils import timezone

from common.models import AuditEntry
from registrations import services
from registrations.models import GroupCount, Registration
from tests.factories import RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def seminar_starting_in(delta, **kwargs):
    start = timezone.now().replace(microsecond=0) + delta
    return SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
        **kwargs,
    )


@pytest.fixture
def old_seminar(settings):
    settings.REGISTRATION_DETAILS_KEEP_MONTHS = 3
    settings.REGISTRATION_KEEP_MONTHS = 12
    return seminar_starting_in(-100 * DAY)


def test_retention_removes_details_keeps_counts_and_is_safe_twice(old_seminar):
    RegistrationFactory(
        seminar=old_seminar,
        group="carer",
        access_requirements="Hearing loop",
        dietary_requirements="Vegan",
        health_consent_at=timezone.now(),
        attended=True,
    )
    RegistrationFactory(seminar=old_seminar, group="carer", health_consent_at=timezone.now())
    RegistrationFactory(seminar=old_seminar, group="academic", status="cancelled")
    recent = RegistrationFactory(
        seminar=seminar_starting_in(-30 * DAY),
        group="carer",
        health_consent_at=timezone.now(),
        dietary_requirements="Halal",
    )

    first = services.apply_retention()
    counts_after_first = list(
        GroupCount.objects.values_list(
            "group",
            "status",
            "registrations",
            "attended",
            "with_access_requirements",
            "with_dietary_requirements",
        ).order_by("group")
    )
    second = services.apply_retention()

    assert first == (3, 0)
    assert second == (0, 0)
    assert counts_after_first == [
        ("academic", "cancelled", 1, 0, 0, 0),
        ("carer", "confirmed", 2, 1, 1, 1),
    ]
    assert list(GroupCount.objects.values_list("registrations", flat=True).order_by("group")) == [
        1,
        2,
    ]
    redacted = Registration.objects.filter(seminar=old_seminar)
    assert set(redacted.values_list("group", "access_requirements", "dietary_requirements")) == {
        ("", "", "")
    }
    assert set(redacted.values_list("name", flat=True)) != {""}  # names stay until deletion
    recent.refresh_from_db()
    assert (recent.group, recent.dietary_requirements) == ("carer", "Halal")


def test_retention_deletes_whole_registrations_after_a_year_keeping_counts(
    settings, django_user_model
):
    settings.REGISTRATION_DETAILS_KEEP_MONTHS = 3
    settings.REGISTRATION_KEEP_MONTHS = 12
    ancient = seminar_starting_in(-400 * DAY)
    first, *_ = RegistrationFactory.create_batch(3, seminar=ancient, group="student")
    kept = RegistrationFactory()
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    for registration in (first, kept):
        services.mark_attendance(
            registration, attended=True, by=organiser, now=registration.seminar.starts_at
        )

    redacted, deleted = services.apply_retention()

    assert (redacted, deleted) == (3, 3)
    assert not Registration.objects.filter(seminar=ancient).exists()
    assert GroupCount.objects.get(seminar=ancient).registrations == 3
    assert list(AuditEntry.objects.values_list("object_id", flat=True)) == [kept.pk]


def test_retention_edge_is_three_months_after_the_seminars_end(settings):
    settings.REGISTRATION_DETAILS_KEEP_MONTHS = 3
    ends = datetime.datetime(2025, 1, 15, 16, 0, tzinfo=datetime.UTC)
    seminar = SeminarFactory(
        starts_at=ends - datetime.timedelta(hours=6),
        ends_at=ends,
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
    )
    registration = RegistrationFactory(seminar=seminar, dietary_requirements="Vegan")
    # 16:00 UK time three months on, now in summer time: 15:00 UTC.
    three_months_later = datetime.datetime(2025, 4, 15, 15, 0, tzinfo=datetime.UTC)

    at_edge = services.apply_retention(now=three_months_later)
    after_edge = services.apply_retention(now=three_months_later + datetime.timedelta(seconds=1))

    assert at_edge == (0, 0)
    assert after_edge == (1, 0)
    registration.refresh_from_db()
    assert registration.dietary_requirements == ""
