import importlib

import pytest
from django.contrib.auth.models import Group, Permission

from bursaries.models import PANEL_GROUP

# What the data migrations give the panel: its group, then the right to read the series' rules.
PANEL_PERMISSIONS = [
    *importlib.import_module("bursaries.migrations.0002_bursary_panel_group").PANEL_PERMISSIONS,
    *importlib.import_module("bursaries.migrations.0009_bursary_rules_permissions").PANEL,
]


def panel_group():
    """The group the data migration makes; a transactional test elsewhere may have flushed it."""
    group, created = Group.objects.get_or_create(name=PANEL_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PANEL_PERMISSIONS
        )
    return group


@pytest.fixture
def make_panel_member(django_user_model):
    def make(username="panel"):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(panel_group())
        return user

    return make
