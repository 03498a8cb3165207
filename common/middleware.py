"""Small middleware of our own."""

import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.core.exceptions import TooManyFieldsSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

logger = logging.getLogger(__name__)


def head_without_body(get_response):
    """A HEAD request gets the headers of the GET, and no body (HTTP says so, and gunicorn warns
    when a body is sent): the length stays what the body's would be."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response

    return middleware


def staff_sessions_expire(get_response):
    """A staff session ends after STAFF_SESSION_IDLE without a request and STAFF_SESSION_LONGEST
    after signing in, however busy (a day at the door fits): an admin left open on a shared
    computer does not stay open. Public visitors have no session and are not touched.

    The last-seen time is written at most once a minute, so a busy admin does not save its
    session on every request (the idle limit may so come up to a minute early)."""
    idle = settings.STAFF_SESSION_IDLE.total_seconds()
    longest = settings.STAFF_SESSION_LONGEST.total_seconds()

    def middleware(request):
        # Without a session cookie nobody is signed in: asking would read the (empty) session
        # and mark every public answer "Vary: Cookie", which no visitor's page does.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff:
            now = timezone.now().timestamp()
            session = request.session
            since = session.setdefault("staff_since", now)
            seen = session.get("staff_seen", now)
            if now - seen > idle or now - since > longest:
                logout(request)
                login_url = resolve_url(settings.LOGIN_URL)
                query = urlencode({"next": request.get_full_path(), "expired": 1}, safe="/")
                return HttpResponseRedirect(f"{login_url}?{query}")
            if now - seen >= 60 or "staff_seen" not in session:
                session["staff_seen"] = now
                session.set_expiry(int(idle) + 60)  # the minute it may lag behind
        return get_response(request)

    return middleware


class DatabaseFailures:
    """Any view the database fails (a lookup before the form, a constraint being checked, a
    service's save) answers 503 with common.views.database_unavailable: on a POST, everything
    that was sent, to send again; on a GET, a calm page. Never the 500 page, never a lost form.
    Views that can still draw their own form with the input (common.views.database_failed) do
    so first; a failure in a middleware before the view (a staff session while the database
    is down) reaches the same page through common.views.server_error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        from common.views import database_unavailable

        if isinstance(exception, OperationalError | InterfaceError):
            # The database went away or did not answer: the kind of failure is enough.
            logger.warning(
                "database failed during a %s: %s, answered 503",
                request.method,
                type(exception).__name__,
            )
        else:
            # Anything else is more likely a mistake of ours: keep the traceback to mend it.
            logger.error(
                "database error during a %s, answered 503", request.method, exc_info=exception
            )
        return database_unavailable(request, exception)


class AdminSelections:
    """An admin list's action form sends one field per ticked row, so ticking every row of a
    long list (the admin shows up to 200 on "Show all") went over the site's limit of
    DATA_UPLOAD_MAX_NUMBER_FIELDS and got "400 Bad Request". For a POST to an admin list by
    someone the admin lets in, the form is read with ADMIN_LIST_MAX_NUMBER_FIELDS instead;
    the body stays bounded by DATA_UPLOAD_MAX_MEMORY_SIZE. Every other request, and anyone
    else's, keeps the site's limit (public forms need a few dozen fields at most).

    It reads the form before the CSRF check does (it must come before CsrfViewMiddleware in
    MIDDLEWARE), which then checks the token in it as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and match is not None
            and match.namespace == admin.site.name
            and (match.url_name or "").endswith("_changelist")
            and admin.site.has_permission(request)
        ):
            request._post = admin_list_form(request)
            request._files = MultiValueDict()


def admin_list_form(request):
    """request.POST, read with the admin lists' own limit on the number of fields."""
    encoding = request.encoding or settings.DEFAULT_CHARSET
    form = QueryDict(mutable=True, encoding=encoding)
    try:
        fields = parse_qsl(
            request.body.decode(encoding, errors="replace"),
            keep_blank_values=True,
            max_num_fields=settings.ADMIN_LIST_MAX_NUMBER_FIELDS,
        )
    except ValueError:
        raise TooManyFieldsSent(
            "The number of GET/POST parameters exceeded ADMIN_LIST_MAX_NUMBER_FIELDS."
        ) from None
    for name, value in fields:
        form.appendlist(name, value)
    form._mutable = False
    return form
