"""Staff pages the admin links to by name (common/staff_pages.py): each one served resolves,
and a page nobody serves fails loudly rather than leaving a dead link."""

import pytest
from django.urls import reverse

from common.staff_pages import staff_url
from organising.moved import LINKED_FROM_THE_ADMIN


def test_the_admin_links_to_the_page_organising_serves_under_that_name():
    assert staff_url("bursary-action", 3, "score") == reverse(
        "organising:bursary-action", args=[3, "score"]
    )
    assert staff_url("feedback-csv") == "/staff/feedback/csv/"


def test_every_page_organising_serves_to_the_admin_is_one_of_its_urls():
    for name in LINKED_FROM_THE_ADMIN:
        assert reverse(f"organising:{name}", args=_arguments(name)) == staff_url(
            name, *_arguments(name)
        )


def test_a_page_nobody_serves_is_an_error():
    with pytest.raises(LookupError, match="nobody-serves-this"):
        staff_url("nobody-serves-this")


def _arguments(name):
    return {
        "bursary-action": [1, "score"],
        "bursary-receipt": [1, 2],
        "bursary-tell-holders": [1],
        "certificate-preview": [1],
        "feedback-seminar": [1],
        "email-registered": [1],
        "announce": [1],
        "resend-confirmation": [1],
        "correct-attendance": [1],
        "online-attendance": [1],
        "fees-seminar": [1],
        "fee": [1],
    }.get(name, [])
