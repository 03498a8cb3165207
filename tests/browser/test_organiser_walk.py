"""An Organisers-only account at work in a real browser: a deadline entered as a day, with the
public's sentence beside it. axe-core checks each page, desktop and phone."""

import datetime

import pytest
from django.utils import timezone

from seminars.models import Seminar
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
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


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_overview_for_an_organiser_and_for_the_panel(
    live_server, page, organiser, django_user_model, width
):
    from tests.bursaries.conftest import panel_group
    from tests.organising.test_overview import busy_seminar

    busy_seminar(bursaries_closed=True)
    SeminarFactory(number=1, title="Democratic professionalism", starts_at=london(2026, 1, 5, 10))
    member = django_user_model.objects.create_user("pat", password="pw", is_staff=True)
    member.groups.add(panel_group())
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))

    sign_in_with_second_factor(page, live_server, organiser)
    assert "Needs attention" in page.inner_text("main")
    assert "Places taken" in page.inner_text("main")
    check(page, f"overview-organiser-{width}", problems)

    page.context.clear_cookies()
    sign_in_with_second_factor(page, live_server, member)
    assert "1 offer lapses within three days" in page.inner_text("main")
    check(page, f"overview-panel-{width}", problems)

    assert not problems, "\n".join(problems)


def test_the_door_list_on_a_phone(live_server, page, organiser):
    from registrations.models import Registration
    from tests.factories import RegistrationFactory

    seminar = SeminarFactory(  # today: the door list is open from three hours before
        title="Enacting co-production",
        capacity=10,
        starts_at=timezone.now() + datetime.timedelta(hours=1),
    )
    RegistrationFactory(seminar=seminar, name="Siân Ó Dálaigh", organisation="Leeds Mind")
    RegistrationFactory(seminar=seminar, name="Bob Smith")
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
    sign_in_with_second_factor(page, live_server, organiser)

    page.get_by_role("link", name="Door list").click()
    check(page, "door-list-phone", problems)
    page.get_by_label("Find a name").fill("sian")  # as you type, accents aside
    assert page.get_by_text("Bob Smith", exact=True).is_hidden()
    siân = page.locator(".door-person", has_text="Siân Ó Dálaigh")
    siân.get_by_role("button", name="Arrived").click()
    page.get_by_text("1 of 2 arrived").wait_for()
    assert siân.get_by_text("Arrived", exact=True).is_visible()
    check(page, "door-list-arrived-phone", problems)
    siân.get_by_role("button", name="Undo arrived").click()
    page.get_by_text("0 of 2 arrived").wait_for()

    page.get_by_role("link", name="Add someone who is not on the list").click()
    page.get_by_label("Full name").fill("Dee Walker")
    check(page, "door-walk-in-phone", problems)
    page.get_by_role("button", name="Add and mark as arrived").click()
    assert "Dee Walker is added and marked as arrived." in page.inner_text("main")
    assert "1 of 3 arrived" in page.inner_text("main")

    assert Registration.objects.get(name="Dee Walker").attended is True
    assert Registration.objects.get(name="Siân Ó Dálaigh").attended is None
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_funders_report(live_server, page, organiser, width):
    from tests.organising.test_report import seed_series

    seed_series()
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_with_second_factor(page, live_server, organiser)

    page.get_by_role("link", name="The funder’s report").click()  # noqa: RUF001 (the page says it so)
    service_users = page.locator("#series-heading ~ .table-responsive tbody tr").first
    assert service_users.inner_text().split() == ["Service", "users", "4", "2", "2", "0", "1", "0"]
    check(page, f"report-{width}", problems)
    page.get_by_label("From").fill("2016-01-01")
    page.get_by_label("To").fill("2016-01-31")
    page.get_by_role("button", name="Show").click()
    assert "The one seminar in these dates" in page.inner_text("main")
    check(page, f"report-dates-{width}", problems)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "funders-report.csv"
    assert not problems, "\n".join(problems)
