from django.conf import settings
from django.db import migrations

from common.groups import grant, revoke
from subscribers.carry_over import carry_over

# Organisers see the list and remove someone who asks; people join and confirm themselves.
PERMISSIONS = [("subscribers", "view_subscriber")]


def forwards(apps, schema_editor):
    carry_over(
        apps.get_model("registrations", "Registration"),
        apps.get_model("subscribers", "Subscriber"),
        keep_months=settings.REGISTRATION_KEEP_MONTHS,
    )
    grant(apps, "Organisers", PERMISSIONS)


def backwards(apps, schema_editor):
    """Put the tick back for everyone carried over who has not confirmed since."""
    Registration = apps.get_model("registrations", "Registration")
    Subscriber = apps.get_model("subscribers", "Subscriber")
    for subscriber in Subscriber.objects.filter(carried_over=True, keep_until__isnull=False):
        Registration.objects.filter(email__iexact=subscriber.email).update(future_seminars=True)
    revoke(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("subscribers", "0001_initial"),
        ("registrations", "0011_search_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
