import datetime
import threading

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from outbox.services import last_heartbeat

from . import cache


def server_error(request):
    """Django's own handler renders 500.html with an empty context; ours adds the contact address.

    It deliberately runs no context processors and no queries: the error may be the database.
    """
    template = loader.get_template("500.html")
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    return HttpResponseServerError(template.render(context))


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


# /healthz answers within this many seconds, whatever the database does.
HEALTH_BUDGET = 0.9


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


def healthz(request):
    """200 while the database answers within HEALTH_BUDGET seconds, 503 otherwise (stopped,
    unreachable, or hung): for the load balancer, not for people.

    The probe runs in a thread of its own, with its own connection, so that a database that
    accepts connections and then says nothing cannot hold the answer up (libpq's connect
    timeout is at least two seconds).
    """
    answered = threading.Event()

    def probe():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
            answered.set()
        except DatabaseError:
            pass
        finally:
            connections.close_all()  # this thread's connection only

    threading.Thread(target=probe, name="healthz", daemon=True).start()
    if not answered.wait(HEALTH_BUDGET):
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
