"""Subject access and erasure: everything the site holds about one email address.

This lives in the top app because it reaches every app that holds personal data: registrations,
bursary applications (with claims, receipts and reviews), the mailing list and the email outbox.
"""

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from common import audit
from outbox.models import Email
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus
from registrations.needs import Need
from subscribers.models import Subscriber

from . import services
from .counts import count_before_erasing
from .models import BursaryApplication, BursaryStatus, Claim
from .queries import ledger_entries, money_of


def _registrations(email):
    return Registration.objects.annotate(address=Lower("email")).filter(address=email.lower())


def _applications(email):
    return BursaryApplication.objects.annotate(address=Lower("email")).filter(address=email.lower())


def _pounds(amount):
    return str(amount) if amount is not None else None


def _call_back(registration):
    call = getattr(registration, "call_back", None)
    return {"phone": call.phone, "called": _moment(call.called_at)} if call else None


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
            "needs_ticked": [Need(code).label for code in r.needs],
            "asked_us_to_phone": _call_back(r),
            "health_consent_given": _moment(r.health_consent_at),
            "privacy_notice_agreed": _moment(r.privacy_agreed_at),
            "wants_news_of_future_seminars": r.future_seminars,
            "status": r.get_status_display(),
            "registered": _moment(r.created),
            "cancelled": _moment(r.cancelled_at),
            "attended": r.attended,
        }
        for r in _registrations(email).select_related("seminar", "call_back").order_by("created")
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
                "filled_in_by": a.supporter_name,
                "travelling_from": a.travelling_from,
                "expected_costs": {
                    label: _pounds(expected) for label, expected, _ in a.cost_lines()
                },
                "how_we_pay": a.get_payment_method_display(),
                "access_needs": a.access_needs,
                "needs_ticked": [Need(code).label for code in a.needs],
                "statement": a.statement,
                "health_consent_given": _moment(a.health_consent_at),
                "status": a.get_status_display(),
                "applied": _moment(a.created),
                "offered": {label: _pounds(offered) for label, _, offered in a.cost_lines()},
                "panel_note": a.decision_note,
                "bookings": [
                    {
                        "journey": booking.journey,
                        "what": booking.details,
                        "cost": _pounds(booking.cost),
                        "delivery": booking.get_delivery_display(),
                        "postal_address": booking.postal_address,
                    }
                    for booking in a.bookings.all()
                ],
                "money": _money(a),
                "panel_reviews": [
                    {"score": review.score, "comment": review.comment}
                    for review in a.reviews.filter(conflict=False)
                ],
                "claim": claim
                and {
                    "amount": _pounds(claim.amount),
                    "reason_over_offer": claim.reason_over_offer,
                    "question": claim.question,
                    "answer": claim.answer,
                    "receipts": [r.download_name for r in claim.receipts.all()],
                },
            }
        )
    emails = [
        {"subject": e.subject, "status": e.get_status_display(), "queued": _moment(e.created)}
        for e in Email.objects.annotate(address=Lower("to")).filter(address=email.lower())
    ]
    mailing_list = [
        {
            "status": subscriber.get_status_display(),
            "signed_up": _moment(subscriber.created),
            "confirmed": _moment(subscriber.confirmed_at),
            "kept_until": _moment(subscriber.keep_until),
            "tell_me_when_registration_opens": [
                f"Seminar {alert.seminar.number}: {alert.seminar.title}"
                for alert in subscriber.alerts.all()
            ],
        }
        for subscriber in Subscriber.objects.with_email(email).prefetch_related("alerts__seminar")
    ]
    return {
        "email": email,
        "exported": _moment(timezone.now()),
        "registrations": registrations,
        "bursary_applications": applications,
        "mailing_list": mailing_list,
        "emails": emails,
    }


def _money(application):
    """What the ledger holds of their bursary's money: each event, its amount and day."""
    return [
        {
            "what": entry.get_kind_display(),
            "amount": _pounds(entry.amount),
            "on": (entry.paid_on or timezone.localdate(entry.at)).isoformat(),
        }
        for entry in ledger_entries(application)
    ]


def _money_moved(application):
    return (
        money_of(application).spent > 0
        or application.bookings.exists()
        or Claim.objects.filter(application=application).exists()
    )


def erase(email, *, now=None):
    """Erase what is held about `email`. Bursary finance records (where money moved: a booking,
    an advance or a claim) are anonymised, not deleted; everything else goes, receipt files
    included.

    Side effects, in one transaction (files deleted after it commits): places at seminars not
    yet begun are cancelled first, so that the waiting list moves up; what is deleted is counted
    for the funder's report; then rows are deleted or anonymised. Returns counts. Safe to run
    twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(_registrations(email).select_related("seminar"))
        for registration in registrations:
            # A seminar that has begun keeps what happened (the report counts it as it was).
            started = registration.seminar.starts_at and registration.seminar.starts_at <= now
            if registration.status in RegistrationStatus.taking_a_place and not started:
                registration_services.cancel_registration(registration, now=now)
        applications = list(_applications(email))
        # Where money moved (a booking, an advance, a claim) the finance record stays,
        # anonymised; everything else goes.
        finance = [a for a in applications if _money_moved(a)]
        others = [a for a in applications if a not in finance]
        for application in others:
            if application.status in BursaryStatus.live_award:
                services.release_place(application, now=now)
        anonymised = services.anonymise(finance, now=now)
        # Counted first, so that the funder's report stays true without them.
        erased = BursaryApplication.objects.filter(pk__in=[a.pk for a in others])
        count_before_erasing(erased)
        erased.delete()
        audit.delete_for(BursaryApplication, [a.pk for a in others])
        erased = Registration.objects.filter(pk__in=[r.pk for r in registrations])
        registration_services.count_as_details_go(erased.filter(details_removed_at__isnull=True))
        erased.delete()
        audit.delete_for(Registration, [r.pk for r in registrations])
        subscribed = Subscriber.objects.with_email(email)
        mailing_list = subscribed.count()
        subscribed.delete()
        deleted_emails, _ = (
            Email.objects.annotate(address=Lower("to")).filter(address=email.lower()).delete()
        )
    return {
        "registrations": len(registrations),
        "bursary_applications_deleted": len(others),
        "bursary_applications_anonymised": anonymised,
        "mailing_list": mailing_list,
        "emails": deleted_emails,
    }
