import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from people.models import Partner, PartnerKind, Person, ResearchProject
from seminars.management.commands.load_series import shift_moment, shift_series
from seminars.models import (
    AccessFeature,
    LoadedContent,
    Page,
    PageKind,
    Seminar,
    SeminarSpeaker,
    SeminarStatus,
    Venue,
)
from seminars.series_data import SEMINARS
from tests.utils import LONDON, london

pytestmark = pytest.mark.django_db

MODELS = (Seminar, Venue, Person, SeminarSpeaker, Partner, ResearchProject, Page)


def load(*args):
    out = StringIO()
    call_command("load_series", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def timestamps():
    return {model.__name__: sorted(model.objects.values_list("pk", "updated")) for model in MODELS}


def local_naive(moment):
    return moment.astimezone(LONDON).replace(tzinfo=None)


def test_load_series_creates_the_whole_series_and_reports_it():
    output = load()

    assert counts() == {
        "Seminar": 7,
        "Venue": 4,
        "Person": 16,
        "SeminarSpeaker": 9,
        "Partner": 6,
        "ResearchProject": 2,
        "Page": 4,
    }
    assert output == (
        "Created 7 seminars, 4 venues, 16 people, 9 seminar speakers, 6 partners, "
        "2 research projects and 4 pages.\n"
    )


def test_load_series_creates_seven_published_seminars_at_their_venues():
    load()

    seminars = Seminar.objects.select_related("venue")
    assert [(seminar.number, seminar.slug) for seminar in seminars] == [
        (1, "democratic-professionalism-and-mental-health"),
        (2, "enacting-co-production"),
        (3, "developments-in-mental-health-practice"),
        (4, "developments-in-mental-health-policy-and-commissioning"),
        (5, "reconciling-regulatory-knowledge-with-co-production"),
        (6, "power-sharing-within-coercive-environments"),
        (7, "education-training-supervision-and-professionalism"),
    ]
    assert [str(seminar.venue) for seminar in seminars] == [
        "University of Leeds",
        "St Catherine's College, Oxford",
        "University of Leeds",
        "University of York",
        "University of York",
        "University of Huddersfield",
        "University of Huddersfield",
    ]
    assert {seminar.status for seminar in seminars} == {SeminarStatus.PUBLISHED}


def test_load_series_creates_four_venues_with_access_not_yet_confirmed():
    load()

    venues = list(
        Venue.objects.order_by("name").values_list(
            "name", "institution", "address", "city", "postcode"
        )
    )
    assert venues == [
        ("St Catherine's College", "University of Oxford", "Manor Road", "Oxford", "OX1 3UJ"),
        ("University of Huddersfield", "", "Queensgate", "Huddersfield", "HD1 3DH"),
        ("University of Leeds", "", "Woodhouse Lane", "Leeds", "LS2 9JT"),
        ("University of York", "", "Heslington", "York", "YO10 5DD"),
    ]
    assert set(Venue.objects.values_list("step_free_access", "hearing_loop", "quiet_room")) == {
        (AccessFeature.UNKNOWN, AccessFeature.UNKNOWN, AccessFeature.UNKNOWN)
    }
    assert set(Venue.objects.values_list("access_contact_name", "access_contact_email")) == {
        ("", "")
    }


def test_load_series_seminar_1_has_the_clients_deadlines_and_default_times():
    load()

    seminar = Seminar.objects.get(number=1)
    assert seminar.starts_at == london(2016, 1, 5, 10, 0)
    assert seminar.ends_at == london(2016, 1, 5, 16, 0)
    assert seminar.registration_opens_at == london(2015, 11, 10, 9, 0)
    assert seminar.registration_deadline == london(2015, 12, 11, 0, 0)
    assert seminar.bursaries.deadline == london(2015, 12, 1, 0, 0)
    assert seminar.tentative_month is None
    assert seminar.capacity == 60
    assert seminar.bursaries.per_group == 5


def test_load_series_seminar_2_deadlines_follow_the_documented_defaults():
    load()

    seminar = Seminar.objects.get(number=2)
    assert seminar.starts_at == london(2016, 2, 17, 10, 0)
    assert seminar.ends_at == london(2016, 2, 17, 16, 0)
    assert seminar.registration_opens_at == london(2015, 12, 23, 9, 0)
    assert seminar.registration_deadline == london(2016, 2, 4, 0, 0)
    assert seminar.bursaries.deadline == london(2016, 1, 25, 0, 0)


def test_load_series_later_seminars_have_only_a_month():
    load()

    rows = list(
        Seminar.objects.filter(number__gte=3).values_list(
            "number",
            "tentative_month",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_deadline",
            "bursaries__deadline",
        )
    )
    assert rows == [
        (3, datetime.date(2016, 7, 1), None, None, None, None, None),
        (4, datetime.date(2016, 10, 1), None, None, None, None, None),
        (5, datetime.date(2017, 2, 1), None, None, None, None, None),
        (6, datetime.date(2017, 7, 1), None, None, None, None, None),
        (7, datetime.date(2017, 10, 1), None, None, None, None, None),
    ]


def test_load_series_creates_the_research_team_in_order_with_pamela_as_pi():
    load()

    team = list(Person.objects.team().values_list("name", "team_role", "affiliation"))
    assert team == [
        ("Pamela Fisher", "Principal investigator", "University of Leeds"),
        ("Elaine McNichol", "Researcher", "University of Leeds"),
        ("John Baker", "Researcher", "University of Leeds"),
        ("Norman McClelland", "Researcher", "University of Leeds"),
        (
            "Martin Webber",
            "Researcher",
            "Social Policy and Social Work (SPSW), University of York",
        ),
        ("John Playle", "Researcher", "University of Huddersfield"),
        ("Albert Dzur", "Researcher", "Bowling Green State University"),
        ("Hannah Howe", "Researcher", "Volition"),
    ]


def test_load_series_lists_speakers_in_the_clients_order():
    load()

    seminar_1 = [talk.person.name for talk in Seminar.objects.get(number=1).talks.all()]
    seminar_2 = [talk.person.name for talk in Seminar.objects.get(number=2).talks.all()]
    assert seminar_1 == ["Annie Dransfield", "Albert Dzur", "Michael Guthrie"]
    assert seminar_2 == [
        "Ruth Allen",
        "Sarah Carr",
        "Philip Houghton",
        "Justine Keeble",
        "Peter Ryan",
        "Gemma Stacey",
    ]
    assert SeminarSpeaker.objects.filter(seminar__number__gte=3).count() == 0


def test_load_series_albert_dzur_is_one_person_on_the_team_and_speaking():
    load()

    albert = Person.objects.get(name="Albert Dzur")
    assert Person.objects.filter(name__contains="Dzur").count() == 1
    assert albert.slug == "albert-dzur"
    assert albert.team_role == "Researcher"
    assert albert.role_line == "Professor of Political Science, Bowling Green State University"
    assert [talk.seminar.number for talk in albert.talks.all()] == [1]


def test_load_series_records_lived_experience_only_where_the_speaker_states_it():
    load()

    stated = dict(
        Person.objects.exclude(lived_experience="").values_list("name", "lived_experience")
    )
    assert stated == {
        "Annie Dransfield": "Annie is a carer and campaigner for carers' rights.",
        "Sarah Carr": (
            "Sarah uses her lived experience of mental distress and service use in all her work."
        ),
        "Justine Keeble": "Justine uses mental health services.",
    }


def test_load_series_creates_partners_in_order_with_their_kinds():
    load()

    partners = list(Partner.objects.values_list("name", "kind", "url"))
    assert partners == [
        ("Economic and Social Research Council", PartnerKind.FUNDER, ""),
        ("COLLABORATE", PartnerKind.SOCIAL_ENTERPRISE, ""),
        ("Leeds and York Partnership NHS Foundation Trust", PartnerKind.NHS, ""),
        ("South West Yorkshire Partnership NHS Foundation Trust", PartnerKind.NHS, ""),
        ("Yorkshire and Humberside Leadership Academy", PartnerKind.NHS, ""),
        (
            "Centre for Values Based Practice, University of Oxford",
            PartnerKind.UNIVERSITY_CENTRE,
            "",
        ),
    ]


def test_load_series_creates_two_research_projects_with_plain_summaries_and_no_people():
    load()

    projects = ResearchProject.objects.all()
    assert [project.title for project in projects] == [
        "Co-design, co-evaluation and co-learning: street triage, mental health and policing "
        "in North Yorkshire",
        "Co-production of policing evidence, research and training: focus on mental health",
    ]
    assert projects[0].summary.startswith("In street triage, mental health professionals")
    assert projects[1].summary.startswith("This project is about co-production in policing")
    assert [project.url for project in projects] == ["", ""]
    assert not ResearchProject.people.through.objects.exists()


def test_load_series_gives_each_venue_its_trains_and_buses_but_no_invented_map():
    load()

    venues = {venue.city: venue for venue in Venue.objects.all()}
    assert "20-minute walk from Leeds railway station" in venues["Leeds"].public_transport
    assert "10-minute walk from Huddersfield railway station" in (
        venues["Huddersfield"].public_transport
    )
    assert all(venue.public_transport for venue in venues.values())
    assert [city for city, venue in sorted(venues.items()) if venue.parking] == ["Oxford"]
    assert {venue.map_url for venue in venues.values()} == {""}
    assert {venue.directions for venue in venues.values()} == {""}


def test_load_series_creates_the_four_pages_with_summaries():
    load()

    pages = {page.kind: page for page in Page.objects.all()}
    assert {kind: page.title for kind, page in pages.items()} == {
        PageKind.ABOUT: "About the series",
        PageKind.ACCESSIBILITY: "Accessibility statement",
        PageKind.CONTACT: "Contact us",
        PageKind.PRIVACY: "Privacy notice",
    }
    assert all(page.summary.endswith(".") for page in pages.values())
    assert "## Experts in experience" in pages[PageKind.ABOUT].body
    assert "## Democratic professionalism" in pages[PageKind.ABOUT].body
    assert "## Policy and practice" in pages[PageKind.ABOUT].body
    assert "[ico.org.uk](https://ico.org.uk)" in pages[PageKind.PRIVACY].body
    assert "WCAG) version 2.2 at level AA" in pages[PageKind.ACCESSIBILITY].body
    assert "@" not in pages[PageKind.CONTACT].body


def test_load_series_twice_creates_and_changes_nothing():
    load()
    before_counts, before_timestamps = counts(), timestamps()

    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, 0, tzinfo=LONDON)):
        output = load()

    assert counts() == before_counts
    assert timestamps() == before_timestamps
    assert output == "Nothing to create: everything is already there.\n"


