import datetime
import json
import re

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from seminars.models import PageKind, SeminarStatus
from tests.factories import (
    PageFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TeamMemberFactory,
    TentativeSeminarFactory,
)
from tests.utils import LONDON, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    return [PageFactory(kind=kind) for kind in PageKind.values]


def test_home_leads_with_next_seminar_its_places_and_its_one_action(client, pages):
    seminar = SeminarFactory(
        title="Democratic professionalism and mental health",
        starts_at=datetime.datetime(2030, 1, 8, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 1, 8, 16, tzinfo=LONDON),
        registration_opens_at=datetime.datetime(2026, 1, 1, tzinfo=LONDON),
        venue__name="St Catherine's College",
        capacity=20,
    )
    RegistrationFactory.create_batch(2, seminar=seminar)

    response = client.get("/")

    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    next_block = page[page.index("Next seminar") : page.index("About the series")]
    assert f"Seminar {seminar.number}: Democratic professionalism and mental health" in next_block
    assert "Open: 18 places left" in next_block
    assert "When Tuesday 8 January 2030, 10am to 4pm" in next_block
    assert "Where St Catherine's College" in next_block
    assert "Register for a place" in next_block
    assert "Free. Register by 23:59 on Friday 28 December 2029 (UK time)." in next_block
    assert html.count("btn-primary") == 1
    assert f'href="{seminar.get_absolute_url()}register/"' in html


def test_home_offers_the_waiting_list_when_the_next_seminar_is_full(client, pages):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    page = text(client.get("/"))

    assert "Full: waiting list open" in page
    assert "Join the waiting list" in page
    assert "Register for a place" not in page


def test_home_shows_later_seminars_as_cards_with_their_state(client, pages):
    SeminarFactory(title="First")
    SeminarFactory(title="Second", status=SeminarStatus.POSTPONED)
    TentativeSeminarFactory(title="Third", tentative_month=datetime.date(2031, 3, 1))

    page = text(client.get("/"))

    later = page[page.index("Later seminars") :]
    assert "Second Postponed: new date to come" in later
    assert "Third Date to be announced March 2031" in later
    assert "What this seminar is about." not in later  # compact: no summaries


def test_home_never_invites_to_a_cancelled_or_postponed_seminar(client, pages):
    SeminarFactory(title="Called off", status=SeminarStatus.CANCELLED)
    SeminarFactory(title="Put back", status=SeminarStatus.POSTPONED)
    going_ahead = SeminarFactory(
        title="Going ahead",
        starts_at=datetime.datetime(2031, 1, 7, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2031, 1, 7, 16, tzinfo=LONDON),
    )

    page = text(client.get("/"))

    next_block = page[page.index("Next seminar") : page.index("Later seminars")]
    assert f"Seminar {going_ahead.number}: Going ahead" in next_block
    assert "Called off" not in next_block
    assert "Put back" not in next_block


@time_machine.travel(datetime.datetime(2029, 12, 29, 0, 0, tzinfo=LONDON))
def test_home_stops_inviting_registration_after_the_deadline(client, pages):
    SeminarFactory(
        starts_at=datetime.datetime(2030, 1, 8, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 1, 8, 16, tzinfo=LONDON),
    )

    response = client.get("/")

    page = text(response)
    assert "Registration closed" in page
    assert "Register by" not in page
    assert "Register for a place" not in page
    assert "See the seminar" in page
    assert "/register/" not in response.content.decode()


def test_postponed_seminar_stays_upcoming_after_its_old_date(client):
    seminar = SeminarFactory(
        title="Put back",
        status=SeminarStatus.POSTPONED,
        starts_at=datetime.datetime(2016, 1, 5, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2016, 1, 5, 16, tzinfo=LONDON),
    )

    listing = text(client.get("/seminars/"))
    detail = text(client.get(seminar.get_absolute_url()))

    assert "Past seminars" not in listing
    assert "this seminar has taken place" not in detail
    assert "Travel bursaries" not in detail


