"""An Organisers-only account at work in a real browser: a deadline entered as a day, with the
public's sentence beside it. axe-core checks each page, desktop and phone."""

import pytest

from seminars.models import Seminar
from tests.browser.signin import sign_in_with_second_factor
from tests.browser.test_pages import WIDTHS
from tests.browser.test_registration_flow import check
from tests.factories import SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("ann", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    return user


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_deadline_is_entered_as_the_day_people_say(live_server, page, organiser, width):
    seminar = SeminarFactory(
        starts_at=london(2027, 1, 12, 10),
        ends_at=london(2027, 1, 12, 16),
        registration_opens_at=None,
        registration_deadline=london(2026, 12, 30),
        bursary_deadline=None,
        bursary_decisions_by=None,
    )
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_with_second_factor(page, live_server, organiser)

    page.goto(f"{live_server.url}/admin/seminars/seminar/{seminar.pk}/change/")
    sentence = page.locator(
        "#id_registration_deadline_0 ~ .deadline-sentence, .deadline-sentence"
    ).first
    assert sentence.inner_text() == (
        "Registration closes at 23:59 on Tuesday 29 December 2026 (UK time)."
    )
    page.get_by_label("Register by").fill("2026-12-17")
    assert sentence.inner_text() == (
        "Registration closes at 23:59 on Thursday 17 December 2026 (UK time)."
    )
    page.get_by_label("Closing time, if earlier than the end of that day (optional)").first.fill(
        "17:00"
    )
    assert sentence.inner_text() == (
        "Registration closes at 17:00 on Thursday 17 December 2026 (UK time)."
    )
    check(page, f"organiser-deadline-{width}", problems)
    page.get_by_role("button", name="Save", exact=True).click()

    assert Seminar.objects.get(pk=seminar.pk).registration_deadline == london(2026, 12, 17, 17)
    assert not problems, "\n".join(problems)
