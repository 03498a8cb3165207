"""Who may see what of bursary applications: one home for each rule.

The admin, the finance spreadsheet, the outbox and the emails to the panel ask these; nothing
works a rule out again.

- Who is on the panel: active staff accounts in the "Bursary panel" group (panel_members, one
  query). Superusers, active and staff, may do the panel's work too (is_panel_member), but are
  not emailed as members unless they are in the group.
- A panel member with a conflict of interest no longer sees the application at all.
- Blind review hides who applied (name, email, organisation) while the panel scores and decides.
  Once the offer is accepted the panel sees what booking and paying need: the name and the
  email address (the organisation stays hidden under blind review: neither needs it).
- Organisers never learn who holds a bursary (registrations.rules keeps the held places out of
  their lists), and read none of the bursary entries in the log (may_see_entry).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import PANEL_GROUP, BursaryApplication, BursaryStatus, Review, SeminarBursaries


def panel_members():
    """The one definition of the panel: active staff accounts in the panel group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=PANEL_GROUP)
        .distinct()
    )


def is_panel_member(user):
    """Whether `user` may do the panel's work: a member of the panel (panel_members), or an
    active staff superuser. Remembered on the user object for the request."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_bursary_panel", None)
    if cached is None:
        cached = panel_members().filter(pk=user.pk).exists()
        user._is_bursary_panel = cached
    return cached


def require_panel(request):
    """Every path of the panel's admin starts here: 403 for anyone else."""
    if not is_panel_member(request.user):
        raise PermissionDenied


def visible_applications(user):
    """The applications `user` may see: none for anyone off the panel, and none on which they
    declared a conflict of interest."""
    if not is_panel_member(user):
        return BursaryApplication.objects.none()
    conflicts = Review.objects.filter(reviewer=user, conflict=True).values("application_id")
    return BursaryApplication.objects.exclude(pk__in=conflicts)


def may_see_application(user, application):
    return visible_applications(user).filter(pk=application.pk).exists()


def identity_hidden(application):
    """Blind review hides who applied from everyone who reads the application, superusers too
    (they can switch blind review off), until the offer is accepted: from then on booking and
    paying need the name and email address."""
    return (
        SeminarBursaries.of(application.seminar).blind_review
        and application.status not in BursaryStatus.awarded
    )


def organisation_hidden(application):
    """Under blind review the organisation stays hidden, after acceptance too: neither booking
    nor paying needs it."""
    return SeminarBursaries.of(application.seminar).blind_review


def may_see_identity(user, application):
    """Whether `user` may know who made `application` (name and email): a panel member without
    a conflict of interest, outside blind review or once the offer is accepted."""
    return (
        not identity_hidden(application)
        and is_panel_member(user)
        and may_see_application(user, application)
    )


def identities_visible_to(user):
    """The applications whose applicant `user` may know: may_see_identity, for querysets."""
    return visible_applications(user).filter(
        ~Q(seminar__bursaries__blind_review=True) | Q(status__in=BursaryStatus.awarded)
    )


def panel_addresses(application):
    """The addresses of the panel members who may see `application`, to tell them of work on
    it: panel_members with an email address, less any with a conflict of interest with it."""
    conflicted = application.reviews.filter(conflict=True).values("reviewer")
    members = panel_members().exclude(email="").exclude(pk__in=conflicted)
    return sorted(set(members.values_list("email", flat=True)))


# The panel's note on a seminar's history that bursary holders were told of a change.
HOLDERS_TOLD = "emailed bursary holders about a change"


def may_see_entry(user, entry):
    """Whether `user` may read a log entry (common.audit.declare_rule): one on an application
    only if they may see the application (the panel, less a conflict of interest), and the
    panel's note on a seminar's history only on the panel, so an organiser never learns of a
    bursary there. The entries name staff and fields, never who applied, so blind review has
    nothing more to hide in them. Remembered on the user object for the request."""
    if entry.content_type_id == ContentType.objects.get_for_model(BursaryApplication).pk:
        seen = getattr(user, "_visible_applications", None)
        if seen is None:
            seen = user._visible_applications = {}
        if entry.object_id not in seen:
            seen[entry.object_id] = visible_applications(user).filter(pk=entry.object_id).exists()
        return seen[entry.object_id]
    if entry.action == HOLDERS_TOLD:
        return is_panel_member(user)
    return True


def claims_open(seminar, now):
    """Whether award holders may claim (and the panel settle): once the seminar has begun, or
    when it was cancelled or postponed, so that costs already paid that cannot be refunded can
    still be claimed."""
    from seminars.phase import Phase

    if seminar.phase(now).phase in (Phase.CANCELLED, Phase.POSTPONED):
        return True
    return bool(seminar.starts_at and seminar.starts_at <= now)
