"""Parts of public pages kept apart from the pages, by the series' content version, so that a
page rendered after a change that does not touch them (a registration, say, which renews only
the pages showing that seminar's places) renders only what did change.

Each process keeps its fragments in memory, under their name (and whatever they vary on) with
the content version they were rendered from, and never serves one at another version: a saved
or deleted row of the series renews it once its transaction commits, exactly as it renews the
pages (common/pagecache.py), and a rolled-back change keeps it. The version is read from the
shared cache once a request, however many fragments the page has; kept in memory, a fragment
costs no round trip of its own. (Each process renders a fragment once a change; they are small
and few.) A fragment expires at the next moment a page changes by the clock, as pages do. With
the page cache off (PAGE_CACHE_SECONDS=0, development), or the shared cache down, nothing is
kept, so every change shows at once (PAGE_FRAGMENTS=False keeps nothing either: the tests'
default, since they never commit the changes that renew what is kept).

Code that renders a fragment without what it should show (a footer drawn while the database
fails, for an error page) calls incomplete(), and that rendering is not kept.

A fragment must show only rows of the series' own version: never places left or anything
else a page declares as a part of its own (pagecache.shows), nor anything a visitor owns.
"""

import contextvars

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe

from common import cache as shared_cache
from common import pagecache

# Whether the fragment being rendered lacks something (incomplete()); None outside one.
_incomplete = contextvars.ContextVar("fragment_incomplete", default=None)
# This process's fragments: (name, *vary) -> (version, rendered, expires).
_kept = {}
KEPT_MAX = 2_000  # a bound on the above; past it, it starts again
_clock = None  # (version, the next moment a page changes by the clock)


def cached(name, render, *vary, request=None):
    """The fragment `name` (varying on `vary`) as `render()` made it at this content version.
    `request`, if given, remembers the version for the rest of the request."""
    if not (settings.PAGE_CACHE_SECONDS and settings.PAGE_FRAGMENTS):
        return render()
    version = _version(request)
    if version is None:  # the cache is down: render it rather than fail
        return render()
    key = (name, *map(str, vary))
    now = timezone.now()
    if (stored := _kept.get(key)) and stored[0] == version and now < stored[2]:
        return mark_safe(stored[1])  # noqa: S308 - our own template's output, kept below
    missing = []
    rendering = _incomplete.set(missing)
    try:
        rendered = render()
    finally:
        _incomplete.reset(rendering)
    if not missing:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        _kept[key] = (version, str(rendered), _keep_until(version, now))
    return rendered


def _keep_until(version, now):
    """pagecache.keep_until(now), worked out once a version in this process until that moment:
    at one version the moments to come are the same rows', so a later answer is never sooner."""
    global _clock
    if _clock is None or _clock[0] != version or now >= _clock[1]:
        _clock = (version, pagecache.keep_until(now))
    return _clock[1]


def incomplete():
    """The fragment rendering now is missing what it should show: do not keep it."""
    if (missing := _incomplete.get()) is not None:
        missing.append(True)


def _version(request):
    """The series' content version, read before any row a fragment shows (a change committed
    after this read gives a newer version, so what is rendered from older rows is not served
    again); once a request."""
    if request is not None and hasattr(request, "_fragments_version"):
        return request._fragments_version
    version = shared_cache.attempt(
        lambda: cache.get(pagecache.VERSION_KEY) or pagecache.content_version(), default=None
    )
    if request is not None:
        request._fragments_version = version
    return version
