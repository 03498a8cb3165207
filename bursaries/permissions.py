"""Who may see bursary applications: the bursary panel and superusers, nobody else."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from .models import PANEL_GROUP


def is_panel_member(user):
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_bursary_panel", None)
    if cached is None:
        cached = user.groups.filter(name=PANEL_GROUP).exists()
        user._is_bursary_panel = cached
    return cached


def require_panel(request):
    """Every path of the panel's admin starts here: 403 for anyone else."""
    if not is_panel_member(request.user):
        raise PermissionDenied


def identity_hidden(application):
    """Blind review hides who applied (name, email, organisation) from everyone who reads the
    application in the admin, superusers too: they can switch blind review off."""
    return application.seminar.bursary_blind_review


def identities_visible_to(user):
    """The applications whose applicant `user` may know: those they may see (no conflict of
    interest), outside blind review. The same rule as identity_hidden, for querysets."""
    from .services import visible_applications

    return visible_applications(user).filter(seminar__bursary_blind_review=False)


def panel_addresses(application):
    """The addresses of the panel members who may see `application`, to tell them of work on
    it: active staff in the panel group with an email address, less any with a conflict of
    interest with it."""
    conflicted = application.reviews.filter(conflict=True).values("reviewer")
    members = (
        get_user_model()
        .objects.filter(groups__name=PANEL_GROUP, is_active=True, is_staff=True)
        .exclude(email="")
        .exclude(pk__in=conflicted)
    )
    return sorted(set(members.values_list("email", flat=True)))
