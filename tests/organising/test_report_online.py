"""The funder's report and the anonymous counts: "online" beside "in the room", by group, for a
seeded series with known answers, before and after the retention jobs."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organising.report import report
from registrations import services as registration_services
from registrations.models import GroupCount, Mode, ParticipantGroup, Registration
from tests.factories import SeminarFactory
from tests.organising.test_report import CANCELLED, WAITING
from tests.organising.test_report import registration as make
from tests.utils import london, text

pytestmark = pytest.mark.django_db

P = ParticipantGroup
ROOM, ONLINE = Mode.ROOM, Mode.ONLINE


def registration(seminar, group, mode, **kwargs):
    made = make(seminar, group, **kwargs)
    Registration.objects.filter(pk=made.pk).update(mode=mode)
    return made


@pytest.fixture
def series():
    """Two seminars in 2016; the first had people online, the second did not."""
    first = SeminarFactory(starts_at=london(2016, 1, 5, 10))
    second = SeminarFactory(starts_at=london(2016, 3, 1, 10))
    registration(first, P.SERVICE_USER, ROOM, attended=True)
    registration(first, P.SERVICE_USER, ONLINE, attended=True)
    registration(first, P.SERVICE_USER, ONLINE, attended=True)
    registration(first, P.SERVICE_USER, ONLINE, attended=False)
    registration(first, P.CARER, ONLINE, attended=True)
    registration(first, P.CARER, ONLINE, status=CANCELLED)
    registration(first, P.ACADEMIC, ROOM, attended=True)
    registration(first, P.ACADEMIC, ROOM, attended=False)
    registration(first, P.ACADEMIC, ONLINE, status=WAITING)
    registration(second, P.PRACTITIONER, ROOM, attended=True)
    return first, second


def where(part):
    """{group: (room registered, room attended, online registered, online attended)}."""
    return {
        name: (
            counts[ROOM].registered,
            counts[ROOM].attended,
            counts[ONLINE].registered,
            counts[ONLINE].attended,
        )
        for name, counts in part.by_where
    }


FIRST = {
    "Service users": (1, 1, 3, 2),
    "Carers": (0, 0, 1, 1),
    "Academics and researchers": (2, 1, 0, 0),
    "All groups": (3, 2, 4, 3),
}


def assert_known_answers():
    series, (first, second) = report()
    assert where(first) == FIRST
    assert where(series) == {**FIRST, "Practitioners in public services": (1, 1, 0, 0)} | {
        "All groups": (4, 3, 4, 3)
    }
    assert second.by_where == []  # nobody online: no split shown
    assert first.where[ONLINE][P.CARER].cancelled == 1
    assert first.where[ONLINE][P.ACADEMIC].waiting == 1
    assert first.total.registered == 7  # in the room and online together, as before


def test_the_report_counts_the_room_and_online_by_group(series):
    assert_known_answers()


def test_the_counts_stay_true_as_details_are_removed_then_registrations_deleted(series):
    first, _ = series
    after_details = first.ends_at + datetime.timedelta(days=200)

    assert registration_services.apply_retention(now=after_details) == (10, 0)
    assert_known_answers()
    online_kept = GroupCount.objects.filter(seminar=first, mode=ONLINE)
    assert sum(online_kept.values_list("registrations", flat=True)) == 6

    assert registration_services.apply_retention(now=after_details.replace(year=2018)) == (0, 10)
    assert not Registration.objects.exists()
    assert_known_answers()


def test_the_split_costs_no_query_more_for_more_seminars(series):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report()
        return len(captured)

    few = queries()
    for _ in range(4):
        registration(SeminarFactory(), P.CARER, ONLINE, attended=True)

    assert queries() == few


def test_the_page_shows_the_room_and_online_side_by_side(client, organiser, series):
    page = text(client.get("/staff/report/"))

    assert "In the room and online, by stakeholder group" in page
    assert "Service users 1 1 3 2" in page


def test_the_csv_has_rows_for_the_room_and_online_by_group(client, organiser, series):
    first, _ = series
    response = client.get("/staff/report.csv", {"start": "2016-01-01", "end": "2016-01-31"})
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")

    rows = list(csv.reader(io.StringIO(body)))
    title = f"Seminar {first.number}: {first.title}"
    online = {r[3]: r[4:10] for r in rows if r[0] == title and r[2] == "Registrations: online"}
    room = {r[3]: r[4:10] for r in rows if r[0] == title and r[2] == "Registrations: in the room"}
    assert online["Service users"] == ["3", "2", "1", "0", "0", "0"]
    assert online["Carers"] == ["1", "1", "0", "0", "1", "0"]
    assert online["All groups"] == ["4", "3", "1", "0", "1", "1"]
    assert room["All groups"] == ["3", "2", "1", "0", "0", "0"]
