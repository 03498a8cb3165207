"""Copy every StatusChange into the one log (common.AuditEntry), with the same times and `by`.

A status move becomes an entry whose action reads as the history always showed it ("Submitted
to Offered") and whose data holds the two codes, so reports can still ask where an application
has been. Backwards, the entries become StatusChange rows again.
"""

from django.db import migrations


def _application_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="bursaries", model="bursaryapplication")[0]


def forwards(apps, schema_editor):
    StatusChange = apps.get_model("bursaries", "StatusChange")
    AuditEntry = apps.get_model("common", "AuditEntry")
    labels = dict(StatusChange._meta.get_field("to_status").choices)
    changes = StatusChange.objects.order_by("at", "pk")
    if not changes.exists():
        return
    content_type = _application_type(apps)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type,
            object_id=change.application_id,
            action=f"{labels[change.from_status]} to {labels[change.to_status]}",
            data={"from": change.from_status, "to": change.to_status},
            by_id=change.by_id,
            at=change.at,
        )
        for change in changes.iterator()
    )


def backwards(apps, schema_editor):
    StatusChange = apps.get_model("bursaries", "StatusChange")
    AuditEntry = apps.get_model("common", "AuditEntry")
    BursaryApplication = apps.get_model("bursaries", "BursaryApplication")
    moves = AuditEntry.objects.filter(
        content_type__app_label="bursaries",
        content_type__model="bursaryapplication",
        object_id__in=BursaryApplication.objects.values("pk"),
        data__has_key="to",
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            application_id=entry.object_id,
            from_status=entry.data["from"],
            to_status=entry.data["to"],
            by_id=entry.by_id,
            at=entry.at,
        )
        for entry in moves.order_by("at", "pk").iterator()
    )
    moves.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0014_organisers_seminar_bursaries"),
        ("common", "0002_audit_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
