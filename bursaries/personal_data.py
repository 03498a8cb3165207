"""Subject access and erasure: everything the site holds about one email address.

This lives in the top app because it reaches every app that holds personal data: registrations,
bursary applications (with claims, receipts and reviews) and the email outbox.
"""

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from outbox.models import Email
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus

from . import services
from .models import BursaryApplication, BursaryStatus, Claim, Receipt, Review


def _registrations(email):
    return Registration.objects.annotate(address=Lower("email")).filter(address=email.lower())


def _applications(email):
    return BursaryApplication.objects.annotate(address=Lower("email")).filter(address=email.lower())


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


def export(email):
    """A dictionary of everything held about `email`, ready for JSON."""
    registrations = [
        {
            "seminar": f"Seminar {r.seminar.number}: {r.seminar.title}",
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "group": r.get_group_display(),
            "access_requirements": r.access_requirements,
            "dietary_requirements": r.dietary_requirements,
            "health_consent_given": _moment(r.health_consent_at),
            "privacy_notice_agreed": _moment(r.privacy_agreed_at),
            "wants_news_of_future_seminars": r.future_seminars,
            "status": r.get_status_display(),
            "registered": _moment(r.created),
            "cancelled": _moment(r.cancelled_at),
            "attended": r.attended,
        }
        for r in _registrations(email).select_related("seminar").order_by("created")
    ]
    applications = []
    for a in _applications(email).select_related("seminar").order_by("created"):
        claim = Claim.objects.filter(application=a).first()
        applications.append(
            {
                "seminar": f"Seminar {a.seminar.number}: {a.seminar.title}",
                "name": a.name,
                "email": a.email,
                "group": a.get_group_display(),
                "organisation": a.organisation,
                "travelling_from": a.travelling_from,
                "expected_travel_cost": str(a.travel_cost),
                "companion_cost": str(a.companion_cost) if a.companion_cost is not None else None,
                "prefers_booking": a.prefers_booking,
                "access_needs": a.access_needs,
                "statement": a.statement,
                "health_consent_given": _moment(a.health_consent_at),
                "status": a.get_status_display(),
                "applied": _moment(a.created),
                "offer_amount": str(a.offer_amount) if a.offer_amount is not None else None,
                "booking_details": a.booking_details,
                "panel_reviews": [
                    {"score": review.score, "comment": review.comment}
                    for review in a.reviews.filter(conflict=False)
                ],
                "claim": claim
                and {
                    "amount": str(claim.amount),
                    "reason_over_offer": claim.reason_over_offer,
                    "question": claim.question,
                    "answer": claim.answer,
                    "amount_paid": str(claim.amount_paid)
                    if claim.amount_paid is not None
                    else None,
                    "paid_on": claim.paid_on.isoformat() if claim.paid_on else None,
                    "receipts": [r.download_name for r in claim.receipts.all()],
                },
            }
        )
    emails = [
        {"subject": e.subject, "status": e.get_status_display(), "queued": _moment(e.created)}
        for e in Email.objects.annotate(address=Lower("to")).filter(address=email.lower())
    ]
    return {
        "email": email,
        "exported": _moment(timezone.now()),
        "registrations": registrations,
        "bursary_applications": applications,
        "emails": emails,
    }


def erase(email, *, now=None):
    """Erase what is held about `email`. Bursary finance records (any award that reached a
    claim or payment) are anonymised, not deleted; everything else goes, receipt files included.

    Side effects, in one transaction (files deleted after it commits): places are cancelled
    first, so that the waiting list moves up, then rows are deleted or anonymised. Returns
    counts. Safe to run twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(_registrations(email))
        for registration in registrations:
            if registration.status in RegistrationStatus.taking_a_place:
                registration_services.cancel_registration(registration, now=now)
        applications = list(_applications(email))
        finance = [
            a
            for a in applications
            if a.status in (BursaryStatus.CLAIMED, BursaryStatus.QUERIED, BursaryStatus.PAID)
        ]
        others = [a for a in applications if a not in finance]
        for application in others:
            if application.status in BursaryStatus.live_award:
                services._release_place(application, now=now)
        files = list(
            Receipt.objects.filter(claim__application__in=applications).values_list(
                "file", flat=True
            )
        )
        Receipt.objects.filter(claim__application__in=applications).delete()
        Review.objects.filter(application__in=finance).update(comment="")
        anonymised = services.anonymise(finance, now=now)
        BursaryApplication.objects.filter(pk__in=[a.pk for a in others]).delete()
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).delete()
        deleted_emails, _ = (
            Email.objects.annotate(address=Lower("to")).filter(address=email.lower()).delete()
        )
        services.delete_files_after_commit(files)
    return {
        "registrations": len(registrations),
        "bursary_applications_deleted": len(others),
        "bursary_applications_anonymised": anonymised,
        "emails": deleted_emails,
    }
