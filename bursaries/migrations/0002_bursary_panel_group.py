from django.db import migrations

from common.groups import delete_group, set_group_permissions

PANEL_GROUP = "Bursary panel"
PANEL_PERMISSIONS = [
    ("bursaries", "view_bursaryapplication"),
    ("bursaries", "change_bursaryapplication"),
    ("bursaries", "view_review"),
    ("bursaries", "add_review"),
    ("bursaries", "change_review"),
    ("bursaries", "view_statuschange"),
    ("outbox", "view_email"),  # to see whether emails to applicants went out
]


def create_group(apps, schema_editor):
    set_group_permissions(apps, PANEL_GROUP, PANEL_PERMISSIONS)


def remove_group(apps, schema_editor):
    delete_group(apps, PANEL_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0001_initial"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
