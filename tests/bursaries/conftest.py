import importlib

import pytest

from bursaries.models import PANEL_GROUP
from tests.utils import group_as_migrated

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
