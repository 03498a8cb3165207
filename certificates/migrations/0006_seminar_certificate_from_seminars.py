"""Each seminar's CPD hours and what was covered move from the seminar's row to its own
SeminarCertificate row, before seminars' 0012 removes them there (and back, when undone, after
it puts them back). Seminars with neither get no row."""

from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    Seminar = apps.get_model("seminars", "Seminar")
    SeminarCertificate = apps.get_model("certificates", "SeminarCertificate")
    SeminarCertificate.objects.bulk_create(
        SeminarCertificate(seminar=seminar, cpd_hours=seminar.cpd_hours, learning=seminar.learning)
        for seminar in Seminar.objects.filter(Q(cpd_hours__isnull=False) | ~Q(learning=""))
    )


def backwards(apps, schema_editor):
    Seminar = apps.get_model("seminars", "Seminar")
    SeminarCertificate = apps.get_model("certificates", "SeminarCertificate")
    for row in SeminarCertificate.objects.all():
        Seminar.objects.filter(pk=row.seminar_id).update(
            cpd_hours=row.cpd_hours, learning=row.learning
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0005_seminarcertificate")]
    run_before = [("seminars", "0012_parts_move_to_their_apps")]

    operations = [migrations.RunPython(forwards, backwards)]
