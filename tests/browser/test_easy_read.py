"""Easy Read pages and the bursary form on a phone, in a real browser: axe-core (WCAG 2.2 AA)
finds nothing at 375 and 1280 px, nothing scrolls sideways, and on a phone the form's first
question is near the top of the page (it was about 2,600 px down before the explanation was
summarised in a few lines)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bursaries.models import BursaryEasyReadLine, BursaryPolicy
from seminars.models import SeminarEasyReadLine
from tests.browser.helpers import WIDTHS, check
from tests.factories import SeminarFactory
from tests.test_images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the form's first question may start on a phone (375 px wide), from the top of the page.
FORM_STARTS_BY = 900


def sentences(make, texts):
    for order, (words, alt) in enumerate(texts):
        line = make(text=words, order=order, picture_alt=alt or "")
        if alt:
            line.picture.save(f"p{order}.png", SimpleUploadedFile("p.png", image_bytes("PNG")))
        else:
            line.save()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_easy_read_pages_pass_axe(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production")
    sentences(
        lambda **fields: SeminarEasyReadLine(seminar=seminar, **fields),
        [
            ("This is a day to talk about mental health services.", "People talking"),
            ("People who use services and people who work in them come.", None),
            ("We meet in Leeds.", "A map of Leeds"),
        ],
    )
    policy, _ = BursaryPolicy.objects.get_or_create(pk=1)
    sentences(
        lambda **fields: BursaryEasyReadLine(policy=policy, **fields),
        [
            ("You can ask us for money for your travel.", "Coins"),
            ("We can buy your train ticket for you.", "A train ticket"),
        ],
    )
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="Easy Read version").click()
    assert page.get_by_text("We meet in Leeds.").is_visible()
    check(page, f"easy-read-seminar-{width}", problems)

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="How bursaries work, in Easy Read").click()
    assert page.get_by_text("We can buy your train ticket for you.").is_visible()
    check(page, f"easy-read-bursaries-{width}", problems)

    assert problems == []


def test_on_a_phone_the_bursary_form_starts_near_the_top(live_server, page):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production")
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="Apply for a travel bursary").click()
    first_question = page.locator("form.site-form input:visible, form.site-form textarea").first
    top = first_question.bounding_box()["y"] + page.evaluate("window.scrollY")

    assert top < FORM_STARTS_BY, f"the form's first question starts {top:.0f}px down"
    # The summary's link reaches the full explanation, after the form on the same page.
    page.get_by_role("link", name="How bursaries work, in full").click()
    assert page.get_by_role("heading", name="How bursaries work").is_visible()
    check(page, "bursary-form-short-first-phone", problems)
    assert problems == []
