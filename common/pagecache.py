"""Public pages cached whole, so that most visits cost one cache read instead of templates and
queries.

A page is stored under the release (this deployment's code, templates, static files and the
settings pages show) and its path, with the content versions it was rendered from. Apps say
which of their models public pages show (renew_on_change, in their AppConfig.ready): saving or
deleting such a row gives the content a new version once its transaction commits (one new
version per transaction, however many rows it saved), and a page of an older version is never
served, so an organiser's edit or a place taken shows at once. Apps also say when a page changes
by the clock alone (changes_by_the_clock: a deadline passing, a seminar ending); a page expires
at the next such moment, and after PAGE_CACHE_SECONDS at most.

Most rows belong to the whole series: a change renews every page. A row that belongs to one
part of the content (renew_on_change's `part`, a name its app gives, such as one seminar's
registrations) renews only the pages that show that part: the app's code that reads the part
for a page says so while the page renders (shows()), so a page declares what it depends on
without any view listing it, and the version of each part is read before the rows are.

Pages with a form are stored with placeholders for the CSRF token and the time the form was
made (common.forms.RobotChecksMixin); each visitor gets their own.
Links with only tracking parameters (utm_*, fbclid) are the same page; HEAD is served as GET.
"""

import contextvars
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
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from common import cache as shared_cache
from common.forms import started_stamp

VERSION_KEY = "pages:version"  # the whole series' content
PART_KEY = "pages:version:{}"  # one part of it (shows(), renew_on_change(part=...))
# Inputs whose value is each visitor's own, stored as a placeholder (templates never write a
# NUL into a page) and filled in when the page is served.
PER_VISITOR_INPUTS = {
    b"csrfmiddlewaretoken": get_token,
    b"form_started": lambda request: started_stamp(),
}
PER_VISITOR_INPUT = re.compile(
    rb'(name="(' + b"|".join(PER_VISITOR_INPUTS) + rb')" value=")[^"]*(")'
)
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$")
# Settings that change what pages say: a change of any gives a new release.
PAGE_SETTINGS = ("SITE_URL", "SITE_NAME", "CONTACT_EMAIL", "DEFAULT_FROM_EMAIL")
_clock_sources = []
# The parts the page being rendered shows, while cached_page renders it (None otherwise).
_rendering = contextvars.ContextVar("pagecache_rendering", default=None)
# Each page's parts as last seen in this process, asked for in the same round trip as the page.
_known_parts = {}
KNOWN_PAGES = 10_000  # a bound on the memo above; past it, it starts again


def cached_page(view):
    """Serve GET (and HEAD) requests without a query string from the cache; store 200s."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if any(not TRACKING.match(name) for name in request.GET):
            return view(request, *args, **kwargs)
        key = page_key(request.path)
        # The versions and the page in one round trip; a page of another version is out of date.
        found = shared_cache.attempt(lambda: _look_up(key), default=None)
        if found is None:  # the cache is down: serve the page fresh rather than fail
            return view(request, *args, **kwargs)
        version = found[VERSION_KEY]
        if (stored := found.get(key)) and stored[0] == version and _current(stored[1], found):
            _known_parts[key] = tuple(stored[1])
            return from_cache(request, *stored[2:])
        started = timezone.now()
        parts = _Parts(found)
        rendering = _rendering.set(parts)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        finally:
            _rendering.reset(rendering)
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not parts.failed
        ):
            # Kept until the next change by the clock after the page began to render: a page
            # rendered across a deadline is not kept at all.
            timeout = int((keep_until(started) - timezone.now()).total_seconds())
            if timeout > 0:
                body = PER_VISITOR_INPUT.sub(_placeholder, response.content)
                entry = (version, parts.versions, body, dict(response.items()))
                shared_cache.attempt(lambda: cache.set(key, entry, timeout), default=None)
                _remember_parts(key, parts.versions)
        return response

    return wrapped


def enabled():
    """Whether pages are cached; with it off (development), nothing beneath it caches either."""
    return bool(settings.PAGE_CACHE_SECONDS)


def shows(*parts):
    """The page being rendered shows these parts of the content (names the app that owns them
    gives, as in renew_on_change(part=...)): it is kept only until one of them changes. Call it
    before reading the rows. Outside a cached page's rendering it does nothing."""
    rendering = _rendering.get()
    if rendering is not None and parts:
        rendering.add(parts)


def rendering():
    """Whether a cached page is rendering now (so that shows() would count)."""
    return _rendering.get() is not None


class _Parts:
    """The parts a page shows and their versions, read as each part is first shown (before
    its rows are read: a change that commits after the read gives a newer version, so a page
    rendered from the old rows is never served as current) or in the page's own look-up."""

    def __init__(self, found):
        self.found = found
        self.versions = {}
        self.failed = False

    def add(self, parts):
        keys = [PART_KEY.format(part) for part in parts]
        wanted = [key for key in keys if key not in self.versions]
        missing = [key for key in wanted if not self.found.get(key)]
        if missing:
            read = shared_cache.attempt(lambda: _part_versions(missing), default=None)
            if read is None:
                self.failed = True  # not kept: its parts' versions are unknown
                return
            self.found = {**self.found, **read}
        for key in wanted:
            self.versions[key] = self.found.get(key)
            self.failed = self.failed or self.versions[key] is None


