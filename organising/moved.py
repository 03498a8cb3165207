"""The admin's old addresses of the staff pages that moved here, under /staff/. Each keeps its
old name and answers with a redirect to the new page, query string and all: emails already
sent (to the panel, say) and pages open in a browser still link to them. The admin site puts
them before its own addresses (organising/site.py). And the other way: the admins below link to
the new pages by name through common/staff_pages.py, which organising fills when it starts.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse

from common import staff_pages

# The pages here that the admins below link to (common/staff_pages.py), by their URL names.
LINKED_FROM_THE_ADMIN = [
    "bursary-action",
    "bursary-receipt",
    "bursary-send-staged",
    "bursary-finance",
    "bursary-conflicts",
    "bursary-tell-holders",
    "certificate-preview",
    "feedback-seminar",
    "feedback-csv",
    "register-someone",
    "email-registered",
    "announce",
    "resend-confirmation",
    "correct-attendance",
    "online-attendance",
    "opted-in",
    "call-backs",
    "fees-seminar",
    "fee",
]


def serve_the_admins_links():
    for name in LINKED_FROM_THE_ADMIN:
        staff_pages.serve(name, f"organising:{name}")


def moved_to(name):
    """A view that sends the request on to the page called `name`, with the same arguments in
    the same order and the query string: a permanent redirect (301). A POST (a form on a page
    opened before the move) keeps its method and body (308), so it still does what it said."""

    def view(request, **kwargs):
        url = reverse(name, args=list(kwargs.values()))
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        keep_post = request.method not in ("GET", "HEAD")
        return HttpResponsePermanentRedirect(url, preserve_request=keep_post)

    return view


def old_address(route, old_name, new_name):
    """`route` in the admin (from its root), still called `old_name`, now `new_name` here."""
    return path(route, moved_to(new_name), name=old_name)
