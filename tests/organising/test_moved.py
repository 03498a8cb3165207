"""The admin's old addresses of pages that moved under /staff/: links in emails already sent,
and forms on pages loaded before the move, still reach the page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_old_address_sends_a_visit_on_with_its_query_string(client):
    old = reverse("admin:bursaries_bursaryapplication_tell_holders", args=[7])

    response = client.get(f"{old}?from=email&x=%C3%A9")

    assert response.status_code == 301
    assert response["Location"] == "/staff/bursaries/tell-holders/7/?from=email&x=%C3%A9"


def test_an_old_address_sends_a_form_on_as_a_post_and_asks_nothing_itself(client):
    old = reverse("admin:bursaries_bursaryapplication_action", args=[12, "score"])

    response = client.post(old, {"score": "3"})

    # A 308 keeps the method and the body; the new page checks who may do it.
    assert response.status_code == 308
    assert response["Location"] == reverse("organising:bursary-action", args=[12, "score"])
