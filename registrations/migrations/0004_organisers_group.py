from django.db import migrations

from common.groups import delete_group, set_group_permissions

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
    set_group_permissions(apps, GROUP, PERMISSIONS)


def remove_group(apps, schema_editor):
    delete_group(apps, GROUP)


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
