from django.db import migrations

from common.groups import grant, revoke

# Organisers set the series' budget and its money settings (no one's payments are in them).
ORGANISERS = [
    *(("ledger", f"{action}_budget") for action in ("add", "change", "delete", "view")),
    ("ledger", "view_moneysettings"),
    ("ledger", "change_moneysettings"),
    ("ledger", "add_moneysettings"),
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial"), ("registrations", "0004_organisers_group")]

    operations = [migrations.RunPython(forwards, backwards)]
