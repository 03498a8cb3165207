from django.db import migrations

from common.groups import grant, revoke

# Organisers record each speaker's agreement to a seminar's recording being shared.
ORGANISERS = [
    ("outputs", f"{action}_recordingconsent") for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("outputs", "0003_recordings_for_registrants"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