def _part_versions(keys):
    found = cache.get_many(keys)
    new = {key: secrets.token_hex(8) for key in keys if key not in found}
    if new:
        for key, version in new.items():
            cache.add(key, version, timeout=None)
        found.update(cache.get_many(list(new)))
    return found


def _current(versions, found):
    """Whether the parts a stored page shows are at the versions it was rendered from (asking
    the cache for any its look-up did not already bring)."""
    missing = [key for key in versions if key not in found]
    if missing:
        found = {**found, **(shared_cache.attempt(lambda: cache.get_many(missing), default={}))}
    return all(found.get(key) == version for key, version in versions.items())


def _remember_parts(key, versions):
    if len(_known_parts) >= KNOWN_PAGES:
        _known_parts.clear()
    _known_parts[key] = tuple(versions)


def _placeholder(match):
    start, name, end = match.groups()
    return start + b"\0" + name + b"\0" + end


def from_cache(request, body, headers):
    if b"\0" in body:
        for name, value in PER_VISITOR_INPUTS.items():
            body = body.replace(b"\0" + name + b"\0", value(request).encode())
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


def page_key(path):
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
    return f"pages:{release()}:{digest}"


def _look_up(key):
    found = cache.get_many([VERSION_KEY, key, *_known_parts.get(key, ())])
    found[VERSION_KEY] = found.get(VERSION_KEY) or content_version()
    return found


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def renew_on_change(*models, part=None):
    """Public pages show these models (a through model for a many-to-many field counts too):
    a saved or deleted row gives every page a new version once its transaction commits. With
    `part` (a function of the row giving the name of the part of the content it belongs to),
    only the pages that show that part (shows()) are renewed."""
    for model in models:
        receiver = functools.partial(content_changed, part=part)
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"pagecache-{model}")


class _Renewal:
    """A new version of the pages (or of some parts: None stands for the whole series), due when
    the transaction commits; a later one queued at the same savepoint level, while this one is
    still due, takes its parts over and supersedes it, so a transaction saving thousands of rows
    renews the pages once. (A later one in a deeper savepoint does not: that savepoint may roll
    back.)"""

    def __init__(self, savepoints, parts):
        self.savepoints = savepoints
        self.parts = parts
        self.superseded = False

    def __call__(self):
        if not self.superseded:
            renew(self.parts)


def content_changed(sender, instance=None, using=None, *, part=None, **kwargs):
    """Signal receiver: a row public pages show has changed. (Renewed even while this
    process caches no pages: another process, a worker say, may serve them.)"""
    connection = connections[using or DEFAULT_DB_ALIAS]
    parts = {None if part is None or instance is None else part(instance)}
    renewal = _Renewal(frozenset(connection.savepoint_ids), parts)
    earlier = getattr(connection, "_page_renewal", None)
    if earlier and earlier.savepoints == renewal.savepoints and _due(connection, earlier):
        earlier.superseded = True
        renewal.parts |= earlier.parts
    connection._page_renewal = renewal
    transaction.on_commit(renewal, using=using, robust=True)


def _due(connection, renewal):
    """Whether `renewal` still waits for this transaction's commit (not run, not rolled back)."""
    return any(queued[1] is renewal for queued in reversed(connection.run_on_commit))


def renew(parts):
    """New versions for `parts` of the content (None among them: the whole series)."""
    if None in parts:
        new_content_version()
    else:
        new = {PART_KEY.format(part): secrets.token_hex(8) for part in parts}
        shared_cache.attempt(lambda: cache.set_many(new, timeout=None), default=None)


@shared_cache.on_recovery
def new_content_version():
    # A random version rather than a counter: if the key is ever evicted, no old page comes back.
    # After a cache outage too (common/cache.py): a change saved meanwhile could not say so.
    shared_cache.attempt(
        lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None), default=None
    )


def changes_by_the_clock(source):
    """`source(now)` gives the moments after `now` at which some page changes by the clock."""
    _clock_sources.append(source)
    return source


def keep_until(now):
    """The next moment after `now` at which a public page can change by the clock alone, or
    PAGE_CACHE_SECONDS after `now` if that is sooner."""
    month_start = timezone.localtime(now).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0, tzinfo=None
    )
    next_month = timezone.make_aware((month_start + datetime.timedelta(days=32)).replace(day=1))
    moments = [next_month, now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)]
    for source in _clock_sources:
        moments += [moment for moment in source(now) if moment > now]
    return min(moments)


@functools.cache
def release():
    """A fingerprint of what renders pages here: the project's Python and templates, the static
    files' manifest, and the settings pages show. A deployment that changes any of them starts
    with an empty page cache."""
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    for name in PAGE_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, '')}".encode())
    root = Path(settings.BASE_DIR)
    for path in sorted(_source_files(root)):
        digest.update(str(path).encode())
        digest.update((root / path).read_bytes())
    return digest.hexdigest()[:16]


# Folders whose files never render a page.
NOT_PAGES = {"var", "node_modules", "tests", "benchmarks", "scripts"}


def _source_files(root):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name for name in subfolders if not name.startswith((".", "_")) and name not in NOT_PAGES
        ]
        for name in files:
            if name.endswith((".py", ".html", ".txt")):
                yield Path(folder, name).relative_to(root)
