from django.db import migrations

from common.groups import grant, revoke

# Organisers set each seminar's travel bursaries on the seminar's page, as they did when these
# were the seminar's own fields.
ORGANISERS = [
    ("bursaries", f"{action}_seminarbursaries") for action in ("add", "change", "view")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0013_seminar_bursaries_from_seminars"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
