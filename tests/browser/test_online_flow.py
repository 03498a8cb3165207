"""A visitor on a phone registers to take part online, reads the joining link on their private
page, and moves to the room; axe-core checks every step at 375 px."""

import re

import pytest

from outbox import services as outbox
from outbox.models import Email
from registrations.models import Mode, Registration, RegistrationStatus
from tests.browser.helpers import WIDTHS, check
from tests.factories import SeminarFactory
from tests.factories.registrations import SeminarOnlineFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.net/j/secret-room-7731"


def test_register_online_see_the_link_and_move_to_the_room(live_server, page, settings):
    settings.SITE_URL = live_server.url
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production", capacity=5)
    SeminarOnlineFactory(seminar=seminar, capacity=5, joining_link=LINK)
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    assert (
        "You can also take part online, with live captions if you ask for them."
        in page.inner_text("main")
    )
    assert LINK not in page.content()
    page.get_by_role("link", name="Register for a place").click()
    check(page, "online-register-phone", problems)

    page.get_by_label("Online, on a computer, tablet or phone").check()
    page.get_by_label("Full name").fill("Siân Ó Dálaigh")
    page.get_by_label("Email address").fill("sian@example.org")
    page.get_by_label("Academic or researcher").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register for a place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    outbox.send_due()
    email = Email.objects.get(to="sian@example.org")
    assert LINK in email.body_text
    manage = re.search(r"https?://\S+/registrations/[\w-]+/", email.body_text).group(0)
    page.goto(manage)
    main = page.inner_text("main")
    assert "Joining online" in main
    assert page.get_by_role("link", name=LINK).is_visible()
    check(page, "online-manage-phone", problems)

    page.get_by_role("link", name="Come to the room instead").click()
    check(page, "online-move-phone", problems)
    page.get_by_role("button", name="Yes, come to the room").click()
    main = page.inner_text("main")
    assert "You now have a place in the room." in main
    assert LINK not in page.content()
    check(page, "online-moved-phone", problems)

    registration = Registration.objects.get()
    assert (registration.mode, registration.status) == (Mode.ROOM, RegistrationStatus.CONFIRMED)
    assert problems == []
