from django.db import migrations

from common.groups import delete_group, grant, revoke, set_group_permissions

DOOR_HELPERS = "Door helpers"
# Door helpers check people in and print the day's sheets; they can use nothing else.
DOOR_PERMISSIONS = [("registrations", "check_in")]


def forwards(apps, schema_editor):
    set_group_permissions(apps, DOOR_HELPERS, DOOR_PERMISSIONS)
    grant(apps, "Organisers", DOOR_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", DOOR_PERMISSIONS)
    delete_group(apps, DOOR_HELPERS)


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0008_check_in_permission"),
        ("bursaries", "0009_bursary_rules_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