def test_midnight_opening_is_named_as_it_is(client):
    seminar = SeminarFactory(
        starts_at=datetime.datetime(2030, 1, 8, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 1, 8, 16, tzinfo=LONDON),
        registration_opens_at=datetime.datetime(2029, 12, 1, 0, 0, tzinfo=LONDON),
    )

    page = text(client.get(seminar.get_absolute_url()))

    assert "Registration opens at 00:00 on Saturday 1 December 2029 (UK time)." in page


def test_home_without_seminars_still_works(client, pages):
    response = client.get("/")

    assert response.status_code == 200
    assert "Next seminar" not in text(response)


def test_seminar_list_puts_upcoming_first_then_past_and_hides_drafts(client):
    past = SeminarFactory(
        title="Long ago",
        starts_at=datetime.datetime(2016, 1, 5, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2016, 1, 5, 16, tzinfo=LONDON),
    )
    soon = SeminarFactory(title="Soon")
    later = TentativeSeminarFactory(title="Later, month only")
    SeminarFactory(title="Secret draft", status=SeminarStatus.DRAFT)

    response = client.get(reverse("seminars:list"))

    page = text(response)
    assert response.status_code == 200
    assert "Secret draft" not in page
    assert page.index("Upcoming seminars") < page.index(soon.title) < page.index(later.title)
    assert page.index(later.title) < page.index("Past seminars") < page.index(past.title)


def test_seminar_page_shows_date_venue_access_speakers_and_deadlines(client):
    seminar = SeminarFactory(
        starts_at=datetime.datetime(2030, 1, 8, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 1, 8, 16, tzinfo=LONDON),
        venue__name="St Catherine's College",
        venue__step_free_access="yes",
        venue__lift="yes",
        venue__accessible_toilets="yes",
        venue__access_contact_name="Jo Bloggs",
        venue__access_contact_email="jo@example.org",
    )
    SeminarSpeakerFactory(
        seminar=seminar,
        person__name="Albert Dzur",
        person__biography="Albert has developed the concept of democratic professionalism.",
        talk_title="Sharing power",
    )
    ProgrammeItemFactory(seminar=seminar, title="Welcome and introductions")

    response = client.get(seminar.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "Tuesday 8 January 2030, 10am to 4pm" in page
    assert "St Catherine's College" in page
    assert "Step-free access Yes" in page
    assert "We are still checking whether there is a hearing loop and a quiet room." in page
    assert "contact Jo Bloggs. We will do what we can to help. Email: jo@example.org" in page
    assert "Albert has developed the concept of democratic professionalism." in page
    assert "Talk: Sharing power" in page
    assert "10am to 10:30am Welcome and introductions" in page
    assert "Register by 23:59 on Friday 28 December 2029 (UK time)" in page
    assert "Apply by 23:59 on Tuesday 18 December 2029 (UK time)" in page
    assert "Five travel bursaries are available for each of these groups" in page


def test_seminar_page_for_a_month_only_seminar_never_invents_a_day(client):
    seminar = TentativeSeminarFactory(tentative_month=datetime.date(2030, 10, 1))

    response = client.get(seminar.get_absolute_url())

    page = text(response)
    assert "October 2030 (date to be confirmed)" in page
    assert "Further details to be announced" in page
    assert "Registration will open when the date and venue are confirmed." in page
    assert not re.search(r"\b\d{1,2} October 2030", page)
    assert f"{seminar.get_absolute_url()}calendar.ics" not in response.content.decode()


@time_machine.travel(datetime.datetime(2029, 12, 29, 0, 0, tzinfo=LONDON))
def test_seminar_page_says_when_registration_has_closed(client):
    seminar = SeminarFactory(
        starts_at=datetime.datetime(2030, 1, 8, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 1, 8, 16, tzinfo=LONDON),
    )

    response = client.get(seminar.get_absolute_url())

    assert "Registration closed at 23:59 on Friday 28 December 2029 (UK time)." in text(response)
    assert f"{seminar.get_absolute_url()}register/" not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (SeminarStatus.CANCELLED, "This seminar has been cancelled."),
        (SeminarStatus.POSTPONED, "This seminar has been postponed."),
    ],
)
def test_seminar_page_says_plainly_when_not_going_ahead(client, status, message):
    seminar = SeminarFactory(status=status)

    response = client.get(seminar.get_absolute_url())

    assert message in text(response)
    assert f"{seminar.get_absolute_url()}register/" not in response.content.decode()


