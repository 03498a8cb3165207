"""Permission groups made by data migrations. Keep this stable: migrations import it."""

from django.contrib.auth.management import create_permissions


def set_group_permissions(apps, name, permissions):
    """Create group `name` with exactly `permissions`, a list of (app_label, codename).

    On a fresh database Django creates permissions only after all migrations, so they are
    made here first.
    """
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(_permissions(Permission, permissions))


def grant(apps, name, permissions):
    """Add `permissions` to group `name` (made if missing), keeping what it has."""
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*_permissions(Permission, permissions))


def revoke(apps, name, permissions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=name):
        group.permissions.remove(*_permissions(Permission, permissions))


def _permissions(Permission, permissions):
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in permissions
    ]


def _create_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def delete_group(apps, name):
    apps.get_model("auth", "Group").objects.filter(name=name).delete()


# The staff groups, by the names the data migrations give them. Emails declare their readers
# with these (outbox/kinds.py).
ORGANISERS = "Organisers"
BURSARY_PANEL = "Bursary panel"
DOOR_HELPERS = "Door helpers"
