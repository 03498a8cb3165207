from django.db import migrations

from common.groups import grant, revoke

# Organisers write each seminar's own questions and read the results (summaries only: the
# admin shows no single answer). The anonymous markers and closures are nobody's to change.
ORGANISERS = [
    *[
        ("feedback", f"{action}_feedbackquestion")
        for action in ("add", "change", "delete", "view")
    ],
    ("feedback", "view_feedbackanswer"),
]


def forwards(apps, schema_editor):
    grant(apps, "Organisers", ORGANISERS)


def backwards(apps, schema_editor):
    revoke(apps, "Organisers", ORGANISERS)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("registrations", "0004_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