def test_draft_seminar_is_not_found(client):
    seminar = SeminarFactory(status=SeminarStatus.DRAFT)

    response = client.get(seminar.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_seminar_page_has_schema_org_event(client):
    seminar = SeminarFactory(
        title="Enacting co-production",
        starts_at=datetime.datetime(2030, 2, 17, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 2, 17, 16, tzinfo=LONDON),
        venue__city="Oxford",
    )
    SeminarSpeakerFactory(seminar=seminar, person__name="Sarah Carr")

    html = client.get(seminar.get_absolute_url()).content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Enacting co-production"
    assert data["startDate"] == "2030-02-17T10:00:00+00:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == "Oxford"
    assert data["performer"] == [{"@type": "Person", "name": "Sarah Carr"}]
    assert data["offers"]["price"] == "0"


def test_month_only_seminar_has_no_schema_org_event(client):
    """Search engines reject an event whose start is a month alone."""
    seminar = TentativeSeminarFactory(tentative_month=datetime.date(2030, 10, 1))

    html = client.get(seminar.get_absolute_url()).content.decode()

    assert "application/ld+json" not in html
    assert "October 2030" in html


def test_json_ld_cannot_be_broken_out_of(client):
    seminar = SeminarFactory(title="</script><script>alert(1)</script>")

    html = client.get(seminar.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html


def test_open_graph_tags_describe_the_seminar(client, settings):
    settings.SITE_URL = "https://seminars.example.org"
    seminar = SeminarFactory(
        title="Enacting co-production",
        summary="Co-production in action.",
        starts_at=datetime.datetime(2030, 2, 17, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 2, 17, 16, tzinfo=LONDON),
        venue__name="St Catherine's College",
        venue__city="Oxford",
    )

    html = client.get(seminar.get_absolute_url() + "?utm_source=x").content.decode()

    url = f"https://seminars.example.org{seminar.get_absolute_url()}"
    assert f'<meta property="og:title" content="Seminar {seminar.number}: Enacting' in html
    assert (
        '<meta property="og:description" content="Sunday 17 February 2030, St Catherine&#x27;s '
        'College, Oxford. Co-production in action.">' in html
    )
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_people_page_lists_team_then_speakers_of_public_seminars_only(client):
    TeamMemberFactory(name="Pamela Fisher", team_role="Principal investigator")
    SeminarSpeakerFactory(person__name="Michael Guthrie")
    SeminarSpeakerFactory(person__name="Hidden Draftspeaker", seminar__status=SeminarStatus.DRAFT)
    PersonFactory(name="Nobody Inparticular")

    page = text(client.get(reverse("seminars:people")))

    assert page.index("Research team") < page.index("Pamela Fisher") < page.index("Speakers")
    assert page.index("Speakers") < page.index("Michael Guthrie")
    assert "Hidden Draftspeaker" not in page
    assert "Nobody Inparticular" not in page


def test_person_page_shows_biography_lived_experience_and_talks(client):
    talk = SeminarSpeakerFactory(
        person__name="Sarah Carr",
        person__lived_experience="Sarah uses her lived experience of mental distress.",
    )

    page = text(client.get(talk.person.get_absolute_url()))

    assert "Sarah Carr" in page
    assert "Sarah uses her lived experience of mental distress." in page
    assert f"Seminar {talk.seminar.number}: {talk.seminar.title}" in page


def test_person_who_is_neither_team_nor_public_speaker_has_no_page(client):
    talk = SeminarSpeakerFactory(seminar__status=SeminarStatus.DRAFT)

    assert client.get(talk.person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", PageKind.values)
def test_editable_pages_show_organisers_text(client, kind):
    PageFactory(kind=kind, title="Edited title", body="## Our heading\n\nEdited **words**.")

    response = client.get(reverse(f"seminars:{kind}"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Edited title</h1>" in html
    assert "<h2>Our heading</h2>" in html
    assert "<strong>words</strong>" in html


def test_page_text_cannot_inject_script(client):
    PageFactory(
        kind=PageKind.ABOUT, body='Hi <script>alert(1)</script> <a href="javascript:x()">x</a>'
    )

    html = client.get(reverse("seminars:about")).content.decode()

    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_seminar_description_is_markdown_as_on_the_pages_and_cannot_inject_script(client):
    description = (
        "## Who should come\n\nEveryone, with **lived experience** or without.\n\n"
        "- Service users\n- Carers\n\n[Read more](https://example.org) "
        '<script>alert(1)</script> <a href="javascript:x()">x</a>'
    )
    seminar = SeminarFactory(description=description)
    PageFactory(kind=PageKind.ABOUT, body=description)

    seminar_html = client.get(seminar.get_absolute_url()).content.decode()
    page_html = client.get(reverse("seminars:about")).content.decode()

    for html in (seminar_html, page_html):
        assert "<h2>Who should come</h2>" in html
        assert "<strong>lived experience</strong>" in html
        assert "<li>Service users</li>" in html
        assert '<a href="https://example.org">Read more</a>' in html
        assert "**" not in html
        assert "<script>alert(1)" not in html
        assert "javascript:" not in html


@override_settings(CONTACT_EMAIL="seminars@leeds.example")
def test_contact_page_shows_address_from_settings(client, pages):
    page = text(client.get(reverse("seminars:contact")))

    assert "Email us at seminars@leeds.example" in page


def test_partners_grouped_by_kind(client):
    PartnerFactory(name="COLLABORATE", kind="social_enterprise")
    PartnerFactory(name="South West Yorkshire Partnership NHS Foundation Trust", kind="nhs")

    page = text(client.get(reverse("seminars:partners")))

    assert page.index("NHS partners") < page.index("South West Yorkshire")
    assert page.index("Social enterprises") < page.index("COLLABORATE")


def test_research_page_lists_projects(client):
    ResearchProjectFactory(title="Street triage, mental health and policing in North Yorkshire")

    page = text(client.get(reverse("seminars:research")))

    assert "Street triage, mental health and policing in North Yorkshire" in page


def test_robots_txt_points_to_sitemap_on_site_url_and_keeps_admin_out(client, settings):
    settings.SITE_URL = "https://seminars.example.org"
    settings.ALLOWED_HOSTS = ["elsewhere.example.net"]

    response = client.get("/robots.txt", HTTP_HOST="elsewhere.example.net")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: https://seminars.example.org/sitemap.xml",
    ]


def test_sitemap_lists_public_pages_seminars_and_people_but_not_drafts(client, settings):
    settings.SITE_URL = "https://seminars.example.org"
    settings.ALLOWED_HOSTS = ["elsewhere.example.net"]
    seminar = SeminarFactory()
    draft = SeminarFactory(status=SeminarStatus.DRAFT)
    member = TeamMemberFactory()

    xml = client.get("/sitemap.xml", HTTP_HOST="elsewhere.example.net").content.decode()

    site = "https://seminars.example.org"
    assert f"<loc>{site}{seminar.get_absolute_url()}</loc>" in xml
    assert f"<loc>{site}{member.get_absolute_url()}</loc>" in xml
    assert f"<loc>{site}/privacy/</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert "elsewhere.example.net" not in xml


def test_unknown_page_gets_the_site_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We cannot find the page you asked for." in text(response)


def test_server_error_page_is_in_the_site_style_and_names_the_contact(rf, settings):
    from common.views import server_error

    settings.CONTACT_EMAIL = "help@example.org"

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong" in text(response)
    assert "help@example.org" in text(response)


def test_a_seminar_that_is_over_invites_nobody(client):
    """No bursary invitation and no calendar links once a seminar has taken place (issue 20)."""
    upcoming = SeminarFactory()
    over = SeminarFactory(
        starts_at=datetime.datetime(2026, 1, 5, 10, tzinfo=LONDON),
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=datetime.datetime(2025, 12, 10, tzinfo=LONDON),
        bursary_decisions_by=datetime.date(2025, 12, 20),
    )

    before = text(client.get(upcoming.get_absolute_url()))
    after = text(client.get(over.get_absolute_url()))

    assert "Apply for a travel bursary by" in before
    assert "Add it to your calendar" in before
    assert "Apply for a travel bursary by" not in after
    assert "Add it to your calendar" not in after
    assert "Free to attend" not in after
