"""Parts of public pages kept beneath the page cache (common/fragments.py): rendered once a
content version, never shown after a change, off with the page cache."""

import contextlib
import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common import fragments, pagecache
from tests.factories import (
    PartnerFactory,
    ProgrammeItemFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
)
from tests.test_images import clean, image_bytes
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragments_kept(settings):
    settings.PAGE_FRAGMENTS = True  # off in other tests (tests/conftest.py)


@pytest.fixture
def renders():
    """A fragment's renderer that counts its renders: ("rendered 1", …)."""
    calls = []

    def render():
        calls.append(True)
        return f"rendered {len(calls)}"

    return render


def test_a_fragment_is_rendered_once_a_content_version(renders):
    first = fragments.cached("part", renders)

    again = fragments.cached("part", renders)

    assert (first, again) == ("rendered 1", "rendered 1")


def test_a_fragment_varies_on_what_it_is_given(renders):
    one = fragments.cached("part", renders, 1)

    two = fragments.cached("part", renders, 2)

    assert (one, two, fragments.cached("part", renders, 1)) == ("rendered 1", "rendered 2", one)


def test_a_committed_change_renders_it_again(renders, django_capture_on_commit_callbacks):
    fragments.cached("part", renders)

    with django_capture_on_commit_callbacks(execute=True):
        PartnerFactory()

    assert fragments.cached("part", renders) == "rendered 2"


def test_a_rolled_back_change_keeps_it(renders, django_capture_on_commit_callbacks):
    fragments.cached("part", renders)

    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        PartnerFactory()
        raise RuntimeError

    assert fragments.cached("part", renders) == "rendered 1"


def test_nothing_is_kept_with_the_page_cache_off(renders, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.cached("part", renders)

    assert fragments.cached("part", renders) == "rendered 2"


def test_a_fragment_rendered_without_what_it_should_show_is_not_kept():
    calls = []

    def render():
        calls.append(True)
        fragments.incomplete()  # as the footer says while the database fails
        return ""

    fragments.cached("part", render)
    fragments.cached("part", render)

    assert len(calls) == 2


def test_a_fragment_expires_when_a_page_would_change_by_the_clock(renders, settings):
    settings.PAGE_CACHE_SECONDS = 10**8  # so that the clock's moment comes first
    seminar = SeminarFactory()  # open: its registration deadline is a moment pages change
    fragments.cached("part", renders)
    moment = pagecache.keep_until(timezone.now())

    with time_machine.travel(moment - datetime.timedelta(seconds=1)):
        before = fragments.cached("part", renders)
    with time_machine.travel(moment):
        at = fragments.cached("part", renders)

    assert moment <= seminar.registration_deadline
    assert (before, at) == ("rendered 1", "rendered 2")


def queries_and_text(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), text(response)


def test_a_seminar_page_rendered_again_at_the_same_version_renders_only_its_own_part(
    client, settings
):
    seminar = SeminarFactory()
    SeminarSpeakerFactory(seminar=seminar)
    ProgrammeItemFactory(seminar=seminar)
    PartnerFactory(logo=clean(image_bytes("PNG"), "logo.png"), logo_alt="A logo")
    # A query parameter makes the page cache pass the page by, as a registration makes it
    # render the page again.
    url = f"{seminar.get_absolute_url()}?uncached=1"
    client.get(url)  # the logo's small rendition is made

    settings.PAGE_CACHE_SECONDS = 0
    nothing_kept, nothing_kept_text = queries_and_text(client, url)
    settings.PAGE_CACHE_SECONDS = 600
    client.get(url)
    kept, kept_text = queries_and_text(client, url)

    # Kept: the footer's dates and logos, the programme and its speakers, the bursary box's
    # rules and whether they have an Easy Read version. Still read: the seminar, its speakers
    # (for the event data), its places left.
    assert nothing_kept - kept == 6
    assert kept_text == nothing_kept_text


def test_a_change_to_what_a_fragment_shows_shows_at_once(
    client, django_capture_on_commit_callbacks
):
    talk = SeminarSpeakerFactory(person__name="Ada Lovelace")
    url = f"{talk.seminar.get_absolute_url()}?uncached=1"
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        talk.person.name = "Ada King"
        talk.person.save()
        PartnerFactory(
            name="New", logo=clean(image_bytes("PNG"), "new.png"), logo_alt="Newly Partnered"
        )

    response = client.get(url)
    assert "Ada King" in text(response)
    assert "Ada Lovelace" not in text(response)
    assert 'alt="Newly Partnered"' in response.content.decode()
