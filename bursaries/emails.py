"""One function per message to a bursary applicant; each queues a templated email.

Every kind is declared at the end for the bursary panel alone to read in the outbox (never
organisers: who holds a bursary is the panel's to know), and of those only the emails whose
applicant the member may know (no conflict of interest, no blind review). Each is built from
the application it is about, when queued and again when tried again.
"""

import copy

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common.groups import BURSARY_PANEL
from outbox import kinds
from outbox.mail import (
    PRIVATE_LINK,
    Message,
    OutboxError,
    queue_email,
    render_templated_email,
)
from registrations.emails import calendar_attachments
from seminars.changes import DATE, VENUE, parts_words
from seminars.dates import working_days_after
from seminars.models import WindowState

from . import email_words  # noqa: F401  (names the kinds declared at the end)
from .models import (
    BursaryApplication,
    BursaryPolicy,
    BursaryStatus,
    SeminarBursaries,
    participant_groups,
)
from .queries import money_facts
from .rules import identities_visible_to, panel_addresses


def _context(application, **extra):
    seminar = application.seminar
    return {
        "application": application,
        "seminar": seminar,
        "status_url": application.status_url,
        "seminar_url": settings.SITE_URL + seminar.get_absolute_url(),
        "register_url": settings.SITE_URL
        + reverse("registrations:register", kwargs={"slug": seminar.slug}),
        "registration_open": seminar.phase().registration == WindowState.OPEN,
        "policy": BursaryPolicy.current(),
        **money_facts(application),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        **extra,
    }


def _message(application, *, attachments=(), **extra):
    return Message(
        to=(application.email,), context=_context(application, **extra), attachments=attachments
    )


def _queue(name, application, **values):
    queue_email(f"bursaries/emails/{name}", about={"application": application}, **values)


def more_applications_than_bursaries(application):
    """Whether the applicant's group had more applications than bursaries at the seminar: the
    decision emails say so only when it is true."""
    seminar = application.seminar
    applied = BursaryApplication.objects.filter(
        seminar=seminar,
        group__in=participant_groups(application.bursary_group),
        status__in=BursaryStatus.not_withdrawn,
    ).count()
    return applied > SeminarBursaries.of(seminar).per_group


def build_plain(*, application):
    return _message(application)


def build_application_withdrawn(*, application, was_awarded):
    """After the held place (if any) was released: a confirmed place is still theirs."""
    registration = application.registration
    if registration is not None:
        registration.refresh_from_db()
    place_kept = registration is not None and registration.is_confirmed
    return _message(
        application,
        was_awarded=was_awarded,
        place_kept=place_kept,
        manage_url=registration.manage_url if place_kept else None,
    )


def build_decision(*, application):
    return _message(application, competitive=more_applications_than_bursaries(application))


def build_accepted(*, application, registration):
    """One email on accepting: the bursary, how we pay, and the confirmed place with its link
    and calendar file (the registration's own confirmation is not sent as well)."""
    return _message(
        application,
        registration=registration,
        manage_url=registration.manage_url,
        attachments=calendar_attachments(application.seminar),
    )


def build_booked(*, application):
    return _message(application, bookings=list(application.bookings.all()))


def build_claim_received(*, application):
    return _message(application, pay_by=pay_by(application.claim))


def build_claim_approved(*, application, claim):
    return _message(application, claim=claim, pay_by=pay_by(claim))


