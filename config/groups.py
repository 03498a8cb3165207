"""Permission groups made by data migrations. Keep this stable: migrations import it."""

from django.contrib.auth.management import create_permissions


def set_group_permissions(apps, name, permissions):
    """Create group `name` with exactly `permissions`, a list of (app_label, codename).

    On a fresh database Django creates permissions only after all migrations, so they are
    made here first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permissions
        ]
    )


def delete_group(apps, name):
    apps.get_model("auth", "Group").objects.filter(name=name).delete()
