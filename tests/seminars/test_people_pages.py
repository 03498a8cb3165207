"""Speakers' photos and placeholders, partners' logos in the footer, and the research page."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from people.models import PartnerKind
from tests.factories import (
    PartnerFactory,
    PersonFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TeamMemberFactory,
)
from tests.test_images import clean, image_bytes
from tests.utils import text

pytestmark = pytest.mark.django_db


def placeholder(name, initials):
    return f'role="img" aria-label="{name}">{initials}</span>'


def test_seminar_page_gives_two_speakers_with_the_same_initials_distinct_placeholders(client):
    seminar = SeminarFactory()
    SeminarSpeakerFactory(seminar=seminar, person__name="Annie Dransfield")
    SeminarSpeakerFactory(seminar=seminar, person__name="Albert Dzur")
    SeminarSpeakerFactory(seminar=seminar, person__name="Michael Guthrie")

    html = client.get(seminar.get_absolute_url()).content.decode()

    assert placeholder("Annie Dransfield", "ADR") in html
    assert placeholder("Albert Dzur", "ADZ") in html
    assert placeholder("Michael Guthrie", "MG") in html


def test_seminar_page_shows_an_uploaded_photo_with_its_description_instead(client):
    talk = SeminarSpeakerFactory(
        person__name="Annie Dransfield",
        person__photo=clean(image_bytes()),
        person__photo_alt="Annie Dransfield, smiling",
    )

    html = client.get(talk.seminar.get_absolute_url()).content.decode()

    assert 'alt="Annie Dransfield, smiling"' in html
    assert 'loading="lazy"' in html
    assert 'aria-label="Annie Dransfield"' not in html


def test_people_page_tells_apart_a_team_member_and_a_speaker_with_the_same_initials(client):
    TeamMemberFactory(name="Albert Dzur")
    SeminarSpeakerFactory(person__name="Annie Dransfield")

    html = client.get(reverse("seminars:people")).content.decode()

    assert placeholder("Albert Dzur", "ADZ") in html
    assert placeholder("Annie Dransfield", "ADR") in html


def test_person_page_alone_keeps_two_initials(client):
    person = TeamMemberFactory(name="Albert Dzur")

    html = client.get(person.get_absolute_url()).content.decode()

    assert placeholder("Albert Dzur", "AD") in html


def test_footer_shows_uploaded_logos_funder_first_and_no_others(client):
    PartnerFactory(name="COLLABORATE", kind=PartnerKind.SOCIAL_ENTERPRISE, order=1)
    PartnerFactory(
        name="Leeds and York Partnership NHS Foundation Trust",
        logo=clean(image_bytes("PNG", size=(600, 200)), "lypft.png"),
        logo_alt="Leeds and York Partnership NHS Foundation Trust",
        url="https://example.org/lypft",
        order=2,
    )
    PartnerFactory(
        name="Economic and Social Research Council",
        kind=PartnerKind.FUNDER,
        logo=clean(image_bytes("PNG", size=(600, 200)), "esrc.png"),
        logo_alt="Economic and Social Research Council",
        order=3,
    )

    html = client.get(reverse("seminars:about")).content.decode()  # any page has the footer
    footer = html[html.index('<footer class="site-footer"') :]

    assert footer.count('loading="lazy"') == 2
    assert footer.index('alt="Economic and Social Research Council"') < footer.index(
        'alt="Leeds and York Partnership NHS Foundation Trust"'
    )
    assert '<a href="https://example.org/lypft"><img src="/media/CACHE/' in footer
    assert "COLLABORATE" not in footer


def test_footer_has_no_logo_list_when_none_is_uploaded(client):
    PartnerFactory(name="Economic and Social Research Council", kind=PartnerKind.FUNDER)

    html = client.get(reverse("seminars:partners")).content.decode()

    assert "footer-logos" not in html
    assert "funded by the Economic and Social Research Council" in text_of(html)


def text_of(html):
    return text(HttpResponse(html))


def test_partners_page_shows_a_logo_with_its_description_and_the_name(client):
    PartnerFactory(
        name="Economic and Social Research Council",
        kind=PartnerKind.FUNDER,
        logo=clean(image_bytes("PNG", size=(600, 200)), "esrc.png"),
        logo_alt="ESRC logo",
    )

    html = client.get(reverse("seminars:partners")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]

    assert 'class="partner-logo" src="/media/CACHE/' in main
    assert 'alt="ESRC logo" loading="lazy"' in main
    assert "Funder Economic and Social Research Council" in text_of(main)


def test_research_page_shows_summary_people_and_link(client):
    project = ResearchProjectFactory(
        title="Street triage in North Yorkshire",
        summary="Mental health professionals and police officers work together.",
        url="https://example.org/street-triage",
    )
    pamela = TeamMemberFactory(name="Pamela Fisher", position="", affiliation="University of Leeds")
    speaker = SeminarSpeakerFactory(person__name="Sarah Carr").person
    outsider = PersonFactory(name="Pat Outsider", position="", affiliation="")
    project.people.add(outsider, speaker, pamela)

    html = client.get(reverse("seminars:research")).content.decode()
    page = text_of(html)

    assert "Mental health professionals and police officers work together." in page
    assert page.index("Pamela Fisher") < page.index("Pat Outsider")  # the team first
    assert 'Pamela Fisher</a><span class="research-people-role">, University of Leeds' in html
    assert f'<a href="{pamela.get_absolute_url()}">Pamela Fisher</a>' in html
    assert f'<a href="{speaker.get_absolute_url()}">Sarah Carr</a>' in html
    assert outsider.get_absolute_url() not in html  # no page to link to
    assert '<a href="https://example.org/street-triage">More about this project' in html


def test_research_page_without_a_summary_says_one_is_coming(client):
    ResearchProjectFactory(title="Policing evidence", summary="")

    page = text(client.get(reverse("seminars:research")))

    assert "We will add a short description of this project soon." in page
    assert "People involved" not in page


def test_person_page_lists_their_research(client):
    person = TeamMemberFactory(name="Pamela Fisher")
    project = ResearchProjectFactory(title="Street triage in North Yorkshire")
    project.people.add(person)

    html = client.get(person.get_absolute_url()).content.decode()

    assert f'href="/research/#project-{project.pk}">Street triage in North Yorkshire</a>' in html
