"""An applicant applies for a travel bursary in a real browser, with axe-core on every public
step at desktop and phone widths; then a panel member scores the application in the admin."""

import re

import pytest
from django.contrib.auth.models import Group

from bursaries.models import PANEL_GROUP, BursaryApplication, Review
from outbox import services as outbox
from outbox.models import Email
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_apply_then_panel_scores(live_server, page, settings, django_user_model, width):
    settings.SITE_URL = live_server.url
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production")
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="Apply for a travel bursary").click()
    check(page, f"bursary-form-{width}", problems)

    page.get_by_label("Full name").fill("Siân Ó Dálaigh")
    page.get_by_label("Email address").fill("sian@example.org")
    page.get_by_label("Carer: I care for a family member or friend").check()
    page.get_by_label("Book my tickets for me").check()
    page.get_by_label("Where will you travel from?").fill("Wakefield")
    page.get_by_label("Your expected travel cost, in pounds").fill("£18.20")
    page.get_by_label("Why would you like to come to this seminar?").fill("word " * 260)
    page.get_by_role("button", name="Send my application").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check(page, f"bursary-errors-{width}", problems)

    page.get_by_label("Why would you like to come to this seminar?").fill(
        "I help run a carers' group and want to bring its voice."
    )
    page.get_by_label("You may keep what I have told you here about my health").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my application").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    check(page, f"bursary-check-email-{width}", problems)

    outbox.send_due()
    email = Email.objects.get(to="sian@example.org")
    link = re.search(r"https?://\S+/bursaries/[\w-]+/", email.body_text).group(0)
    page.goto(link)
    assert "We have your application." in page.inner_text("main")
    check(page, f"bursary-status-{width}", problems)
    assert problems == []

    # The panel member scores it in the admin.
    member = django_user_model.objects.create_user("panel", password="pw", is_staff=True)
    # get_or_create: transactional tests flush the group the data migration made.
    member.groups.add(Group.objects.get_or_create(name=PANEL_GROUP)[0])
    sign_in_with_second_factor(page, live_server, member)
    application = BursaryApplication.objects.get()
    page.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/")
    page.get_by_role("link", name=f"B{application.pk}").click()
    page.get_by_label("4: strong case").check()
    page.get_by_label("Your comment (optional)").fill("A clear case.")
    page.get_by_role("button", name="Save my score").click()

    assert "Your score for" in page.inner_text("body")
    assert Review.objects.get().score == 4


def test_word_count_tells_how_many_words_are_left(live_server, page):
    seminar = SeminarFactory()
    page.goto(live_server.url + f"/seminars/{seminar.slug}/bursary/")

    page.get_by_label("Why would you like to come to this seminar?").fill("one two three")
    left = page.locator("#id_statement_count").inner_text()
    page.get_by_label("Why would you like to come to this seminar?").fill("word " * 252)
    over = page.locator("#id_statement_count").inner_text()

    assert left == "You have 247 words left."
    assert over == "You have 2 words too many."
