"""Staff accounts as each group makes them, for the tests that ask what each one sees."""

import importlib

from tests.bursaries.conftest import panel_group
from tests.test_groups import organisers_group
from tests.utils import group_as_migrated

_door = importlib.import_module("organising.migrations.0001_door_helpers")

# Every kind of staff account the rules tell apart. "panel_conflicted" is a panel member who
# declared a conflict of interest with the application a test is about (the test declares it).
ROLES = [
    "organiser",
    "panel",
    "door",
    "superuser",
    "no_group",
    "organiser_and_panel",
    "panel_conflicted",
]


def door_group():
    return group_as_migrated(_door.DOOR_HELPERS, _door.DOOR_PERMISSIONS)


def make_staff(django_user_model, role):
    """An active staff account for `role` (one of ROLES), in the groups the role means."""
    user = django_user_model.objects.create_user(
        role, password="pw", is_staff=True, is_superuser=role == "superuser"
    )
    groups = {
        "organiser": [organisers_group()],
        "panel": [panel_group()],
        "door": [door_group()],
        "organiser_and_panel": [organisers_group(), panel_group()],
        "panel_conflicted": [panel_group()],
    }.get(role, [])
    user.groups.add(*groups)
    return user