def build_panel_claim(*, application, answered):
    """The context holds the reference, the seminar's number, the payment target and the link
    to the admin page, and nothing else: never who applied (blind review may be on) or how
    much. It goes to the members who may see the application, as they are today."""
    return Message(
        to=tuple(panel_addresses(application)),
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


def build_seminar_changed(*, application, changed, message):
    return _message(application, **_seminar_changed_extra(application, changed, message))


def still_offered(*, application):
    if application.status != BursaryStatus.OFFERED:
        raise OutboxError("Not sent again: the offer is no longer open.")


def queue_application_received(application):
    _queue("application_received", application)


def queue_email_changed(application):
    """To the new address, after the panel changed it: the application's new private link."""
    _queue("email_changed", application)


def build_old_address_told(*, application, address):
    return Message(to=(address,), context={"CONTACT_EMAIL": settings.CONTACT_EMAIL})


def queue_old_address_told(application, address):
    """To an address the applicant no longer uses: that it changed, and whom to ask. No
    seminar, no bursary and no link: whoever reads this address now may not be the person."""
    _queue("email_changed_old", application, address=address)


def queue_existing_application(application):
    _queue("existing_application", application)


def queue_application_changed(application):
    _queue("application_changed", application)


def queue_application_withdrawn(application, *, was_awarded):
    _queue("application_withdrawn", application, was_awarded=was_awarded)


def queue_offered(application):
    _queue("offered", application)


def queue_reserve(application):
    _queue("reserve", application)


def queue_not_offered(application):
    _queue("not_offered", application)


def queue_accepted(application, registration):
    queue_email(
        "bursaries/emails/accepted",
        about={"application": application, "registration": registration},
    )


def queue_declined(application):
    _queue("declined", application)


def queue_lapsed(application):
    _queue("lapsed", application)


def queue_offer_reminder(application):
    _queue("offer_reminder", application)


def queue_booked(application):
    _queue("booked", application)


def queue_advance_paid(application):
    _queue("advance_paid", application)


def queue_claim_received(application):
    _queue("claim_received", application)


def queue_claim_for_panel(application, *, answered=False):
    """Tell the panel that a claim, or the answer to their question about one, has arrived."""
    _queue("panel_claim", application, answered=answered)


def queue_claim_queried(application):
    _queue("claim_queried", application)


def queue_claim_approved(application, claim):
    queue_email(
        "bursaries/emails/claim_approved", about={"application": application, "claim": claim}
    )


def queue_claim_paid(application):
    _queue("claim_paid", application)


def queue_settled(application):
    _queue("settled", application)


def queue_for_move(application, before):
    """The email that goes with a status move, chosen by where it went (for some, by where it
    came from too); set_status calls this, so no service pairs a move with its email by hand.
    A move that tells nobody (none today) returns without queueing."""
    S = BursaryStatus
    after = application.status
    if after == S.WITHDRAWN:
        queue_application_withdrawn(application, was_awarded=before in S.awarded)
    elif after == S.CLAIMED and before == S.QUERIED:
        queue_claim_for_panel(application, answered=True)
    elif after == S.CLAIMED:
        queue_claim_received(application)
        queue_claim_for_panel(application)
    elif after == S.ACCEPTED:
        queue_accepted(application, application.registration)
    elif after == S.APPROVED or (after == S.SETTLED and before in S.claim_pending):
        queue_claim_approved(application, application.claim)
    elif after in MOVE_EMAILS:
        MOVE_EMAILS[after](application)


MOVE_EMAILS = {
    BursaryStatus.OFFERED: queue_offered,
    BursaryStatus.RESERVE: queue_reserve,
    BursaryStatus.NOT_OFFERED: queue_not_offered,
    BursaryStatus.DECLINED: queue_declined,
    BursaryStatus.LAPSED: queue_lapsed,
    BursaryStatus.BOOKED: queue_booked,
    BursaryStatus.ADVANCE_PAID: queue_advance_paid,
    BursaryStatus.QUERIED: queue_claim_queried,
    BursaryStatus.PAID: queue_claim_paid,
    BursaryStatus.SETTLED: queue_settled,
}


def _seminar_changed_extra(application, changed, message):
    seminar = application.seminar
    new_day = DATE in changed and seminar.starts_at is not None
    return {
        "cancelled": seminar.is_cancelled,
        "postponed": seminar.is_postponed,
        "travel_on_hold": seminar.is_postponed and not new_day,
        "parts": parts_words(changed),
        "new_date": DATE in changed,
        "venue_changed": VENUE in changed,
        "message": message,
    }


def _seminar_changed_context(application, *, changed, message):
    return _context(application, **_seminar_changed_extra(application, changed, message))


def queue_seminar_changed(application, *, changed, message):
    """A bursary holder's seminar moved or was postponed: what that means for their bursary."""
    _queue("seminar_changed", application, changed=list(changed), message=message)


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


def readable_outbox(user):
    """Of the bursary emails, those whose applicant `user` may know: the same rule as
    identities_visible_to (no conflict of interest, no blind review), for everyone. An email is
    tied to its application by what it was built from (so one to an address the applicant has
    since left stays hidden too), and, for rows stored before that, by its address."""
    hidden = BursaryApplication.objects.exclude(pk__in=identities_visible_to(user))
    hidden_pks = list(hidden.values_list("pk", flat=True))
    return ~(Q(render__about__application__1__in=hidden_pks) | Q(to__in=hidden.values("email")))


BUILDS = {
    "application_received": build_plain,
    "email_changed": build_plain,
    "email_changed_old": build_old_address_told,
    "existing_application": build_plain,
    "application_changed": build_plain,
    "application_withdrawn": build_application_withdrawn,
    "offered": build_plain,
    "reserve": build_decision,
    "not_offered": build_decision,
    "accepted": build_accepted,
    "declined": build_plain,
    "lapsed": build_plain,
    "offer_reminder": build_plain,
    "booked": build_booked,
    "advance_paid": build_plain,
    "claim_received": build_claim_received,
    "panel_claim": build_panel_claim,
    "claim_queried": build_plain,
    "claim_approved": build_claim_approved,
    "claim_paid": build_plain,
    "settled": build_plain,
    "seminar_changed": build_seminar_changed,
}
STILL_TRUE = {"offered": still_offered, "offer_reminder": still_offered}
for _name, _build in BUILDS.items():
    kinds.declare(
        f"bursaries/{_name}",
        readers={BURSARY_PANEL},
        build=_build,
        only=readable_outbox,
        still_true=STILL_TRUE.get(_name),
    )
