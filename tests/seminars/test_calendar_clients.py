"""Calendar files as two parsers that nobody here wrote read them, each with the file's own
VTIMEZONE and not the system's zone database: Mozilla's ical.js (Thunderbird) and vobject
(Radicale). Seminars in GMT and in BST, either side of both clock changes, and far ahead."""

import datetime

import pytest
import time_machine
import vobject

from seminars import calendars
from tests.clients import ical_js
from tests.factories import SeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

UTC = datetime.UTC

# (UK time, the same moment in UTC)
MOMENTS = [
    (london(2016, 1, 12, 10), datetime.datetime(2016, 1, 12, 10, tzinfo=UTC)),  # winter, GMT
    (london(2016, 6, 14, 10), datetime.datetime(2016, 6, 14, 9, tzinfo=UTC)),  # summer, BST
    (london(2016, 3, 27, 0, 30), datetime.datetime(2016, 3, 27, 0, 30, tzinfo=UTC)),  # before
    (london(2016, 3, 27, 2, 30), datetime.datetime(2016, 3, 27, 1, 30, tzinfo=UTC)),  # after
    (london(2016, 10, 30, 0, 30), datetime.datetime(2016, 10, 29, 23, 30, tzinfo=UTC)),  # before
    (london(2016, 10, 30, 2, 30), datetime.datetime(2016, 10, 30, 2, 30, tzinfo=UTC)),  # after
    (london(2045, 7, 4, 10), datetime.datetime(2045, 7, 4, 9, tzinfo=UTC)),  # past 2037
]


@pytest.fixture
def calendar():
    seminars = [
        SeminarFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=6))
        for start, _ in MOMENTS
    ]
    return seminars, calendars.build(seminars, base_url="https://seminars.example.org")


def test_thunderbirds_parser_reads_every_seminar_at_its_true_moment(calendar):
    seminars, ics = calendar
    read = ical_js(ics)

    assert read["method"] == "PUBLISH"
    starts = [event["start"] for event in read["events"]]
    assert starts == [utc.strftime("%Y-%m-%dT%H:%M:%SZ") for _, utc in MOMENTS]
    ends = [event["end"] for event in read["events"]]
    assert ends[0] == "2016-01-12T16:00:00Z"
    assert [event["uid"] for event in read["events"]] == [
        f"seminar-{s.pk}@seminars.example.org" for s in seminars
    ]


def test_vobject_reads_every_seminar_at_its_true_moment(calendar):
    _, ics = calendar
    read = vobject.readOne(ics.decode())

    assert read.method.value == "PUBLISH"
    starts = [event.dtstart.value for event in read.vevent_list]
    assert {type(start.tzinfo).__module__ for start in starts} == {
        "dateutil.tz.tz"
    }  # tzical: the file
    assert [start.astimezone(UTC) for start in starts] == [utc for _, utc in MOMENTS]


def test_a_changed_seminar_is_the_same_event_with_a_higher_sequence():
    seminar = SeminarFactory(starts_at=london(2016, 1, 12, 10), ends_at=None)
    before = ical_js(calendars.build([seminar], base_url="https://x.org"))["events"][0]

    with time_machine.travel(seminar.updated + datetime.timedelta(minutes=1)):
        seminar.starts_at += datetime.timedelta(hours=1)
        seminar.save()
    after = ical_js(calendars.build([seminar], base_url="https://x.org"))["events"][0]
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after["start"] == "2016-01-12T11:00:00Z"
    modified = vobject.readOne(calendars.build([seminar], base_url="https://x.org").decode())
    assert modified.vevent.last_modified.value == seminar.updated.replace(microsecond=0)
