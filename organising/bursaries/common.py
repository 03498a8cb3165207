"""What every bursary page here shares: the panel's gate and the admin's look."""

from functools import wraps

from django.contrib import admin
from django.urls import reverse

from bursaries.models import BursaryApplication
from bursaries.rules import require_panel


def for_the_panel(view):
    """Signed in with the second factor (the admin's own check), then the panel's rule."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        require_panel(request)
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def applications_admin():
    """The panel's admin of applications: its list's rows (what this member may see, with their
    own score) and its page for one application, shown again when an action is refused."""
    return admin.site.get_model_admin(BursaryApplication)


def context(request, title, **extra):
    """The admin's look: its header, navigation and breadcrumbs for bursary applications."""
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": BursaryApplication._meta,
        **extra,
    }


def change_url(application):
    return reverse("admin:bursaries_bursaryapplication_change", args=[application.pk])


def list_url():
    return reverse("admin:bursaries_bursaryapplication_changelist")
