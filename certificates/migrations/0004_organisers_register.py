from django.db import migrations

from common.groups import grant, revoke

# Organisers read the register and correct it (withdraw, reissue: the admin's actions need
# the change permission; nobody edits a row by hand), and decide requests to change a name.
ORGANISERS = [
    ("certificates", f"{action}_{model}")
    for model in ("issuedcertificate", "namechangerequest")
    for action in ("view", "change")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_register")]

    operations = [migrations.RunPython(forwards, backwards)]
