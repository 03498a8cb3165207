"""The Easy Read version of a seminar's summary: written in the seminar's admin page (sentences,
each with an optional picture that needs words), offered beside the summary, a page of its own
that the page cache renews and the sitemap lists."""

import contextlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from seminars.models import SeminarEasyReadLine, SeminarStatus
from tests.factories import SeminarFactory
from tests.seminars.test_changes import admin_data as change_form_data
from tests.test_images import gps_exif, image_bytes
from tests.utils import text

pytestmark = pytest.mark.django_db


def easy_read_url(seminar):
    return reverse("seminars:easy-read", kwargs={"slug": seminar.slug})


def add_lines(seminar, count, *, start=0):
    for n in range(start, start + count):
        SeminarEasyReadLine.objects.create(seminar=seminar, text=f"Sentence {n}.", order=n)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Each change its own committed transaction, so the page cache hears of it."""

    @contextlib.contextmanager
    def commit():
        earlier = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _, callback, _ in earlier:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit


def test_the_seminar_page_offers_the_easy_read_version_only_when_there_is_one(client, committed):
    seminar = SeminarFactory()
    link = f'href="{easy_read_url(seminar)}"'

    assert link not in client.get(seminar.get_absolute_url()).content.decode()
    assert client.get(easy_read_url(seminar)).status_code == 404

    with committed():
        add_lines(seminar, 1)
    assert link in client.get(seminar.get_absolute_url()).content.decode()


def test_the_easy_read_page_shows_each_sentence_in_order_with_its_picture_on_the_left(client):
    seminar = SeminarFactory(title="Enacting co-production")
    SeminarEasyReadLine.objects.create(seminar=seminar, text="We meet in Leeds.", order=2)
    line = SeminarEasyReadLine(
        seminar=seminar, text="It is a day to talk.", order=1, picture_alt="People talking"
    )
    line.picture.save("talk.png", SimpleUploadedFile("talk.png", image_bytes("PNG")))

    response = client.get(easy_read_url(seminar))

    page, html = text(response), response.content.decode()
    assert "This is the Easy Read version. It is a day to talk. We meet in Leeds." in page
    assert 'alt="People talking"' in html
    assert html.index('alt="People talking"') < html.index("It is a day to talk.")
    assert f'href="{seminar.get_absolute_url()}"' in html


def test_a_seminar_the_public_cannot_see_has_no_easy_read_page(client):
    seminar = SeminarFactory(status=SeminarStatus.DRAFT)
    add_lines(seminar, 1)

    assert client.get(easy_read_url(seminar)).status_code == 404


def test_the_page_cache_renews_the_easy_read_page_when_a_sentence_changes(client, committed):
    seminar = SeminarFactory()
    with committed():
        add_lines(seminar, 1)
    assert "Sentence 0." in text(client.get(easy_read_url(seminar)))

    with committed():
        line = SeminarEasyReadLine.objects.get(seminar=seminar)
        line.text = "A new sentence."
        line.save()

    assert "A new sentence." in text(client.get(easy_read_url(seminar)))


def test_the_sitemap_lists_easy_read_pages_of_public_seminars_only(client):
    shown, draft, without = (
        SeminarFactory(),
        SeminarFactory(status=SeminarStatus.DRAFT),
        SeminarFactory(),
    )
    add_lines(shown, 2)
    add_lines(draft, 1)

    sitemap = client.get(reverse("sitemap")).content.decode()

    assert sitemap.count(easy_read_url(shown)) == 1
    assert easy_read_url(draft) not in sitemap
    assert easy_read_url(without) not in sitemap


@pytest.mark.parametrize("page", ["easy read", "seminar"])
def test_pages_run_the_same_queries_with_one_sentence_as_with_many(client, settings, page):
    settings.PAGE_CACHE_SECONDS = 0
    seminar = SeminarFactory()
    url = easy_read_url(seminar) if page == "easy read" else seminar.get_absolute_url()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_lines(seminar, 1)
    one = queries()
    add_lines(seminar, 11, start=1)

    assert queries() == one


def test_a_picture_needs_words_in_the_database_too():
    line = SeminarEasyReadLine(seminar=SeminarFactory(), text="Hello.", picture="easy-read/x.png")

    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def admin_data(seminar, **line):
    return change_form_data(
        seminar,
        **{
            "easy_read_lines-TOTAL_FORMS": "1",
            "easy_read_lines-INITIAL_FORMS": "0",
            "easy_read_lines-0-text": "We meet in Leeds.",
            "easy_read_lines-0-order": "0",
            **{f"easy_read_lines-0-{name}": value for name, value in line.items()},
        },
    )


def test_an_organiser_adds_a_sentence_with_a_picture_kept_without_its_metadata(client, organiser):
    seminar = SeminarFactory()
    picture = SimpleUploadedFile("leeds.jpg", image_bytes(exif=gps_exif()), "image/jpeg")

    response = client.post(
        reverse("admin:seminars_seminar_change", args=[seminar.pk]),
        admin_data(seminar, picture=picture, picture_alt="Leeds station"),
    )

    assert response.status_code == 302, text(response)[:2000]
    line = SeminarEasyReadLine.objects.get(seminar=seminar)
    assert (line.text, line.picture_alt) == ("We meet in Leeds.", "Leeds station")
    with line.picture.open("rb") as stored:
        assert dict(Image.open(stored).getexif()) == {}


@pytest.mark.parametrize(
    ("picture", "alt", "message"),
    [
        (("leeds.jpg", "JPEG"), "", "Describe the picture for people who cannot see it."),
        (("notes.jpg", None), "Notes", "This file is not a JPEG or PNG image we can open."),
    ],
)
def test_the_admin_refuses_a_picture_without_words_or_that_is_not_an_image(
    client, organiser, picture, alt, message
):
    seminar = SeminarFactory()
    name, fmt = picture
    content = image_bytes(fmt) if fmt else b"just some words"

    response = client.post(
        reverse("admin:seminars_seminar_change", args=[seminar.pk]),
        admin_data(seminar, picture=SimpleUploadedFile(name, content), picture_alt=alt),
    )

    assert response.status_code == 200
    assert message in text(response)
    assert not SeminarEasyReadLine.objects.exists()
