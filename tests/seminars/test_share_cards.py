import io
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from seminars import share_cards
from seminars.models import SeminarStatus
from tests.factories import PageFactory, SeminarFactory, TentativeSeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

SITE = "https://seminars.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def meta(html, prop):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    assert len(found) == 1, (prop, found)
    return unescape(found[0])


def og_image_path(client, url):
    image = meta(client.get(url).content.decode(), "og:image")
    assert image.startswith(SITE + "/")
    return image.removeprefix(SITE)


def picture(response):
    return Image.open(io.BytesIO(response.content))


def stored_cards():
    return sorted(default_storage.listdir(share_cards.FOLDER)[1])


def test_seminar_card_is_a_1200_by_630_png(client):
    seminar = SeminarFactory()

    response = client.get(og_image_path(client, seminar.get_absolute_url()))

    assert response["Content-Type"] == "image/png"
    image = picture(response)
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_card_is_drawn_once_then_read_from_storage(client):
    seminar = SeminarFactory()
    url = og_image_path(client, seminar.get_absolute_url())
    client.get(url)
    (name,) = stored_cards()
    # Replace what was stored: if the next request drew the card again, it would not serve this.
    default_storage.delete(f"{share_cards.FOLDER}/{name}")
    marker = io.BytesIO()
    Image.new("RGB", (1200, 630), "red").save(marker, format="PNG")
    default_storage.save(f"{share_cards.FOLDER}/{name}", ContentFile(marker.getvalue()))

    again = client.get(url)

    assert again.content == marker.getvalue()
    assert stored_cards() == [name]


def test_card_changes_when_the_seminar_changes(client, django_capture_on_commit_callbacks):
    seminar = SeminarFactory(title="Co-production in practice")
    before_url = og_image_path(client, seminar.get_absolute_url())
    before = client.get(before_url).content

    seminar.title = "Co-production in research"
    with django_capture_on_commit_callbacks(execute=True):  # the page cache renews on commit
        seminar.save()
    after_url = og_image_path(client, seminar.get_absolute_url())
    after = client.get(after_url).content

    assert after_url != before_url
    assert after != before
    assert stored_cards() == [share_cards.for_seminar(seminar).name.split("/")[1]]


def test_card_changes_when_the_venue_changes(client, django_capture_on_commit_callbacks):
    seminar = SeminarFactory()
    before_url = og_image_path(client, seminar.get_absolute_url())

    seminar.venue.name = "Broadcasting Place"
    with django_capture_on_commit_callbacks(execute=True):
        seminar.venue.save()

    assert og_image_path(client, seminar.get_absolute_url()) != before_url


def test_card_says_the_title_date_and_place():
    seminar = SeminarFactory(
        number=3,
        title="Enacting co-production",
        starts_at=london(2030, 2, 17, 10),
        ends_at=london(2030, 2, 17, 16),
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=None,
        venue__name="St Catherine's College",
        venue__city="Oxford",
    )

    words = [line.text for line in share_cards.seminar_lines(seminar)]

    assert words == [
        "Reimagining professionalism",
        "towards co-production · an ESRC seminar series",
        "Seminar 3",
        "Enacting co-production",
        "Sunday 17 February 2030, 10am to 4pm",
        "St Catherine's College, Oxford",
    ]


def test_card_and_its_description_say_when_a_seminar_is_cancelled():
    seminar = SeminarFactory(number=4, title="Co-production", status=SeminarStatus.CANCELLED)

    words = [line.text for line in share_cards.seminar_lines(seminar)]

    assert "Seminar 4 · Cancelled" in words
    assert share_cards.for_seminar(seminar).alt.startswith("Seminar 4: Co-production. Cancelled. ")


