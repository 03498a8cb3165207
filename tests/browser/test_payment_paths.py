"""Each way of paying a bursary, end to end in a real browser: the applicant applies on a phone
(375 px), a panel member scores and offers in the admin, the applicant accepts choosing how we
pay, the panel books or pays in advance, the applicant claims after the seminar, the panel
approves and pays. axe-core checks every public page, and each page's words are checked for
its path: nobody whose tickets we booked is told to keep receipts for them."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from bursaries.models import (
    PANEL_GROUP,
    BursaryApplication,
    BursaryStatus,
    Claim,
    SeminarBursaries,
)
from bursaries.queries import money_of
from outbox import services as outbox
from outbox.models import Email
from registrations.models import RegistrationStatus
from seminars.models import Seminar
from tests.browser.helpers import SCREENSHOTS, WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = dict(zip(("width", "height"), WIDTHS["phone"], strict=True))
DESKTOP = dict(zip(("width", "height"), WIDTHS["desktop"], strict=True))
CHOICES = {
    "book": "Book my tickets for me",
    "advance": "Pay me before I travel",
    "reimburse": "Pay me back after the seminar",
}
KEEP_RECEIPTS = "Keep your tickets and receipts"


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, format="JPEG")
    return {"name": "ticket.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def main_text(page):
    return " ".join(page.inner_text("main").split())


def move_seminar(seminar, *, days):
    """Time passes: the seminar starts `days` from now (negative: it is over), every deadline
    moving with it, as the factory sets them."""
    start = timezone.now() + datetime.timedelta(days=days)
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=start - datetime.timedelta(days=70),
        registration_deadline=start - datetime.timedelta(days=10),
    )
    SeminarBursaries.objects.filter(seminar=seminar).update(
        deadline=start - datetime.timedelta(days=20),
        decisions_by=(start - datetime.timedelta(days=14)).date(),
    )


def admin_page(page, live_server, application):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/{application.pk}/change/")


@pytest.mark.parametrize("method", ["book", "advance", "reimburse"])
def test_a_payment_path_end_to_end(live_server, browser, settings, django_user_model, method):
    settings.SITE_URL = live_server.url
    seminar = SeminarFactory(title="Enacting co-production", capacity=30)
    member = django_user_model.objects.create_user("panel", password="pw", is_staff=True)
    member.groups.add(Group.objects.get_or_create(name=PANEL_GROUP)[0])
    problems = []
    applicant = browser.new_page(viewport=PHONE)
    panel = browser.new_page(viewport=DESKTOP)

    # The applicant applies on a phone, with a companion and access needs.
    applicant.goto(live_server.url + seminar.get_absolute_url())
    applicant.get_by_role("link", name="Apply for a travel bursary").click()
    applicant.get_by_label("Full name").fill("Siân Ó Dálaigh")
    applicant.get_by_label("Email address").fill("sian@example.org")
    applicant.get_by_label("Service user: I use, or have used, mental health services").check()
    applicant.get_by_label("Where will you travel from?").fill("Wakefield")
    applicant.get_by_label("Your expected travel cost, in pounds").fill("£24.50")
    applicant.get_by_label("A companion or carer needs to travel with me").check()
    applicant.get_by_label("Their expected travel cost, in pounds").fill("24.50")
    applicant.get_by_label(CHOICES[method]).check()
    applicant.get_by_label("Anything else that would help (optional)").fill(
        "Somewhere quiet to sit at lunch"
    )
    applicant.get_by_label("Why would you like to come to this seminar?").fill(
        "I want to bring what our peer group has learned."
    )
    applicant.get_by_label("You may keep what I have told you here about my health").check()
    applicant.get_by_label("I have read the privacy notice").check()
    applicant.get_by_role("button", name="Send my application").click()
    assert applicant.get_by_role("heading", level=1).inner_text() == "Check your email"
    application = BursaryApplication.objects.get()
    assert application.payment_method == method

    # Applications close; the panel scores, offers two lines and sends.
    move_seminar(seminar, days=19)
    sign_in_with_second_factor(panel, live_server, member)
    admin_page(panel, live_server, application)
    panel.get_by_label("4: strong case").check()
    panel.get_by_role("button", name="Save my score").click()
    panel.get_by_label("Offer a bursary").check()
    panel.get_by_label("Reply by (the end of this day, UK time)").fill(
        (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    )
    panel.get_by_role("button", name="Stage this decision").click()
    panel.goto(f"{live_server.url}/staff/bursaries/send-staged/")
    panel.get_by_role("button", name="Send 1 decision").click()
    expect(panel.locator("body")).to_contain_text("Sent 1 decision.")

    # The applicant reads the offer and accepts, choosing how we pay.
    outbox.send_due()
    link = re.search(
        r"https?://\S+/bursaries/[\w-]+/", Email.objects.get(kind="bursaries/offered").body_text
    ).group(0)
    applicant.goto(link)
    assert "We are pleased to offer you a travel bursary of up to £49.00" in main_text(applicant)
    check(applicant, f"path-{method}-offer", problems)
    applicant.get_by_role("link", name="Accept the bursary").click()
    check(applicant, f"path-{method}-accept", problems)
    applicant.get_by_label(CHOICES[method]).check()
    applicant.get_by_role("button", name="Accept the bursary").click()
    accepted = main_text(applicant)
    check(applicant, f"path-{method}-accepted", problems)
    assert "Your place is confirmed" in accepted
    application.refresh_from_db()
    place = application.registration
    assert place.status == RegistrationStatus.CONFIRMED
    assert (place.group, place.access_requirements) == (
        "service_user",
        "Somewhere quiet to sit at lunch",
    )

    if method == "book":
        assert "We will email you when we have booked them" in accepted
        assert KEEP_RECEIPTS not in accepted
        admin_page(panel, live_server, application)
        panel.get_by_label("Journey").fill("Wakefield to Leeds and back, with companion")
        panel.get_by_label("What we booked").fill("Two standard-class returns, ref ABC123")
        panel.get_by_label("Cost, in pounds").fill("38.40")
        panel.get_by_label("By email, as e-tickets").check()
        panel.get_by_role("button", name="Save the booking and email the applicant").click()
        applicant.goto(link)
        booked = main_text(applicant)
        check(applicant, f"path-{method}-booked", problems)
        assert "Two standard-class returns, ref ABC123" in booked
        assert "you do not need to pay for them, or keep receipts for them" in booked
        assert KEEP_RECEIPTS not in booked
    elif method == "advance":
        assert "The university's finance office will contact you" in accepted
        admin_page(panel, live_server, application)
        panel.get_by_label("Advance paid, in pounds").fill("49.00")
        panel.get_by_label("Paid on").fill(timezone.localdate().isoformat())
        panel.get_by_role("button", name="Record the advance and email the applicant").click()
        applicant.goto(link)
        advanced = main_text(applicant)
        check(applicant, f"path-{method}-advance-paid", problems)
        assert "We paid you £49.00 on" in advanced
        assert "If you cannot come because you are unwell" in advanced
    else:
        assert f"{KEEP_RECEIPTS}. After the seminar, send them to us here" in accepted

    # After the seminar: a claim (for what we did not book, or set against the advance).
    move_seminar(seminar, days=-1)
    applicant.goto(link)
    claim_link = {
        "book": "Claim other costs",
        "advance": "Send your tickets and receipts",
        "reimburse": "Claim your travel costs",
    }[method]
    applicant.get_by_role("link", name=claim_link).click()
    claim_page = main_text(applicant)
    check(applicant, f"path-{method}-claim", problems)
    if method == "book":
        assert "We booked and paid for these, so do not include them" in claim_page
        applicant.get_by_label(
            "How much did you spend yourself, in pounds, apart from what we booked?"
        ).fill("8.60")
        applicant.get_by_label("Your receipts").set_input_files(photo())
    else:
        applicant.get_by_label("How much did you spend, in pounds?").fill("52.00")
        applicant.get_by_label("If you spent more than we offered").fill("A taxi from the station")
        applicant.get_by_label("Your tickets and receipts").set_input_files(photo())
    applicant.get_by_role("button", name="Send my claim").click()
    assert "Thank you: we have your claim." in main_text(applicant)

    # The panel approves, then records the payment.
    admin_page(panel, live_server, application)
    panel.screenshot(path=SCREENSHOTS / f"path-{method}-panel-claim.png", full_page=True)
    panel.get_by_role("button", name="Approve the claim").click()
    panel.get_by_label("Paid on").fill(timezone.localdate().isoformat())
    panel.get_by_role("button", name="Record the payment").click()
    applicant.goto(link)
    paid = main_text(applicant)
    check(applicant, f"path-{method}-paid", problems)

    application.refresh_from_db()
    expected = {"book": "8.60", "advance": "3.00", "reimburse": "52.00"}[method]
    assert application.status == BursaryStatus.PAID
    assert str(money_of(Claim.objects.get().application).paid) == expected
    assert f"We have paid £{expected}" in paid
    outbox.send_due()
    bodies = " ".join(email.body_text for email in Email.objects.filter(to="sian@example.org"))
    if method == "book":
        assert KEEP_RECEIPTS not in bodies
    assert Email.objects.filter(kind="bursaries/accepted").count() == 1
    assert not Email.objects.filter(kind="registrations/place_confirmed").exists()
    assert problems == []
