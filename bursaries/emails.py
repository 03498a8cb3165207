"""One function per message to a bursary applicant; each queues a templated email."""

import copy

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from outbox.mail import PRIVATE_LINK, queue_templated_email, render_templated_email
from registrations.emails import calendar_attachments
from seminars.changes import DATE, VENUE, parts_words
from seminars.dates import working_days_after

from .models import BursaryApplication, BursaryPolicy, BursaryStatus, participant_groups
from .rules import panel_addresses


def _context(application, **extra):
    seminar = application.seminar
    return {
        "application": application,
        "seminar": seminar,
        "status_url": application.status_url,
        "seminar_url": settings.SITE_URL + seminar.get_absolute_url(),
        "register_url": settings.SITE_URL
        + reverse("registrations:register", kwargs={"slug": seminar.slug}),
        "registration_open": seminar.registration_deadline is not None
        and timezone.now() < seminar.registration_deadline
        and not (seminar.is_cancelled or seminar.is_postponed),
        "policy": BursaryPolicy.current(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        **extra,
    }


def _queue(name, application, *, attachments=(), **extra):
    queue_templated_email(
        f"bursaries/emails/{name}",
        to=[application.email],
        context=_context(application, **extra),
        attachments=attachments,
    )


def more_applications_than_bursaries(application):
    """Whether the applicant's group had more applications than bursaries at the seminar: the
    decision emails say so only when it is true."""
    seminar = application.seminar
    applied = BursaryApplication.objects.filter(
        seminar=seminar,
        group__in=participant_groups(application.bursary_group),
        status__in=BursaryStatus.not_withdrawn,
    ).count()
    return applied > seminar.bursaries_per_group


def queue_application_received(application):
    _queue("application_received", application)


def queue_email_changed(application):
    """To the new address, after the panel changed it: the application's new private link."""
    _queue("email_changed", application)


def queue_old_address_told(address):
    """To an address the applicant no longer uses: that it changed, and whom to ask. No
    seminar, no bursary and no link: whoever reads this address now may not be the person."""
    queue_templated_email(
        "bursaries/emails/email_changed_old",
        to=[address],
        context={"CONTACT_EMAIL": settings.CONTACT_EMAIL},
    )


def queue_existing_application(application):
    _queue("existing_application", application)


def queue_application_changed(application):
    _queue("application_changed", application)


def queue_application_withdrawn(application, *, was_awarded):
    """After the held place (if any) was released: a confirmed place is still theirs."""
    registration = application.registration
    if registration is not None:
        registration.refresh_from_db()
    place_kept = registration is not None and registration.is_confirmed
    _queue(
        "application_withdrawn",
        application,
        was_awarded=was_awarded,
        place_kept=place_kept,
        manage_url=registration.manage_url if place_kept else None,
    )


def queue_offered(application):
    _queue("offered", application)


def queue_reserve(application):
    _queue("reserve", application, competitive=more_applications_than_bursaries(application))


def queue_not_offered(application):
    _queue("not_offered", application, competitive=more_applications_than_bursaries(application))


def queue_accepted(application, registration):
    """One email on accepting: the bursary, how we pay, and the confirmed place with its link
    and calendar file (the registration's own confirmation is not sent as well)."""
    _queue(
        "accepted",
        application,
        registration=registration,
        manage_url=registration.manage_url,
        attachments=calendar_attachments(application.seminar),
    )


def queue_declined(application):
    _queue("declined", application)


def queue_lapsed(application):
    _queue("lapsed", application)


def queue_offer_reminder(application):
    _queue("offer_reminder", application)


def queue_booked(application):
    _queue("booked", application, bookings=list(application.bookings.all()))


def queue_advance_paid(application):
    _queue("advance_paid", application)


def queue_claim_received(application):
    _queue("claim_received", application, pay_by=pay_by(application.claim))


def queue_claim_for_panel(application, *, answered=False):
    """Tell the panel that a claim, or the answer to their question about one, has arrived.

    The context holds the reference, the seminar's number, the payment target and the link to
    the admin page, and nothing else: never who applied (blind review may be on) or how much.
    """
    queue_templated_email(
        "bursaries/emails/panel_claim",
        to=panel_addresses(application),
        context={
            "reference": application.reference,
            "seminar_number": application.seminar.number,
            "answered": answered,
            "pay_by": pay_by(application.claim),
            "admin_url": settings.SITE_URL
            + reverse("admin:bursaries_bursaryapplication_change", args=[application.pk]),
            "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        },
    )


def queue_claim_queried(application):
    _queue("claim_queried", application)


def queue_claim_approved(application, claim):
    _queue(
        "claim_approved",
        application,
        claim=claim,
        due=claim.due(application.advance_amount),
        pay_by=pay_by(claim),
    )


def queue_claim_paid(application):
    _queue("claim_paid", application)


def queue_settled(application):
    _queue("settled", application)


def _seminar_changed_context(application, *, changed, message):
    seminar = application.seminar
    new_day = DATE in changed and seminar.starts_at is not None
    return _context(
        application,
        postponed=seminar.is_postponed,
        travel_on_hold=seminar.is_postponed and not new_day,
        parts=parts_words(changed),
        new_date=DATE in changed,
        venue_changed=VENUE in changed,
        message=message,
    )


def queue_seminar_changed(application, *, changed, message):
    """A bursary holder's seminar moved or was postponed: what that means for their bursary."""
    queue_templated_email(
        "bursaries/emails/seminar_changed",
        to=[application.email],
        context=_seminar_changed_context(application, changed=changed, message=message),
    )


def preview_seminar_changed(application, *, changed, message):
    """The email as `application`'s holder will read it, with neither their name nor their
    private link: the panel member may have a conflict of interest, or blind review be on."""
    future = copy.copy(application)
    future.name = "[their name]"
    context = _seminar_changed_context(future, changed=changed, message=message)
    return render_templated_email(
        "bursaries/emails/seminar_changed", {**context, "status_url": PRIVATE_LINK}
    )


def pay_by(claim):
    """The day we promise to have paid a claim: the series' target in working days."""
    days = BursaryPolicy.current().payment_days
    return working_days_after(timezone.localtime(claim.created).date(), days)


DECISION_EMAILS = {
    BursaryStatus.OFFERED: "offered",
    BursaryStatus.RESERVE: "reserve",
    BursaryStatus.NOT_OFFERED: "not_offered",
}


def preview_staged(application, *, hide_name=False):
    """The email a staged decision will send, rendered now for the panel to read first.

    The private link shows as "[private link]"; in blind review the applicant's name is
    replaced, as everywhere else the panel looks.
    """
    future = copy.copy(application)
    if hide_name:
        future.name = "[name hidden for blind review]"
    future.status = application.staged_decision
    return render_templated_email(
        f"bursaries/emails/{DECISION_EMAILS[application.staged_decision]}",
        _context(
            future,
            status_url=PRIVATE_LINK,
            competitive=more_applications_than_bursaries(application),
        ),
    )
