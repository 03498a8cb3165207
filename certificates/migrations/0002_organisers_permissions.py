from django.db import migrations

from common.groups import grant, revoke

# Organisers upload the signature certificates carry, and see when each follow-up went.
ORGANISERS = [
    *[("certificates", f"{action}_signature") for action in ("add", "change", "delete", "view")],
    ("certificates", "view_followup"),
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