def test_long_title_and_place_fit_on_the_card():
    seminar = SeminarFactory(
        title=" ".join(["Co-production"] * 12) + " " + "W" * 60,
        venue__name="The Very Long Named Institute for Advanced Studies in Mental Health and "
        "Social Care Research and Practice",
    )

    lines = share_cards.seminar_lines(seminar)

    assert all(line.right <= share_cards.WIDTH - share_cards.MARGIN for line in lines)
    assert all(line.x >= share_cards.MARGIN for line in lines)
    title = [line for line in lines if line.font.size >= 40 and line.fill == share_cards.TEXT]
    assert title[-1].y + title[-1].font.size < share_cards.BAND_TOP  # clear of the band
    assert all(line.y + line.font.size <= share_cards.HEIGHT for line in lines)


def test_title_too_long_for_the_card_ends_with_an_ellipsis():
    lines = share_cards.fit("word " * 200, sizes=[40], width=400, height=100, bold=True)[1]

    assert len(lines) == 2
    assert lines[-1].endswith("…")


def test_month_only_seminar_card_gives_the_month():
    seminar = TentativeSeminarFactory(tentative_month=london(2030, 10, 1).date())

    words = [line.text for line in share_cards.seminar_lines(seminar)]

    assert "October 2030 (date to be confirmed)" in words


def test_versioned_card_address_is_kept_for_a_year_others_for_an_hour(client):
    seminar = SeminarFactory()
    url = og_image_path(client, seminar.get_absolute_url())

    assert client.get(url)["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(url.split("?")[0])["Cache-Control"] == "public, max-age=3600"
    assert client.get(url.split("?")[0] + "?v=old")["Cache-Control"] == "public, max-age=3600"


def test_draft_seminar_has_no_card(client):
    seminar = SeminarFactory(status=SeminarStatus.DRAFT)

    response = client.get(f"/seminars/{seminar.slug}/share.png")

    assert response.status_code == 404
    assert not default_storage.exists(share_cards.FOLDER)


def test_every_other_page_shows_the_series_card(client):
    page = PageFactory(kind="about")

    url = og_image_path(client, f"/{page.kind}/")
    response = client.get(url)

    assert url.startswith("/share.png?v=")
    assert picture(response).size == (1200, 630)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_seminar_page_describes_its_card(client):
    seminar = SeminarFactory(
        number=3,
        title="Enacting co-production",
        starts_at=london(2030, 2, 17, 10),
        ends_at=None,
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=None,
        venue__name="St Catherine's College",
        venue__city="Oxford",
    )

    html = client.get(seminar.get_absolute_url()).content.decode()

    assert meta(html, "og:image") == share_cards.for_seminar(seminar).url
    assert meta(html, "og:image:type") == "image/png"
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == (
        "Seminar 3: Enacting co-production. Sunday 17 February 2030, 10am, at St Catherine's "
        "College, Oxford. Part of the seminar series Reimagining professionalism: towards "
        "co-production."
    )
    assert meta(html, "twitter:card") == "summary_large_image"


def test_a_cached_seminar_page_points_at_the_new_card_after_an_edit(
    client, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    before = og_image_path(client, seminar.get_absolute_url())
    assert og_image_path(client, seminar.get_absolute_url()) == before  # from the page cache

    seminar.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):
        seminar.save()

    assert og_image_path(client, seminar.get_absolute_url()) != before


def test_an_edit_leaves_other_seminars_cards_alone(client, django_capture_on_commit_callbacks):
    first, second = SeminarFactory(), SeminarFactory()
    for seminar in (first, second):
        client.get(og_image_path(client, seminar.get_absolute_url()))

    first.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):
        first.save()
    client.get(og_image_path(client, first.get_absolute_url()))

    assert stored_cards() == sorted(
        share_cards.for_seminar(seminar).name.split("/")[1] for seminar in (first, second)
    )


def test_cards_use_the_fonts_shipped_with_their_licence():
    licence = (share_cards.FONTS / "OFL.txt").read_text()

    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert share_cards.REGULAR.parent == share_cards.BOLD.parent == share_cards.FONTS
    assert share_cards.font(40).getname() == ("Atkinson Hyperlegible", "Regular")
    assert share_cards.font(40, bold=True).getname() == ("Atkinson Hyperlegible", "Bold")
