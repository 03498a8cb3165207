import re
import sys
import traceback

from django import forms
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from . import cache


def server_error(request):
    """Django's own handler renders 500.html with an empty context; ours adds the contact address.

    It deliberately runs no context processors and no queries: the error may be the database.
    A database failure that got past the views (in a middleware, such as loading a staff
    session while the database is down) gets the calm 503 page instead.
    """
    if isinstance(sys.exception(), DatabaseError):
        return database_unavailable(request)
    template = loader.get_template("500.html")
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    return HttpResponseServerError(template.render(context))


UNSAVED = (
    "We could not save this just now. Nothing was saved, and what you typed is still here: "
    "please try again in a minute."
)


# When the connection broke while the database was confirming the save, nobody can know
# whether it happened: the page says so, rather than "nothing was saved".
UNSURE = (
    "We could not tell whether this was saved: the connection to our records broke just as "
    "it was being saved. What you typed is still here: please wait a minute, then send it again."
)


def outcome_unknown(error):
    """True when `error` broke off a COMMIT: the database may have saved everything, or
    nothing (a transaction is never half-saved). Called with the error being handled."""
    return isinstance(error, DatabaseError) and any(
        frame.f_code.co_name == "_commit" and frame.f_globals["__name__"].startswith("django.db")
        for frame, _ in traceback.walk_tb(error.__traceback__)
    )


def database_failed(view, form, *, also=""):
    """The database failed while a form was being saved (the service's transaction rolled back,
    so nothing is half-saved): the form again, with what the person typed and what to do.
    Call it while handling the DatabaseError: a failure while confirming the save says that
    it may have been saved (UNSURE).

    A connection broken by the failure is dropped, so the page itself can be drawn by a fresh
    one. Answers 503: try again.
    """
    said = UNSURE if outcome_unknown(sys.exception()) else UNSAVED
    connection.close_if_unusable_or_obsolete()
    form.add_error(None, f"{said} {also}".strip())
    response = view.form_invalid(form)
    response.status_code = 503
    return response


# Never written back into a page: the form's own token is made afresh, and secrets stay unsaid.
NOT_KEPT = re.compile(r"csrfmiddlewaretoken|password|otp|(^|[-_])(token|code)$", re.IGNORECASE)
# Kept, to send again, but not worth showing: the robot checks (common.forms.RobotChecksMixin).
NOT_SHOWN = {"website", "form_started"}


def database_unavailable(request, error=None):
    """The answer to any request the database failed, whatever it had got to: for a GET, a calm
    page saying to try again in a minute; for a POST, everything that was sent, shown and kept
    in a form that sends it again to the same address (files cannot be kept: the page names
    them, to be chosen again). Both answer 503 and need nothing from the database, so they
    work while it is down; the person's own form page, when it can still be drawn, is
    database_failed's.
    """
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    if request.method != "POST":
        template = "503.html"
    else:
        template = "503_unsaved.html"
        context.update(
            unsure=outcome_unknown(error or sys.exception()),
            action=request.path,
            csrf_token=get_token(request),
            answers=_answers(request),
            files=[file.name for _, files in request.FILES.lists() for file in files],
        )
    response = HttpResponse(loader.render_to_string(template, context), status=503)
    response["Retry-After"] = "60"
    return response


def _answers(request):
    """What was sent, field by field: its name and values to send again, and the form's label
    and what to show (a ticked box is "Yes"; a fixed choice its words)."""
    fields = _form_fields(request)
    answers = []
    for name, values in request.POST.lists():
        if NOT_KEPT.search(name):
            continue
        field = fields.get(name)
        hidden = name in NOT_SHOWN or (field is not None and field.widget.is_hidden)
        answers.append(
            {
                "name": name,
                "values": values,
                "shown": None if hidden else [_shown(field, value) for value in values],
                "label": (field.label if field is not None and field.label else None)
                or name.replace("_", " ").capitalize(),
            }
        )
    return answers


def _form_fields(request):
    """The fields of the form class of the view at this address, as declared (no database)."""
    try:
        match = request.resolver_match or resolve(request.path_info)
    except Resolver404:
        return {}
    form_class = getattr(getattr(match.func, "view_class", None), "form_class", None)
    return dict(getattr(form_class, "base_fields", {}))


def _shown(field, value):
    if value == "on" and (field is None or isinstance(field, forms.BooleanField)):
        return "Yes"
    # A model's choices would need the database; fixed choices are in the form itself.
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in field.choices if isinstance(label, str)}
        return labels.get(value, value)
    return value


def csrf_failure(request, reason=""):
    """A refused form, in the site's words: what happened and what to do (never a bare 403)."""
    return render(request, "403_csrf.html", status=403)


def too_many_posts(request, *, group, limit):
    """A calm 429 page once this client address has sent more forms in `group` than the rate
    settings.RATE_LIMITS[limit] allows. None while within it, or while the shared cache that
    holds the counts is down.
    """
    rate = settings.RATE_LIMITS[limit]
    limited = cache.attempt(  # without the cache, nobody is refused (common/cache.py)
        lambda: is_ratelimited(
            request, group=group, key="ip", rate=rate, method="POST", increment=True
        ),
        default=False,
    )
    if limited:
        return render(request, "rate_limited.html", status=429)
    return None


def count_link_miss(request):
    """Count a private link or code that matched nothing; True once this client address has
    missed more than RATE_LIMITS["token_misses"] allows (someone guessing, not a person
    mistyping). Every kind of link and code shares the one count. False without the cache."""
    rate = settings.RATE_LIMITS["token_misses"]
    return cache.attempt(
        lambda: is_ratelimited(
            request, group="token-misses", key="ip", rate=rate, method=ALL, increment=True
        ),
        default=False,
    )


def token_missed(request):
    """count_link_miss, for a view that answers a miss itself: None while this address is under
    the limit, else the 429 page to answer with."""
    return render(request, "rate_limited.html", status=429) if count_link_miss(request) else None


def token_not_found(request):
    """A private link that matches nothing: the 404 page, or the 429 page once one address
    has missed TOKEN_MISSES times in an hour (count_link_miss). Without the cache, every miss
    is a 404."""
    if refused := token_missed(request):
        return refused
    raise Http404("No such private link.")
