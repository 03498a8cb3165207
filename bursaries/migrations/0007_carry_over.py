from django.db import migrations


def carry_over(apps, schema_editor):
    """Existing rows in the new shape: the group as the registration form asks it (an old
    'service users and carers' answer cannot say which, so it becomes 'service user'), how we
    pay from the old booking box, the free-text booking as a booking, staged offers as their
    travel line, and the series' bursary rules with their defaults."""
    Application = apps.get_model("bursaries", "BursaryApplication")
    Booking = apps.get_model("bursaries", "Booking")
    Application.objects.filter(group="service_user_carer").update(group="service_user")
    Application.objects.filter(prefers_booking=True).update(payment_method="book")
    for application in Application.objects.exclude(booking_details=""):
        Booking.objects.create(
            application=application,
            journey="Recorded before bookings had their own fields",
            details=application.booking_details,
            cost=0,
            delivery="email",
        )
    for application in Application.objects.exclude(offer_amount__isnull=True):
        application.offer_travel = application.offer_amount
        application.save(update_fields=["offer_travel"])
    for application in Application.objects.filter(staged_decision="offered"):
        application.offer_travel = application.offer_amount = application.staged_amount
        application.reply_by = application.staged_reply_by
        application.save(update_fields=["offer_travel", "offer_amount", "reply_by"])
    apps.get_model("bursaries", "BursaryPolicy").objects.get_or_create(pk=1)


def carry_back(apps, schema_editor):
    """The reverse, as far as the old shape can hold it (one group for service users and
    carers, a yes/no for booking, bookings as text)."""
    Application = apps.get_model("bursaries", "BursaryApplication")
    Application.objects.filter(group__in=["service_user", "carer"]).update(
        group="service_user_carer"
    )
    Application.objects.filter(payment_method="book").update(prefers_booking=True)
    for application in Application.objects.filter(staged_decision="offered"):
        application.staged_amount = application.offer_amount
        application.staged_reply_by = application.reply_by
        application.save(update_fields=["staged_amount", "staged_reply_by"])
    for application in Application.objects.filter(bookings__isnull=False).distinct():
        application.booking_details = "\n".join(b.details for b in application.bookings.all())
        application.save(update_fields=["booking_details"])


class Migration(migrations.Migration):
    dependencies = [("bursaries", "0006_payment_paths")]

    operations = [migrations.RunPython(carry_over, carry_back)]
