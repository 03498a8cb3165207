from django.db import migrations

from common.groups import grant, revoke

# Organisers offer, approve and pay involvement fees, and set the series' rates and policy.
# (Fees are added and changed through their staff pages; the admin lists and shows them.)
ORGANISERS = [
    ("fees", "view_involvementfee"),
    ("fees", "change_involvementfee"),
    ("fees", "view_feesettings"),
    ("fees", "change_feesettings"),
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_initial"), ("ledger", "0002_organisers_budget")]

    operations = [migrations.RunPython(forwards, backwards)]