def test_load_series_keeps_an_organisers_edit():
    load()
    seminar = Seminar.objects.get(number=1)
    seminar.title = "Democratic professionalism in mental health care"
    seminar.save()
    before_counts, before_timestamps = counts(), timestamps()

    load()

    seminar.refresh_from_db()
    assert seminar.title == "Democratic professionalism in mental health care"
    assert counts() == before_counts
    assert timestamps() == before_timestamps


def test_load_series_does_not_duplicate_a_seminar_whose_slug_an_organiser_changed():
    load()
    Seminar.objects.filter(number=2).update(slug="enacting-co-production-oxford")
    before_counts = counts()

    output = load()

    assert counts() == before_counts
    assert list(Seminar.objects.filter(number=2).values_list("slug", flat=True)) == [
        "enacting-co-production-oxford"
    ]
    assert output == "Nothing to create: everything is already there.\n"


@time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0, tzinfo=LONDON))
def test_load_series_upcoming_puts_seminar_1_six_weeks_ahead_on_a_tuesday_at_10():
    load("--upcoming")

    seminar = Seminar.objects.get(number=1)
    start = seminar.starts_at.astimezone(LONDON)
    assert start == london(2025, 7, 15, 10, 0)
    assert (start.date() - datetime.date(2025, 6, 2)).days == 43
    assert start.strftime("%A") == "Tuesday"
    assert seminar.ends_at == london(2025, 7, 15, 16, 0)
    assert seminar.registration_opens_at == london(2025, 5, 20, 9, 0)
    assert seminar.registration_deadline == london(2025, 6, 20, 0, 0)
    assert seminar.bursaries.deadline == london(2025, 6, 10, 0, 0)


