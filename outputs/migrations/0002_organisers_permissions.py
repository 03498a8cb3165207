from django.db import migrations

from common.groups import grant, revoke

# Organisers write up each seminar, publish its materials, give speakers upload links and post
# news: everything in this app.
ORGANISERS = [
    ("outputs", f"{action}_{model}")
    for model in ("writeup", "yousaidwedid", "material", "speakerlink", "newspost")
    for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("outputs", "0001_initial"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
