"""Public pages cached whole, so that most visits cost one cache read instead of templates and
queries.

A page is stored under the release (this deployment's code, templates and static files) and its
path, with the content version it was rendered from. Saving or deleting any row of the public apps
gives the content a new version once the transaction commits, and a page of an older version is
never served, so an organiser's edit or a place taken shows at once. A page also expires at the
next moment a seminar changes state by the clock (registration opening or closing, a bursary
deadline, a seminar ending, a new month for a tentative one), and after PAGE_CACHE_SECONDS at most.

Pages with a form are stored with a placeholder for the CSRF token; each visitor gets their own.
"""

import datetime
import functools
import hashlib
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from config import cache as shared_cache

from .models import Seminar

VERSION_KEY = "pages:version"
# Saving a row of these apps may change what a public page shows (registrations and bursaries
# are named, not imported: they sit above this app).
PUBLIC_APPS = {"people", "seminars", "registrations", "bursaries"}
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"  # templates never write a NUL into a page


def cached_page(view):
    """Serve GET requests without a query string from the cache; store 200 responses."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET" or request.GET:
            return view(request, *args, **kwargs)
        key = page_key(request.path)
        # The version and the page in one round trip; a page of another version is out of date.
        found = shared_cache.attempt(lambda: _look_up(key), default=None)
        if found is None:  # the cache is down: serve the page fresh rather than fail
            return view(request, *args, **kwargs)
        version = found[VERSION_KEY]
        if (stored := found.get(key)) and stored[0] == version:
            return from_cache(request, *stored[1:])
        started = timezone.now()
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            # Kept until the next change by the clock after the page began to render: a page
            # rendered across a deadline is not kept at all.
            timeout = int((keep_until(started) - timezone.now()).total_seconds())
            if timeout > 0:
                body = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
                shared_cache.attempt(
                    lambda: cache.set(key, (version, body, dict(response.items())), timeout),
                    default=None,
                )
        return response

    return wrapped


def from_cache(request, body, headers):
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


def page_key(path):
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
    return f"pages:{release()}:{digest}"


def _look_up(key):
    found = cache.get_many([VERSION_KEY, key])
    found[VERSION_KEY] = found.get(VERSION_KEY) or content_version()
    return found


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(sender, **kwargs):
    """Signal receiver: a public app's row changed, so every page gets a new version once the
    change is committed (a page rendered before the commit is then never served again)."""
    if sender._meta.app_label in PUBLIC_APPS:
        transaction.on_commit(new_content_version, using=kwargs.get("using"), robust=True)


@shared_cache.on_recovery
def new_content_version():
    # A random version rather than a counter: if the key is ever evicted, no old page comes back.
    # After a cache outage too (config/cache.py): a change saved meanwhile could not say so.
    shared_cache.attempt(
        lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None), default=None
    )


def keep_until(now):
    """The next moment after `now` at which a public page can change by the clock alone, or
    PAGE_CACHE_SECONDS after `now` if that is sooner."""
    month_start = timezone.localtime(now).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0, tzinfo=None
    )
    next_month = timezone.make_aware((month_start + datetime.timedelta(days=32)).replace(day=1))
    moments = [next_month, now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)]
    for row in Seminar.objects.public().values_list(
        "registration_opens_at", "registration_deadline", "bursary_deadline", "starts_at", "ends_at"
    ):
        moments += [moment for moment in row if moment and moment > now]
    return min(moments)


@functools.cache
def release():
    """A fingerprint of what renders pages here: the project's Python and templates, and the static
    files' manifest. A deployment that changes any of them starts with an empty page cache."""
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    root = Path(settings.BASE_DIR)
    for path in sorted(_source_files(root)):
        digest.update(str(path).encode())
        digest.update((root / path).read_bytes())
    return digest.hexdigest()[:16]


def _source_files(root):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith((".", "_")) and name not in {"var", "node_modules", "tests"}
        ]
        for name in files:
            if name.endswith((".py", ".html", ".txt", ".md")):
                yield Path(folder, name).relative_to(root)