@time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0, tzinfo=LONDON))
def test_load_series_upcoming_keeps_the_gaps_between_seminars_and_deadlines():
    load("--upcoming")

    one, two = Seminar.objects.get(number=1), Seminar.objects.get(number=2)
    assert (two.starts_at - one.starts_at).days == 43  # 5 January to 17 February 2016
    assert one.starts_at - one.registration_deadline == datetime.timedelta(days=25, hours=10)
    assert one.starts_at - one.bursaries.deadline == datetime.timedelta(days=35, hours=10)
    assert two.starts_at - two.registration_deadline == datetime.timedelta(days=13, hours=10)
    assert two.registration_deadline - two.bursaries.deadline == datetime.timedelta(days=10)
    assert two.starts_at == london(2025, 8, 27, 10, 0)


@time_machine.travel(datetime.datetime(2025, 6, 2, 12, 0, tzinfo=LONDON))
def test_load_series_upcoming_moves_month_only_seminars_by_whole_months():
    load("--upcoming")

    months = list(
        Seminar.objects.filter(number__gte=3).values_list("number", "tentative_month", "starts_at")
    )
    # Seminar 1 moves from January 2016 to July 2025: 114 months.
    assert months == [
        (3, datetime.date(2026, 1, 1), None),
        (4, datetime.date(2026, 4, 1), None),
        (5, datetime.date(2026, 8, 1), None),
        (6, datetime.date(2027, 1, 1), None),
        (7, datetime.date(2027, 4, 1), None),
    ]


