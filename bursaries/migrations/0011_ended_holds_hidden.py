from django.db import migrations


def mark_ended_holds(apps, schema_editor):
    """Registrations made only to hold a place for an offer that ended before it was accepted
    (cancelled when the offer was declined, lapsed or withdrawn): organisers must not see them.
    A place the applicant had registered for themselves has a group; a held one was made
    without."""
    Registration = apps.get_model("registrations", "Registration")
    BursaryApplication = apps.get_model("bursaries", "BursaryApplication")
    StatusChange = apps.get_model("bursaries", "StatusChange")
    accepted = StatusChange.objects.filter(to_status="accepted").values("application")
    ended = (
        BursaryApplication.objects.filter(registration__isnull=False)
        .exclude(pk__in=accepted)
        .values("registration")
    )
    Registration.objects.filter(
        pk__in=ended, status="cancelled", group="", waiting_before_hold=False
    ).update(held_for_offer=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bursaries", "0010_counts_as_details_go"),
        ("registrations", "0012_held_for_offer"),
    ]

    operations = [migrations.RunPython(mark_ended_holds, migrations.RunPython.noop)]
