from django.db import migrations

from common.groups import grant, revoke

# Organisers give each seminar's CPD hours and what was covered on the seminar's page, as they
# did when these were the seminar's own fields.
ORGANISERS = [
    ("certificates", f"{action}_seminarcertificate") for action in ("add", "change", "view")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_seminar_certificate_from_seminars"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
