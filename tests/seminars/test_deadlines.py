"""Deadlines entered as the day people say, stored as the moment registration closes."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from registrations import services
from seminars.deadlines import closing_moment, day_and_time
from seminars.models import Seminar
from tests.utils import london, seminar_parts_data, text

# The bursary deadline and decision day emptied on the same page.
NO_BURSARIES = {"bursaries-0-deadline_0": "", "bursaries-0-decisions_by": ""}

pytestmark = pytest.mark.django_db

DEC_17 = datetime.date(2015, 12, 17)


def test_a_day_closes_at_the_start_of_the_next_day_uk_time():
    assert closing_moment(DEC_17) == london(2015, 12, 18)
    assert day_and_time(london(2015, 12, 18)) == (DEC_17, None)


def test_an_earlier_time_closes_then():
    assert closing_moment(DEC_17, datetime.time(17, 0)) == london(2015, 12, 17, 17)
    assert day_and_time(london(2015, 12, 17, 17)) == (DEC_17, datetime.time(17, 0))


def test_days_either_side_of_the_clock_changes_keep_uk_midnight():
    march = closing_moment(datetime.date(2026, 3, 28))  # clocks go forward on the 29th
    october = closing_moment(datetime.date(2026, 10, 25))  # and back on the 25th

    assert march == london(2026, 3, 29)
    assert march.utcoffset() == datetime.timedelta(0)
    assert october == london(2026, 10, 26)
    assert day_and_time(october) == (datetime.date(2026, 10, 25), None)


def test_a_time_the_clocks_skip_is_refused_with_what_to_do():
    with pytest.raises(ValidationError, match="clocks go forward"):
        closing_moment(datetime.date(2026, 3, 29), datetime.time(1, 30))


@pytest.mark.parametrize(("hour", "minute"), [(1, 0), (1, 30), (1, 59)])
def test_a_time_the_clocks_repeat_is_refused_as_clearly(hour, minute):
    with pytest.raises(ValidationError, match="happens twice on that day") as refused:
        closing_moment(datetime.date(2026, 10, 25), datetime.time(hour, minute))

    assert refused.value.code == "ambiguous_time"


@pytest.mark.parametrize(("hour", "minute"), [(0, 59), (2, 0)])
def test_the_times_either_side_of_the_repeated_hour_are_taken(hour, minute):
    moment = closing_moment(datetime.date(2026, 10, 25), datetime.time(hour, minute))

    assert (moment.hour, moment.minute) == (hour, minute)


def admin_data(seminar, **overrides):
    """The seminar's change form as the admin posts it, without its inlines' rows."""
    data = {
        "number": seminar.number,
        "title": seminar.title,
        "slug": seminar.slug,
        "status": seminar.status,
        "summary": seminar.summary,
        "description": seminar.description,
        "starts_at_0": "2016-01-05",
        "starts_at_1": "10:00",
        "ends_at_0": "2016-01-05",
        "ends_at_1": "16:00",
        "registration_opens_at_0": "2015-11-01",
        "registration_opens_at_1": "09:00",
        "registration_deadline_0": "2015-12-17",
        "registration_deadline_1": "",
        "capacity": 60,
        "waiting_list_cutoff_hours": 48,
        "check_in_margin_hours": 3,
        **seminar_parts_data(seminar),
        "talks-TOTAL_FORMS": 0,
        "talks-INITIAL_FORMS": 0,
        "programme_items-TOTAL_FORMS": 0,
        "programme_items-INITIAL_FORMS": 0,
    }
    return {**data, **overrides}


def change(client, seminar, **overrides):
    return client.post(
        f"/admin/seminars/seminar/{seminar.pk}/change/", admin_data(seminar, **overrides)
    )


def test_the_admin_shows_the_day_and_the_sentence_the_public_reads(client, organiser, seminar_1):
    page = client.get(f"/admin/seminars/seminar/{seminar_1.pk}/change/")
    listing = client.get("/admin/seminars/seminar/")

    assert 'name="registration_deadline_0" value="2015-12-10"' in page.content.decode()
    assert "Registration closes at 23:59 on Thursday 10 December 2015 (UK time)." in text(page)
    assert "Bursary applications close at 23:59 on Monday 30 November 2015 (UK time)." in text(page)
    assert "Applicants hear whether they have a bursary by Tuesday 8 December 2015." in text(page)
    assert "23:59 on Thursday 10 December 2015" in text(listing)


def test_a_day_entered_closes_registration_at_the_end_of_that_day(client, organiser, seminar_1):
    response = change(client, seminar_1, **NO_BURSARIES)
    seminar_1.refresh_from_db()

    assert response.status_code == 302, text(response)
    assert seminar_1.registration_deadline == london(2015, 12, 18)
    with time_machine.travel(london(2015, 12, 17, 23, 59, 59)):
        assert not services.closed_message(Seminar.objects.get(pk=seminar_1.pk))
    with time_machine.travel(london(2015, 12, 18)):
        assert services.closed_message(Seminar.objects.get(pk=seminar_1.pk))


def test_an_earlier_time_is_kept(client, organiser, seminar_1):
    change(
        client,
        seminar_1,
        registration_deadline_1="17:00",
        **NO_BURSARIES,
    )
    seminar_1.refresh_from_db()

    assert seminar_1.registration_deadline == london(2015, 12, 17, 17)


@pytest.mark.parametrize(
    ("day", "time", "message"),
    [
        ("", "17:00", "Enter the day as well as the time."),
        ("17/13/2015", "", "Enter the day as a date."),
        ("2015-12-17", "5pm", "Enter the time like 17:00."),
    ],
)
def test_a_deadline_that_cannot_be_read_says_what_to_enter(
    client, organiser, seminar_1, day, time, message
):
    before = seminar_1.registration_deadline

    response = change(
        client,
        seminar_1,
        registration_deadline_0=day,
        registration_deadline_1=time,
        **NO_BURSARIES,
    )
    seminar_1.refresh_from_db()

    assert response.status_code == 200
    assert message in text(response)
    assert seminar_1.registration_deadline == before
