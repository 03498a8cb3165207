"""Each seminar's bursary settings move from the seminar's row to its own SeminarBursaries row,
before seminars' 0012 removes them there (and back, when undone, after it puts them back)."""

from django.db import migrations

# SeminarBursaries field: Seminar field it was.
FIELDS = {
    "deadline": "bursary_deadline",
    "decisions_by": "bursary_decisions_by",
    "rolling_decisions": "bursary_rolling_decisions",
    "per_group": "bursaries_per_group",
    "max_award": "bursary_max_award",
    "note": "bursary_note",
    "blind_review": "bursary_blind_review",
}


def forwards(apps, schema_editor):
    Seminar = apps.get_model("seminars", "Seminar")
    SeminarBursaries = apps.get_model("bursaries", "SeminarBursaries")
    SeminarBursaries.objects.bulk_create(
        SeminarBursaries(
            seminar=seminar, **{ours: getattr(seminar, theirs) for ours, theirs in FIELDS.items()}
        )
        for seminar in Seminar.objects.all()
    )


def backwards(apps, schema_editor):
    Seminar = apps.get_model("seminars", "Seminar")
    SeminarBursaries = apps.get_model("bursaries", "SeminarBursaries")
    for row in SeminarBursaries.objects.all():
        Seminar.objects.filter(pk=row.seminar_id).update(
            **{theirs: getattr(row, ours) for ours, theirs in FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [("bursaries", "0012_seminarbursaries")]
    run_before = [("seminars", "0012_parts_move_to_their_apps")]

    operations = [migrations.RunPython(forwards, backwards)]
