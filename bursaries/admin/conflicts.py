"""Conflicts of interest: declared after a page that says what declaring means, and withdrawn
from a page of the member's own conflicts (the application itself is then out of their view).

Both steps are plain forms posted with CSRF; nothing needs JavaScript.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import services
from ..models import Review
from ..rules import identity_hidden, require_panel


def urls(model_admin):
    view = model_admin.admin_site.admin_view
    return [
        path(
            "conflicts/",
            view(lambda request: conflicts_view(model_admin, request)),
            name="bursaries_bursaryapplication_conflicts",
        ),
        path(
            "conflicts/<int:object_id>/withdraw/",
            view(lambda request, object_id: withdraw_view(model_admin, request, object_id)),
            name="bursaries_bursaryapplication_withdraw_conflict",
        ),
    ]


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        **extra,
    }


def declare_page(model_admin, request, application):
    """What declaring means, and the button that declares (it posts to the conflict action)."""
    context = _context(
        model_admin,
        request,
        f"Declare a conflict of interest with {application.reference}",
        application=application,
        blind=identity_hidden(application),
    )
    return TemplateResponse(request, "admin/bursaries/conflict_declare.html", context)


def my_conflicts(user):
    return (
        Review.objects.filter(reviewer=user, conflict=True)
        .select_related("application__seminar__bursaries")
        .order_by("application__seminar__number", "application_id")
    )


def conflicts_view(model_admin, request):
    require_panel(request)
    context = _context(
        model_admin,
        request,
        "Your conflicts of interest",
        conflicts=list(my_conflicts(request.user)),
    )
    return TemplateResponse(request, "admin/bursaries/conflicts.html", context)


def withdraw_view(model_admin, request, object_id):
    """GET asks to confirm; POST withdraws and opens the application again."""
    require_panel(request)
    review = get_object_or_404(my_conflicts(request.user), application_id=object_id)
    application = review.application
    if request.method == "POST":
        try:
            services.withdraw_conflict(application, reviewer=request.user)
        except services.BursaryError as error:  # withdrawn meanwhile, in another tab
            model_admin.message_user(request, str(error), messages.ERROR)
            return redirect(reverse("admin:bursaries_bursaryapplication_conflicts"))
        model_admin.message_user(
            request,
            f"You withdrew your conflict of interest with {application.reference}. It is back "
            "in your list: read it again before you score it.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:bursaries_bursaryapplication_change", args=[object_id]))
    context = _context(
        model_admin,
        request,
        f"Withdraw your conflict of interest with {application.reference}",
        review=review,
        application=application,
    )
    return TemplateResponse(request, "admin/bursaries/conflict_withdraw.html", context)
