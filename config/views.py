import datetime
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from outbox.services import last_heartbeat

from . import cache
from .health import database_answers


def server_error(request):
    """Django's own handler renders 500.html with an empty context; ours adds the contact address.

    It deliberately runs no context processors and no queries: the error may be the database.
    When it is (the database down, or hung past the request's deadline: config/deadline.py),
    the answer is the 503 page instead, which says to try again in a minute.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    template = loader.get_template("500.html")
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    return HttpResponseServerError(template.render(context))


def database_unavailable(request):
    """The calm 503 page for a page the database could not give: no queries, no context
    processors, and a Retry-After of a minute."""
    template = loader.get_template("503.html")
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    return HttpResponse(template.render(context), status=503, headers={"Retry-After": "60"})


UNSAVED = (
    "We could not save this just now. Nothing was saved, and what you typed is still here: "
    "please try again in a minute."
)


def database_failed(view, form, *, also=""):
    """The database failed while a form was being saved (the service's transaction rolled back,
    so nothing is half-saved): the form again, with what the person typed and what to do.

    A connection broken by the failure is dropped, so the page itself can be drawn by a fresh
    one. Answers 503: try again.
    """
    connection.close_if_unusable_or_obsolete()
    form.add_error(None, f"{UNSAVED} {also}".strip())
    response = view.form_invalid(form)
    response.status_code = 503
    return response


def csrf_failure(request, reason=""):
    """A refused form, in the site's words: what happened and what to do (never a bare 403)."""
    return render(request, "403_csrf.html", status=403)


def too_many_posts(request, *, group, limit):
    """A calm 429 page once this client address has sent more forms in `group` than the rate
    settings.RATE_LIMITS[limit] allows. None while within it, or while the shared cache that
    holds the counts is down.
    """
    rate = settings.RATE_LIMITS[limit]
    limited = cache.attempt(  # without the cache, nobody is refused (config/cache.py)
        lambda: is_ratelimited(
            request, group=group, key="ip", rate=rate, method="POST", increment=True
        ),
        default=False,
    )
    if limited:
        return render(request, "rate_limited.html", status=429)
    return None


def token_missed(request):
    """Count a private link that matched nothing, for every kind of private link together;
    None while this address is under the limit (TOKEN_MISSES in an hour: a person
    mistyping), else the 429 page to answer with (someone guessing links). Without the cache,
    nothing is counted."""
    rate = settings.RATE_LIMITS["token_misses"]
    guessing = cache.attempt(
        lambda: is_ratelimited(
            request, group="token-misses", key="ip", rate=rate, method=ALL, increment=True
        ),
        default=False,
    )
    return render(request, "rate_limited.html", status=429) if guessing else None


def token_not_found(request):
    """A private link that matches nothing: the 404 page, or the 429 page once one address
    has missed too often (token_missed)."""
    if refused := token_missed(request):
        return refused
    raise Http404("No such private link.")


def healthz(request):
    """200 while the database answers within a second, 503 otherwise (stopped, unreachable, or
    hung): for the load balancer, not for people. config/health.py serves the same answer apart
    from the request workers."""
    if not database_answers():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The email worker beats every 10 seconds; a minute without a beat means it is not working.
WORKER_SILENT_AFTER = datetime.timedelta(seconds=60)


def worker_healthz(request):
    """200 while an email worker has said it is alive in the last minute, 503 otherwise: for a
    monitor to call, and to page someone."""
    try:
        beat = last_heartbeat()
    except DatabaseError:
        beat = None
    if beat is None or timezone.now() - beat > WORKER_SILENT_AFTER:
        return HttpResponse("email worker silent\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def benchmark_ceiling(request):
    """The least a Django view can do, for the benchmark to compare pages against."""
    return HttpResponse("ok\n", content_type="text/plain")
