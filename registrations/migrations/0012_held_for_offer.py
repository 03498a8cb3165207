from django.db import migrations, models


def mark_held_places(apps, schema_editor):
    """Places held now for a bursary offer, made for it rather than from the waiting list.
    (Rows whose hold ended before this field existed are marked by bursaries' migration 0011,
    which knows the offers.)"""
    Registration = apps.get_model("registrations", "Registration")
    Registration.objects.filter(status="held", waiting_before_hold=False).update(
        held_for_offer=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0011_search_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="held_for_offer",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Made to hold a place for a bursary offer and not (yet) confirmed: "
                "shown to superusers only, never to organisers. Cleared when the offer is "
                "accepted.",
            ),
        ),
        migrations.RunPython(mark_held_places, migrations.RunPython.noop),
    ]
