import importlib

import pytest

from bursaries.models import PANEL_GROUP
from tests.factories import SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import group_as_migrated, london

# What the data migrations give the panel: its group, then the right to read the series' rules;
# less the right to read status changes, whose model went into the one log (bursaries 0016).
GONE = {("bursaries", "view_statuschange")}
PANEL_PERMISSIONS = [
    permission
    for permission in (
        *importlib.import_module("bursaries.migrations.0002_bursary_panel_group").PANEL_PERMISSIONS,
        *importlib.import_module("bursaries.migrations.0009_bursary_rules_permissions").PANEL,
    )
    if permission not in GONE
]


def panel_group():
    """The group the data migration makes; a transactional test elsewhere may have flushed it."""
    return group_as_migrated(PANEL_GROUP, PANEL_PERMISSIONS)


@pytest.fixture
def make_panel_member(django_user_model):
    def make(username="panel"):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(panel_group())
        return user

    return make


# A seminar's change and its people told: tests/bursaries/test_admin_changes.py and
# test_called_off.py.
@pytest.fixture
def seminar():
    """Seminar 3 on Tuesday 5 March 2030, 10am to 4pm."""
    return SeminarFactory(
        number=3,
        title="Co-production in practice",
        starts_at=london(2030, 3, 5, 10),
        ends_at=london(2030, 3, 5, 16),
    )


@pytest.fixture
def organiser_user(client, django_user_model):
    user = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return user