@time_machine.travel(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=LONDON))
def test_load_series_upcoming_keeps_uk_wall_clock_times_across_the_change_to_bst():
    """Seminar 1 lands in BST (April) while its deadlines stay in GMT (March)."""
    load("--upcoming")

    seminar = Seminar.objects.get(number=1)
    assert seminar.starts_at == london(2025, 4, 15, 10, 0)
    assert seminar.starts_at.astimezone(datetime.UTC).hour == 9
    assert seminar.registration_deadline == london(2025, 3, 21, 0, 0)
    assert seminar.registration_deadline.astimezone(datetime.UTC).hour == 0
    assert seminar.bursaries.deadline == london(2025, 3, 11, 0, 0)
    assert local_naive(seminar.starts_at) - local_naive(
        seminar.registration_deadline
    ) == datetime.timedelta(days=25, hours=10)
    assert seminar.starts_at - seminar.registration_deadline == datetime.timedelta(days=25, hours=9)


def test_shift_moment_keeps_10am_when_crossing_from_bst_to_gmt():
    moment = london(2025, 10, 21, 10, 0)  # BST

    shifted = shift_moment(moment, weeks=1)

    assert shifted == london(2025, 10, 28, 10, 0)  # GMT
    # Aware datetimes in one zone subtract as wall-clock times, so compare in UTC.
    elapsed = shifted.astimezone(datetime.UTC) - moment.astimezone(datetime.UTC)
    assert elapsed == datetime.timedelta(days=7, hours=1)


@pytest.mark.parametrize(
    ("today", "first_start"),
    [
        (datetime.date(2025, 6, 2), datetime.date(2025, 7, 15)),  # Monday: 43 days
        (datetime.date(2025, 6, 3), datetime.date(2025, 7, 15)),  # Tuesday: exactly 42 days
        (datetime.date(2025, 6, 4), datetime.date(2025, 7, 22)),  # Wednesday: 48 days
    ],
)
def test_shift_series_puts_seminar_1_42_to_48_days_ahead(today, first_start):
    shifted, weeks, _months = shift_series(SEMINARS, today=today)

    assert local_naive(shifted[0]["starts_at"]) == datetime.datetime.combine(
        first_start, datetime.time(10, 0)
    )
    assert weeks * 7 == (first_start - datetime.date(2016, 1, 5)).days


def test_shift_series_leaves_the_original_data_alone():
    shift_series(SEMINARS, today=datetime.date(2025, 6, 2))

    assert SEMINARS[0]["starts_at"] == london(2016, 1, 5, 10, 0)
    assert SEMINARS[2]["tentative_month"] == datetime.date(2016, 7, 1)


def test_load_series_leaves_a_removed_speaker_removed():
    load()
    SeminarSpeaker.objects.get(seminar__number=1, person__slug="michael-guthrie").delete()

    load()

    assert not SeminarSpeaker.objects.filter(
        seminar__number=1, person__slug="michael-guthrie"
    ).exists()


def test_load_series_after_organisers_change_slugs_makes_no_duplicates():
    load()
    Person.objects.filter(slug="pamela-fisher").update(slug="professor-pamela-fisher")
    Partner.objects.filter(name="COLLABORATE").update(slug="collaborate-cic")
    before = counts()

    output = load()

    assert counts() == before
    assert output == "Nothing to create: everything is already there.\n"


def test_load_series_never_brings_back_what_organisers_deleted():
    load()
    Partner.objects.get(name="COLLABORATE").delete()
    before = counts()

    load()

    assert counts() == before
    assert not Partner.objects.filter(name="COLLABORATE").exists()


def test_load_series_adopts_rows_that_existed_before_it_kept_a_record():
    load()
    LoadedContent.objects.all().delete()  # a database loaded by an earlier version
    before = counts()

    load()

    assert counts() == before
    assert LoadedContent.objects.filter(key="seminar:1").exists()
