"""The feedback form in a real browser: axe-core (WCAG 2.2 AA) finds nothing at desktop and phone
widths, empty and after a send with nothing chosen; nothing scrolls sideways; screenshots are kept
in var/screenshots/feedback-form-{desktop,phone}.png for a person to look at."""

import pytest
from django.urls import reverse

from feedback.models import FeedbackAnswer, QuestionKind
from tests.browser.helpers import WIDTHS, check
from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_feedback_form_passes_axe_empty_and_after_a_failed_send(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    registration = AttendedFactory(seminar__title="Enacting co-production")
    FeedbackQuestionFactory(seminar=registration.seminar, hint="The rooms, the lifts, the food.")
    FeedbackQuestionFactory(
        seminar=registration.seminar, wording="The afternoon workshop?", kind=QuestionKind.TEXT
    )
    url = live_server.url + reverse("feedback:give", kwargs={"token": registration.manage_token})
    problems = []

    page.goto(live_server.url + registration.manage_path)
    page.get_by_role("link", name="Give feedback on the seminar").click()
    check(page, f"form-{width}", problems, screenshot=False)
    page.get_by_label("What could we do better next time? (optional)").fill("A quieter room")
    page.get_by_role("button", name="Send my feedback").click()
    check(page, f"form-errors-{width}", problems, screenshot=f"feedback-form-{width}.png")
    error_link = page.get_by_role("link", name="Choose how useful the seminar was for you")
    error_link.click()
    focused = page.evaluate("document.activeElement.id")
    page.get_by_label("3: Quite useful").check()
    page.get_by_role("button", name="Send my feedback").click()
    check(page, f"thanks-{width}", problems, screenshot=False)

    assert page.url == url
    assert focused == "id_usefulness_0"
    assert page.get_by_role("heading", name="Thank you for your feedback").count() == 1
    assert list(FeedbackAnswer.objects.values_list("usefulness", "could_be_better")) == [
        (3, "A quieter room")
    ]
    assert problems == []
