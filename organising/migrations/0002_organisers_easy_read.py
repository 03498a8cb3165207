from django.db import migrations

from common.groups import grant, revoke

# Organisers write the Easy Read versions: of each seminar's summary (seminars') and of how
# travel bursaries work (bursaries'). Here, above both apps and the group they join.
ORGANISERS = [
    (app, f"{action}_{model}")
    for app, model in (("seminars", "seminareasyreadline"), ("bursaries", "bursaryeasyreadline"))
    for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("organising", "0001_door_helpers"),
        ("registrations", "0004_organisers_group"),
        ("seminars", "0013_easy_read"),
        ("bursaries", "0021_easy_read"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
