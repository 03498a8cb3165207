"""On a phone, a visitor registers with needs from the checklist and asks us to phone them
(first forgetting the number: the form says what to do, without any script); an organiser finds
them on the call-back list and marks them called. axe-core checks every step."""

import pytest

from registrations.models import CallBack, Registration
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.factories import SeminarFactory
from tests.test_groups import organisers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("ann", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    return user


def test_register_with_needs_and_phone_me_at_375_px(live_server, page, settings, organiser):
    settings.SITE_URL = live_server.url
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production", capacity=5)
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="Register for a place").click()
    page.get_by_label("Full name").fill("Mo Farrell")
    page.get_by_label("Email address").fill("mo@example.org")
    page.get_by_label("Service user: I use, or have used, mental health services").check()
    access = page.get_by_role("group", name="Getting there and taking part (optional)")
    access.get_by_label("Step-free access (no stairs or steps)").check()
    access.get_by_label("A hearing loop").check()
    food = page.get_by_role("group", name="Food (optional)")
    food.get_by_label("Vegan").check()
    food.get_by_label("Nut allergy").check()
    page.get_by_label("Please phone me to talk about what would help").check()
    page.get_by_label("You may keep what I have told you here about my health").check()
    page.get_by_label("I have read the privacy notice").check()
    check(page, "needs-register-phone", problems)
    page.get_by_role("button", name="Register for a place").click()

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check(page, "needs-register-phone-error", problems)
    page.get_by_role("link", name="Enter a phone number we can call you on").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    assert page.get_by_label("Nut allergy").is_checked()  # nothing typed or ticked is lost
    page.get_by_label("Phone number (only if you would like a call)").fill("07700 900123")
    page.get_by_role("button", name="Register for a place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    registration = Registration.objects.get()
    assert registration.needs == ["step_free", "hearing_loop", "vegan", "nut_allergy"]
    assert CallBack.objects.get().phone == "07700 900123"

    sign_in_with_second_factor(page, live_server, organiser)
    page.goto(live_server.url + "/admin/registrations/registration/")
    page.get_by_role("link", name="People to phone").click()
    assert "07700 900123" in page.inner_text("#content")
    check(page, "needs-call-backs", problems)
    page.get_by_role("button", name="Called Mo Farrell").click()
    assert "Marked as called: Mo Farrell." in page.inner_text("body")
    check(page, "needs-call-backs-called", problems)

    call = CallBack.objects.get()
    assert (call.called_by, call.called_at is not None) == (organiser, True)
    assert problems == []


def test_register_someone_with_needs_at_375_px(live_server, page, settings, organiser):
    settings.SITE_URL = live_server.url
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production", capacity=5)
    problems = []

    sign_in_with_second_factor(page, live_server, organiser)
    page.goto(live_server.url + f"/staff/registrations/register-someone/?seminar={seminar.pk}")
    page.get_by_label("This person's full name").fill("Pat Oduya")
    page.get_by_label("Carer: I care for a family member or friend").check()
    page.get_by_role(
        "group", name="What would help this person get there and take part (optional)"
    ).get_by_label("Quiet room").check()
    page.get_by_label("This person would like a call to talk about what would help").check()
    page.get_by_label("Their phone number (only if they would like a call)").fill("0113 496 0002")
    page.get_by_label("This person consents to us holding their health information").check()
    page.get_by_label("This person has been told about the privacy notice").check()
    check(page, "needs-register-someone", problems)
    page.get_by_role("button", name="Register").click()

    registration = Registration.objects.get()
    assert registration.needs == ["quiet_room"]
    assert registration.call_back.phone == "0113 496 0002"
    assert problems == []
