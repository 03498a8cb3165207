from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django_ratelimit.core import is_ratelimited


def server_error(request):
    """Django's own handler renders 500.html with an empty context; ours adds the contact address.

    It deliberately runs no context processors and no queries: the error may be the database.
    """
    template = loader.get_template("500.html")
    context = {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
    return HttpResponseServerError(template.render(context))


def csrf_failure(request, reason=""):
    """A refused form, in the site's words: what happened and what to do (never a bare 403)."""
    return render(request, "403_csrf.html", status=403)


def too_many_posts(request, *, group, limit):
    """A calm 429 page once this client address has sent more forms in `group` than the rate
    settings.RATE_LIMITS[limit] allows. None while within it. Counts live in the shared cache.
    """
    rate = settings.RATE_LIMITS[limit]
    if is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True):
        return render(request, "rate_limited.html", status=429)
    return None


def healthz(request):
    """200 while the database answers, 503 otherwise: for the load balancer, not for people."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def benchmark_ceiling(request):
    """The least a Django view can do, for the benchmark to compare pages against."""
    return HttpResponse("ok\n", content_type="text/plain")
