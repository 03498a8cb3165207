"""Migrations that move data between apps, run forward and back on a real database."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.utils import london

# Before each app's part of a seminar moved out of the seminar's row (seminars 0012).
BEFORE_PARTS = [
    ("seminars", "0011_check_in_margin"),
    ("bursaries", "0011_ended_holds_hidden"),
    ("certificates", "0004_organisers_register"),
]
AFTER_PARTS = [
    ("seminars", "0012_parts_move_to_their_apps"),
    ("bursaries", "0013_seminar_bursaries_from_seminars"),
    ("certificates", "0006_seminar_certificate_from_seminars"),
]


def migrate(targets):
    """Migrate to `targets` and return the apps (historical models) as they stand there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrator():
    """Leaves the database fully migrated afterwards, whatever the test did."""
    yield migrate
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def seminar_rows(apps):
    Seminar = apps.get_model("seminars", "Seminar")
    return {
        seminar.number: {
            "bursary_deadline": seminar.bursary_deadline,
            "bursary_decisions_by": seminar.bursary_decisions_by,
            "bursary_rolling_decisions": seminar.bursary_rolling_decisions,
            "bursaries_per_group": seminar.bursaries_per_group,
            "bursary_max_award": seminar.bursary_max_award,
            "bursary_note": seminar.bursary_note,
            "bursary_blind_review": seminar.bursary_blind_review,
            "cpd_hours": seminar.cpd_hours,
            "learning": seminar.learning,
            "attendance_completed_at": seminar.attendance_completed_at,
        }
        for seminar in Seminar.objects.all()
    }


@pytest.mark.django_db(transaction=True)
def test_bursary_and_certificate_settings_move_to_their_apps_and_back(migrator):
    apps = migrator(BEFORE_PARTS)
    Seminar = apps.get_model("seminars", "Seminar")
    with_bursaries = Seminar.objects.create(
        number=1,
        title="With bursaries",
        slug="with-bursaries",
        status="published",
        starts_at=london(2030, 3, 5, 10),
        ends_at=london(2030, 3, 5, 16),
        bursary_deadline=london(2030, 2, 1),
        bursary_decisions_by=datetime.date(2030, 2, 8),
        bursary_rolling_decisions=True,
        bursaries_per_group=3,
        bursary_max_award=Decimal("250.00"),
        bursary_note="A 10-minute walk from the station.",
        bursary_blind_review=True,
    )
    completed = Seminar.objects.create(
        number=2,
        title="Completed",
        slug="completed",
        status="published",
        starts_at=london(2016, 1, 5, 10),
        ends_at=london(2016, 1, 5, 16),
        cpd_hours=Decimal("5.5"),
        learning="Co-design and co-evaluation.",
        attendance_completed_at=london(2016, 1, 7, 12),
    )
    before = seminar_rows(apps)

    apps = migrator(AFTER_PARTS)

    bursaries = {
        row.seminar_id: row for row in apps.get_model("bursaries", "SeminarBursaries").objects.all()
    }
    assert set(bursaries) == {with_bursaries.pk, completed.pk}
    moved = bursaries[with_bursaries.pk]
    assert (
        moved.deadline,
        moved.decisions_by,
        moved.rolling_decisions,
        moved.per_group,
        moved.max_award,
        moved.note,
        moved.blind_review,
    ) == (
        london(2030, 2, 1),
        datetime.date(2030, 2, 8),
        True,
        3,
        Decimal("250.00"),
        "A 10-minute walk from the station.",
        True,
    )
    assert (bursaries[completed.pk].deadline, bursaries[completed.pk].per_group) == (None, 5)
    certificates = apps.get_model("certificates", "SeminarCertificate").objects.all()
    assert [(row.seminar_id, row.cpd_hours, row.learning) for row in certificates] == [
        (completed.pk, Decimal("5.5"), "Co-design and co-evaluation.")
    ]
    Seminar = apps.get_model("seminars", "Seminar")
    assert Seminar.objects.get(pk=completed.pk).attendance_completed_at == london(2016, 1, 7, 12)
    assert not hasattr(Seminar.objects.get(pk=completed.pk), "cpd_hours")

    apps = migrator(BEFORE_PARTS)

    assert seminar_rows(apps) == before
