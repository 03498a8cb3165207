"""A panel member offers a bursary in the admin; the applicant accepts on their page and, after
the seminar, claims with a receipt. axe-core checks every public step, desktop and phone."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from bursaries.models import PANEL_GROUP, BursaryStatus, Receipt, SeminarBursaries
from outbox import services as outbox
from outbox.models import Email
from seminars.models import Seminar
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.factories import BursaryApplicationFactory, SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def receipt_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_offer_accept_and_claim(live_server, page, settings, django_user_model, width):
    settings.SITE_URL = live_server.url
    seminar = SeminarFactory(title="Enacting co-production", bursaries_closed=True)
    application = BursaryApplicationFactory(seminar=seminar, travel_cost="24.50")
    member = django_user_model.objects.create_user("panel", password="pw", is_staff=True)
    member.groups.add(Group.objects.get_or_create(name=PANEL_GROUP)[0])
    problems = []

    # The panel stages an offer, previews the email and sends it.
    sign_in_with_second_factor(page, live_server, member)
    page.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/{application.pk}/change/")
    page.get_by_label("Offer a bursary").check()
    page.get_by_label("Reply by (the end of this day, UK time)").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Stage this decision").click()
    assert "staged" in page.inner_text("body")
    page.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/")
    page.get_by_role("link", name="Preview and send staged decisions (1)").click()
    assert "Action needed: a travel bursary" in page.inner_text("main")
    page.get_by_role("button", name="Send 1 decision").click()
    page.context.clear_cookies()

    # The applicant accepts on their page.
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    outbox.send_due()
    email = Email.objects.get(kind="bursaries/offered")
    link = re.search(r"https?://\S+/bursaries/[\w-]+/", email.body_text).group(0)
    page.goto(link)
    check(page, f"award-offer-{width}", problems)
    page.get_by_role("link", name="Accept the bursary").click()
    check(page, f"award-accept-{width}", problems)
    page.get_by_label("Pay me back after the seminar").check()
    page.get_by_role("button", name="Accept the bursary").click()
    assert "Your place at the seminar is confirmed." in page.inner_text("main")

    # After the seminar, the claim with a receipt.
    start = timezone.now() - datetime.timedelta(days=1)
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_deadline=start - datetime.timedelta(days=10),
        registration_opens_at=start - datetime.timedelta(days=40),
    )
    SeminarBursaries.objects.filter(seminar=seminar).update(
        deadline=start - datetime.timedelta(days=20)
    )
    page.goto(link)
    page.get_by_role("link", name="Claim your travel costs").click()
    check(page, f"award-claim-{width}", problems)
    page.get_by_label("How much did you spend, in pounds?").fill("22.10")
    page.get_by_label("Your tickets and receipts").set_input_files(
        {"name": "ticket.jpg", "mimeType": "image/jpeg", "buffer": receipt_photo()}
    )
    page.get_by_role("button", name="Send my claim").click()
    assert "Thank you: we have your claim." in page.inner_text("main")
    check(page, f"award-claimed-{width}", problems)

    application.refresh_from_db()
    assert application.status == BursaryStatus.CLAIMED
    assert Receipt.objects.count() == 1
    assert problems == []
