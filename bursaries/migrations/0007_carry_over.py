from django.db import migrations
from django.utils import timezone


def carry_over(apps, schema_editor):
    """Existing rows in the new shape: the group as the registration form asks it (an old
    'service users and carers' answer cannot say which, so it becomes 'service user'), how we
    pay from the old booking box, the free-text booking as a booking (and the bursary as
    booked), paid claims as approved for what was paid, places held for open offers without
    their placeholder group, offers and staged offers as their travel line, and the series'
    bursary rules with their defaults."""
    Application = apps.get_model("bursaries", "BursaryApplication")
    Booking = apps.get_model("bursaries", "Booking")
    Claim = apps.get_model("bursaries", "Claim")
    StatusChange = apps.get_model("bursaries", "StatusChange")
    Registration = apps.get_model("registrations", "Registration")
    now = timezone.now()
    Application.objects.filter(group="service_user_carer").update(group="service_user")
    Application.objects.filter(prefers_booking=True).update(payment_method="book")
    for application in Application.objects.exclude(booking_details=""):
        Booking.objects.create(
            application=application,
            journey="Tickets booked for you",
            details=application.booking_details,
            cost=0,  # never recorded before: the panel corrects it in the finance record
            delivery="email",
        )
        if application.status == "accepted":
            StatusChange.objects.create(
                application=application, from_status="accepted", to_status="booked", at=now
            )
            application.status = "booked"
            application.payment_method = "book"
            application.save(update_fields=["status", "payment_method"])
    # A claim that was paid was approved for what was paid; a payment of nothing was no
    # payment: the bursary was settled.
    for claim in Claim.objects.filter(amount_paid__isnull=False):
        claim.amount_approved = claim.amount_paid
        if claim.amount_paid == 0:
            claim.amount_paid = claim.paid_on = None
            Application.objects.filter(pk=claim.application_id).update(status="settled")
        claim.save(update_fields=["amount_approved", "amount_paid", "paid_on"])
    # Places held for offers still open were given "prefer not to say" as a placeholder:
    # empty, accepting fills in the group from the application.
    Registration.objects.filter(
        status="held",
        waiting_before_hold=False,
        group="prefer_not_to_say",
        pk__in=Application.objects.filter(status="offered").values("registration"),
    ).update(group="")
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
    Application.objects.filter(status__in=["booked", "advance_paid"]).update(status="accepted")
    Application.objects.filter(status="approved").update(status="claimed")
    Application.objects.filter(status="settled").update(status="paid")
    for application in Application.objects.filter(bookings__isnull=False).distinct():
        application.booking_details = "\n".join(b.details for b in application.bookings.all())
        application.save(update_fields=["booking_details"])


class Migration(migrations.Migration):
    dependencies = [("bursaries", "0006_payment_paths"), ("registrations", "0007_early_career_group")]

    operations = [migrations.RunPython(carry_over, carry_back)]
