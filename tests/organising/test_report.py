"""The funder's report: a seeded series with known answers, before and after the retention jobs
and an erasure, and what the page and its CSV show to whom."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bursaries import services as bursary_services
from bursaries.models import BursaryStatus, Claim
from bursaries.personal_data import erase
from common import audit
from ledger import services as ledger
from organising.report import report
from registrations import services as registration_services
from registrations.models import ParticipantGroup, Registration, RegistrationStatus
from tests.bursaries.conftest import panel_group
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.factories.bursaries import advance_paid
from tests.test_groups import organisers_group
from tests.utils import london, text

pytestmark = pytest.mark.django_db

S = BursaryStatus
P = ParticipantGroup
CONFIRMED, WAITING, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def registration(seminar, group, status=CONFIRMED, attended=None, email=None):
    extra = {"email": email} if email else {}
    if group in P.health_related:
        extra["health_consent_at"] = timezone.now()
    return RegistrationFactory(
        seminar=seminar, group=group, status=status, attended=attended, **extra
    )


def application(seminar, group, history, *, email=None, **kwargs):
    """An application that went through `history` (statuses in order, the last one current)."""
    if group in P.health_related:
        kwargs["health_consent_at"] = timezone.now()
    if any(status in S.live_award or status in S.awarded for status in history):
        kwargs.update(offer_amount=Decimal("24.50"), reply_by=timezone.now())
    if email:
        kwargs["email"] = email
    made = BursaryApplicationFactory(seminar=seminar, group=group, status=history[-1], **kwargs)
    for before, after in zip([S.SUBMITTED, *history], history, strict=False):
        audit.record(made, f"{before} to {after}", by=None, data={"from": before, "to": after})
    return made


def paid_claim(made, claimed_on, paid_on):
    claim = Claim.objects.create(application=made, amount=Decimal("20.00"))
    Claim.objects.filter(pk=claim.pk).update(created=london(*claimed_on, 12))
    ledger.approve(made.account, Decimal("20.00"))
    ledger.pay(made.account, payee=made.name, paid_on=paid_on)


@pytest.fixture
def series():
    return seed_series()


def seed_series():
    """Two seminars held in 2016, with known answers (in the tests below)."""
    first = SeminarFactory(starts_at=london(2016, 1, 5, 10))
    second = SeminarFactory(starts_at=london(2016, 3, 1, 10))
    registration(first, P.SERVICE_USER, attended=True, email="sam@example.org")
    registration(first, P.SERVICE_USER, attended=True)
    registration(first, P.SERVICE_USER, attended=False)
    registration(first, P.SERVICE_USER, CANCELLED)
    registration(first, P.CARER)  # nobody marked them
    registration(first, P.ACADEMIC, attended=True)
    registration(first, P.ACADEMIC, attended=True)
    registration(first, P.ACADEMIC, WAITING)
    registration(second, P.PRACTITIONER, attended=True)
    registration(second, P.SERVICE_USER, attended=False, email="sam@example.org")

    suc, third, early = P.SERVICE_USER, P.THIRD_SECTOR, P.EARLY_CAREER
    paid = [S.OFFERED, S.ACCEPTED, S.CLAIMED, S.APPROVED, S.PAID]
    paid_claim(application(first, suc, paid), (2016, 1, 6), datetime.date(2016, 1, 16))  # 10 days
    paid_claim(application(first, suc, paid), (2016, 1, 8), datetime.date(2016, 1, 12))  # 4 days
    application(first, suc, [S.OFFERED, S.DECLINED], email="sam@example.org")
    application(first, third, [S.OFFERED, S.ACCEPTED, S.WITHDRAWN])
    advance_paid(
        application(first, third, [S.OFFERED, S.ACCEPTED, S.ADVANCE_PAID]),
        Decimal("10.00"),
        datetime.date(2015, 12, 20),
    )
    application(first, early, [S.NOT_OFFERED])
    application(second, early, [S.OFFERED, S.ACCEPTED, S.CLAIMED])
    return first, second


def attendance(part):
    return {
        name: (a.registered, a.attended, a.not_attended, a.unrecorded, a.cancelled, a.waiting)
        for name, a in [*part.attendance, ("All", part.total)]
    }


def bursaries(part):
    return {
        name: tuple(counts) for name, counts in [*part.bursary_lines, ("All", part.bursary_total)]
    }


FIRST = {
    "Service users": (3, 2, 1, 0, 1, 0),
    "Carers": (1, 0, 0, 1, 0, 0),
    "Academics and researchers": (2, 2, 0, 0, 0, 1),
    "All": (6, 4, 1, 1, 1, 1),
}
SECOND = {
    "Service users": (1, 0, 1, 0, 0, 0),
    "Practitioners in public services": (1, 1, 0, 0, 0, 0),
    "All": (2, 1, 1, 0, 0, 0),
}
SERIES = {
    "Service users": (4, 2, 2, 0, 1, 0),
    "Carers": (1, 0, 0, 1, 0, 0),
    "Practitioners in public services": (1, 1, 0, 0, 0, 0),
    "Academics and researchers": (2, 2, 0, 0, 0, 1),
    "All": (8, 5, 2, 1, 1, 1),
}
# Applied, offered, accepted, claimed, paid.
FIRST_BURSARIES = {
    "Service users and carers": (3, 3, 2, 2, 2),
    "People who work or volunteer for charities": (2, 2, 2, 0, 1),
    "Early-career researchers": (1, 0, 0, 0, 0),
    "All": (6, 5, 4, 2, 3),
}
SERIES_BURSARIES = {**FIRST_BURSARIES, "Early-career researchers": (2, 1, 1, 1, 0)}
SERIES_BURSARIES["All"] = (7, 6, 5, 3, 3)


def assert_known_answers():
    series, (first, second) = report()
    assert attendance(first) == FIRST
    assert attendance(second) == SECOND
    assert attendance(series) == SERIES
    assert bursaries(first) == FIRST_BURSARIES
    assert bursaries(series) == SERIES_BURSARIES
    assert first.median_days_to_pay == 7
    assert second.median_days_to_pay is None
    assert series.median_days_to_pay == 7


def test_the_report_gives_the_seeded_series_known_answers(series):
    assert_known_answers()


def test_the_answers_stay_true_as_details_are_removed_then_registrations_deleted(series):
    first, _ = series
    after_details = first.ends_at + datetime.timedelta(days=200)  # past 3 months, before 12
    removed, deleted = registration_services.apply_retention(now=after_details)
    assert (removed, deleted) == (10, 0)
    assert set(Registration.objects.values_list("group", flat=True)) == {""}
    assert_known_answers()

    removed, deleted = registration_services.apply_retention(now=after_details.replace(year=2018))
    assert (removed, deleted) == (0, 10)
    assert not Registration.objects.exists()
    bursary_services.apply_retention(now=after_details.replace(year=2018))
    assert_known_answers()


def test_the_answers_stay_true_after_an_erasure(series):
    """Sam registered for both seminars and applied for a bursary, declined: all of it goes."""
    counts = erase("sam@example.org")

    assert counts["registrations"] == 2
    assert counts["bursary_applications_deleted"] == 1
    assert_known_answers()
    # Twice is safe, and counts nothing twice.
    erase("sam@example.org")
    assert_known_answers()


def test_an_erasure_before_the_seminar_counts_the_place_as_cancelled():
    seminar = SeminarFactory()  # in thirty days
    registration(seminar, P.ACADEMIC, email="ann@example.org")

    erase("ann@example.org")

    _, (part,) = report()
    assert attendance(part)["All"] == (0, 0, 0, 0, 1, 0)


def test_the_report_counts_in_the_same_number_of_queries_for_one_seminar_and_for_many(series):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report()
        return len(captured)

    few = queries()
    for _ in range(5):
        seminar = SeminarFactory()
        registration(seminar, P.CARER, attended=True)
        application(seminar, P.EARLY_CAREER, [S.OFFERED])
    assert queries() == few


def test_a_date_range_keeps_the_seminars_that_start_within_it(series):
    series_part, seminars = report(datetime.date(2016, 2, 1), datetime.date(2016, 3, 1))

    assert [part.seminar.pk for part in seminars] == [series[1].pk]
    assert attendance(series_part) == SECOND
    assert report(datetime.date(2016, 1, 5), datetime.date(2016, 1, 5))[1][0].seminar == series[0]


def test_a_seminar_not_yet_held_has_no_unrecorded_count(client, organiser):
    SeminarFactory(title="Still to come")
    response = client.get("/staff/report/")
    assert "Not held yet: attendance is counted once it has happened." in text(response)


@pytest.fixture
def staff_member(client, django_user_model):
    def sign_in(group):
        user = django_user_model.objects.create_user(group.name[:20], is_staff=True)
        user.groups.add(group)
        client.force_login(user)
        return user

    return sign_in


def test_organisers_and_the_panel_read_the_report_and_door_helpers_do_not(client, staff_member):
    from tests.organising.test_overview import door_helpers

    staff_member(door_helpers())
    assert client.get("/staff/report/").status_code == 403
    assert client.get("/staff/report.csv").status_code == 403
    staff_member(organisers_group())
    assert client.get("/staff/report/").status_code == 200
    staff_member(panel_group())
    assert client.get("/staff/report/").status_code == 200
    client.logout()
    assert client.get("/staff/report/").status_code == 302


def test_the_page_shows_the_counts_and_explains_them(client, organiser, series):
    page = text(client.get("/staff/report/"))

    assert "All 2 seminars" in page
    assert "Service users 3 2 1 0 1 0" in page
    assert "All groups 8 5 2 1 1 1" in page
    assert "Median time from a claim arriving to its payment: 7 days (2 claims paid)." in page
    assert "“Not recorded” is everyone with a place whom nobody marked either way." in page


def test_a_wrong_range_says_what_to_do(client, organiser, series):
    response = client.get("/staff/report/", {"start": "2016-03-01", "end": "2016-01-01"})
    assert response.status_code == 200
    assert "The “To” date is before the “From” date: swap them, or clear one." in text(response)
    assert client.get("/staff/report/", {"start": "not a date"}).status_code == 200


def test_the_csv_opens_in_a_spreadsheet_with_titles_dates_and_every_count(
    client, organiser, series
):
    first, _ = series
    response = client.get("/staff/report.csv", {"start": "2016-01-01", "end": "2016-01-31"})
    body = b"".join(response.streaming_content).decode("utf-8")

    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    title = f"Seminar {first.number}: {first.title}"
    assert rows[0][:5] == ["Seminar", "Date", "Counting", "Group", "Registered"]
    assert [title, "Tuesday 5 January 2016", "Registrations", "Service users"] == rows[1][:4]
    assert rows[1][4:10] == ["3", "2", "1", "0", "1", "0"]
    bursary_total = next(r for r in rows if r[0] == title and r[2:4] == ["Bursaries", "All groups"])
    assert bursary_total[10:16] == ["6", "5", "4", "2", "3", "7"]
    assert ["All seminars", "", "Bursaries", "All groups"] in [row[:4] for row in rows]
    assert rows[-1][:4] == ["All seminars", "", "Spend", "All budget lines"]  # organisers' money


def test_the_admins_counts_entry_leads_to_the_report_with_live_numbers(client, staff_member):
    staff_member(organisers_group())
    client.get("/admin/")  # the staff session's first write
    page = client.get("/admin/").content.decode()

    assert '<a href="/staff/report/">Counts by group: the funder&#x27;s report</a>' in page


def test_the_overview_and_the_report_count_attendance_by_one_rule(series, django_user_model):
    """A held place counts in both, and so do registrations whose details have gone."""
    from organising.overview import overview

    first, _ = series
    registration(first, P.CARER, RegistrationStatus.HELD)
    registration_services.apply_retention(now=london(2016, 6, 1))  # details go, counts stay
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")

    _, parts = report()
    line = next(line for line in overview(admin)["past"] if line.seminar == first)
    total = parts[0].total

    assert (line.attended, line.did_not_come, line.not_recorded) == (
        total.attended,
        total.not_attended,
        total.unrecorded,
    )
    assert (line.attended, line.did_not_come, line.not_recorded) == (4, 1, 2)


def test_the_report_lists_seminars_in_the_series_order():
    dated = SeminarFactory(number=1, starts_at=london(2027, 1, 19, 10))
    month_only = SeminarFactory(
        number=3,
        starts_at=None,
        ends_at=None,
        tentative_month=datetime.date(2027, 7, 1),
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=None,
        bursary_decisions_by=None,
    )
    second = SeminarFactory(number=2, starts_at=london(2027, 3, 3, 10))

    _, parts = report()

    assert [part.seminar for part in parts] == [dated, second, month_only]


def test_places_at_a_seminar_still_to_come_are_not_counted_as_not_recorded(series):
    """The series' total agrees with each seminar's own section (found by the browser review)."""
    coming = SeminarFactory(starts_at=timezone.now() + datetime.timedelta(days=7))
    for _ in range(5):
        registration(coming, P.ACADEMIC)

    whole, parts = report()
    coming_part = next(part for part in parts if part.seminar == coming)

    assert coming_part.total.registered == 5
    assert whole.total.registered == sum(part.total.registered for part in parts)
    assert whole.total.unrecorded == sum(part.total.unrecorded for part in parts if part.started)
