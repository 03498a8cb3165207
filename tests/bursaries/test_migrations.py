"""The move of StatusChange into the one log (bursaries 0015 and 0016), forward and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bursaries.queries import status_moves
from tests.factories import BursaryApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("bursaries", "0014_organisers_seminar_bursaries")]
AFTER = [("bursaries", "0016_status_change_gone")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_status_changes_move_into_the_log_with_their_times_and_who(old_apps, django_user_model):
    member = django_user_model.objects.create_user("decider")
    application = BursaryApplicationFactory(status="not_offered")
    other = BursaryApplicationFactory(status="withdrawn")
    StatusChange = old_apps.get_model("bursaries", "StatusChange")
    at = datetime.datetime(2015, 11, 20, 12, tzinfo=datetime.UTC)
    StatusChange.objects.create(
        application_id=application.pk,
        from_status="submitted",
        to_status="reserve",
        by_id=member.pk,
        at=at,
    )
    StatusChange.objects.create(
        application_id=application.pk,
        from_status="reserve",
        to_status="not_offered",
        by_id=member.pk,
        at=at + datetime.timedelta(days=1),
    )
    StatusChange.objects.create(
        application_id=other.pk, from_status="submitted", to_status="withdrawn", by_id=None, at=at
    )

    migrate(AFTER)

    assert [
        (entry.action, entry.data, entry.by, entry.at) for entry in status_moves(application)
    ] == [
        ("Submitted to On the reserve list", {"from": "submitted", "to": "reserve"}, member, at),
        (
            "On the reserve list to Not offered",
            {"from": "reserve", "to": "not_offered"},
            member,
            at + datetime.timedelta(days=1),
        ),
    ]
    [withdrawn] = status_moves(other)
    assert (withdrawn.action, withdrawn.by, withdrawn.at) == ("Submitted to Withdrawn", None, at)


def test_status_moves_go_back_to_status_changes(old_apps, django_user_model):
    member = django_user_model.objects.create_user("decider")
    application = BursaryApplicationFactory(status="reserve")
    at = datetime.datetime(2015, 11, 20, 12, tzinfo=datetime.UTC)
    old_apps.get_model("bursaries", "StatusChange").objects.create(
        application_id=application.pk,
        from_status="submitted",
        to_status="reserve",
        by_id=member.pk,
        at=at,
    )
    migrate(AFTER)

    apps = migrate(BEFORE)

    changes = apps.get_model("bursaries", "StatusChange").objects.values_list(
        "application_id", "from_status", "to_status", "by_id", "at"
    )
    assert list(changes) == [(application.pk, "submitted", "reserve", member.pk, at)]
    assert not status_moves().exists()
