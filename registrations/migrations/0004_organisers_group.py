from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Organisers"
# Everything about seminars, people and registrations; the outbox to see that emails went.
# Nothing of bursary applications (the bursary panel's), users or groups (superusers').
PERMISSIONS = [
    *(
        ("seminars", f"{action}_{model}")
        for model in ("seminar", "venue", "seminarspeaker", "programmeitem", "page")
        for action in ("add", "change", "delete", "view")
    ),
    *(
        ("people", f"{action}_{model}")
        for model in ("person", "partner", "researchproject")
        for action in ("add", "change", "delete", "view")
    ),
    ("registrations", "view_registration"),
    ("registrations", "change_registration"),
    ("registrations", "view_groupcount"),
    ("outbox", "view_email"),
]


def create_group(apps, schema_editor):
    # On a fresh database, permissions are only created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PERMISSIONS
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_held_places"),
        ("seminars", "0005_loaded_content"),
        ("people", "0001_initial"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
