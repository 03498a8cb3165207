"""Staff pages that the admin links to, each by a name: the app that serves a page (organising,
above every app) says which of its URLs it is, when it starts, so that an app's admin below it
links to the page without naming the app above (scripts/architecture.py). In a template:
`{% load staff_pages %}{% staff_url "bursary-action" application.pk "score" %}`.
"""

from django.urls import reverse

_url_names = {}


def serve(page, url_name):
    """`page` is the URL called `url_name`."""
    _url_names[page] = url_name


def staff_url(page, *args):
    if page not in _url_names:
        raise LookupError(f"No app serves the staff page {page!r}.")
    return reverse(_url_names[page], args=args)
