"""Recordings kept before outputs 0003 become for the people registered, and the database then
refuses a recording for everyone."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.factories.outputs import PastSeminarFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("outputs", "0002_organisers_permissions")]
AFTER = [("outputs", "0003_recordings_for_registrants")]


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


def test_recordings_for_everyone_become_for_the_people_registered(old_apps):
    seminar = PastSeminarFactory()
    Material = old_apps.get_model("outputs", "Material")
    made = {
        kind: Material.objects.create(
            seminar_id=seminar.pk,
            title=kind,
            kind=kind,
            url="https://video.example.org/watch/1",
            audience="public",
            status="hidden",
        ).pk
        for kind in ("recording", "slides")
    }

    apps = migrate(AFTER)

    Material = apps.get_model("outputs", "Material")
    assert Material.objects.get(pk=made["recording"]).audience == "registered"
    assert Material.objects.get(pk=made["slides"]).audience == "public"
    with pytest.raises(IntegrityError), transaction.atomic():
        Material.objects.filter(pk=made["recording"]).update(audience="public")
