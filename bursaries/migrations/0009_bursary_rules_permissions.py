from django.db import migrations

from common.groups import grant, revoke

# Organisers edit the series' bursary rules (no applicant's data is in them); the panel reads
# them.
ORGANISERS = [("bursaries", "view_bursarypolicy"), ("bursaries", "change_bursarypolicy")]
PANEL = [("bursaries", "view_bursarypolicy")]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)
    grant(apps, "Bursary panel", PANEL)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)
    revoke(apps, "Bursary panel", PANEL)


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0008_payment_paths_constraints"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
