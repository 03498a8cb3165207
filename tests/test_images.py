import io
import struct
import time
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from common.images import SafeImageFormField, clean_image_upload
from people.models import Person
from tests.factories import SeminarSpeakerFactory

pytestmark = pytest.mark.django_db


def image_bytes(fmt="JPEG", size=(64, 48), exif=None, mode="RGB"):
    buffer = io.BytesIO()
    image = Image.new(mode, size, "teal")
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 24.0)}  # GPSInfo: latitude of Leeds
    return exif


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def clean(content, name="photo.jpg"):
    return SafeImageFormField().clean(upload(content, name))


def error_of(content, name="photo.jpg"):
    with pytest.raises(forms.ValidationError) as error:
        clean(content, name)
    return error.value.messages


def test_jpeg_is_re_encoded_without_exif_or_gps():
    original = image_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif()  # the test file really has EXIF

    cleaned = clean(original)

    reopened = Image.open(io.BytesIO(cleaned.read()))
    assert reopened.format == "JPEG"
    assert dict(reopened.getexif()) == {}
    assert "exif" not in reopened.info
    assert reopened.size == (64, 48)


def test_png_stays_png_with_transparency():
    cleaned = clean(image_bytes("PNG", mode="RGBA"), name="logo.png")

    reopened = Image.open(io.BytesIO(cleaned.read()))
    assert cleaned.name == "logo.png"
    assert reopened.format == "PNG"
    assert reopened.mode == "RGBA"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "WEBP"])
def test_other_image_formats_are_refused(fmt):
    assert error_of(image_bytes(fmt), name=f"photo.{fmt.lower()}") == [
        "This file is not a JPEG or PNG image we can open. Choose a .jpg or .png file."
    ]


def test_a_file_that_is_not_an_image_is_refused():
    assert error_of(b"%PDF-1.7 not an image", name="cv.jpg") == [
        "This file is not a JPEG or PNG image we can open. Choose a .jpg or .png file."
    ]


def test_a_truncated_jpeg_is_refused_with_a_clear_message():
    assert error_of(image_bytes(size=(400, 400))[:300]) == [
        "This image seems to be damaged. Try saving it again as a .jpg or .png file."
    ]


def png_header(width, height):
    """A PNG that claims width x height pixels: IHDR and one tiny IDAT, a few dozen bytes."""

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


TOO_BIG = (
    "This image is too big. Choose an image of at most {limit} million pixels, for example "
    "2000 by 2000."
)


def test_decompression_bomb_is_refused_quickly_with_a_clear_message(settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000
    bomb = png_header(100_000, 100_000)  # 10 billion pixels in 70 bytes
    started = time.monotonic()

    messages = error_of(bomb, name="bomb.png")

    assert messages == [TOO_BIG.format(limit=40)]
    assert time.monotonic() - started < 0.5


def test_image_over_our_limit_but_under_pillows_is_refused_too(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    # A 2000 x 2000 PNG of one colour compresses to a few kilobytes but is 4 million pixels.
    bomb = image_bytes("PNG", size=(2000, 2000), mode="L")
    assert len(bomb) < 20_000

    assert error_of(bomb, name="bomb.png") == [TOO_BIG.format(limit=1)]


def test_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024

    assert error_of(b"\xff\xd8" + b"0" * (1024 * 1024)) == [
        "This file is too large. Choose an image smaller than 1 MB."
    ]


def test_person_photo_rendition_is_a_square_jpeg(settings):
    person = Person(name="Annie Dransfield", slug="annie-dransfield", photo_alt="Annie smiling")
    person.photo = clean(image_bytes(size=(800, 600)))
    person.save()

    with Image.open(person.photo_square.path) as rendition:
        assert rendition.size == (400, 400)
        assert rendition.format == "JPEG"
    assert person.photo_square.url.startswith("/media/CACHE/images/people/")


def test_pages_with_photos_need_no_query_per_photo(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # count the queries of rendering, not of a cached copy

    def add_speakers_with_photos(count):
        for _ in range(count):
            SeminarSpeakerFactory(person__photo=clean(image_bytes()), person__photo_alt="A photo")

    add_speakers_with_photos(1)
    with CaptureQueriesContext(connection) as with_one:
        client.get("/people/")

    add_speakers_with_photos(11)
    with CaptureQueriesContext(connection) as with_twelve:
        html = client.get("/people/").content.decode()

    assert html.count('class="person-photo" src="/media/CACHE/images/people/') == 12
    assert len(with_twelve) == len(with_one)


@pytest.mark.parametrize(
    ("size", "image_format", "message"),
    [
        ((6300, 6300), "PNG", "This PNG image is too big. Save it as a .jpg"),
        ((8200, 6200), "JPEG", "This image is too big."),
    ],
)
def test_an_upload_too_costly_to_decode_is_refused_from_its_header(size, image_format, message):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 30, 40)).save(buffer, format=image_format)
    upload = SimpleUploadedFile(f"big.{image_format.lower()}", buffer.getvalue())

    started = time.monotonic()
    with pytest.raises(forms.ValidationError) as error:
        clean_image_upload(upload)

    assert str(error.value.messages[0]).startswith(message)
    assert time.monotonic() - started < 0.05  # refused before decoding


def test_a_large_phone_photo_is_decoded_at_a_reduced_scale_and_kept_at_most_3000_pixels():
    buffer = io.BytesIO()
    Image.new("RGB", (6300, 6300), (120, 30, 40)).save(buffer, format="JPEG")

    started = time.monotonic()
    cleaned = clean_image_upload(SimpleUploadedFile("receipt.jpg", buffer.getvalue()))
    took = time.monotonic() - started

    with Image.open(cleaned) as kept:
        assert max(kept.size) <= 3000
    assert took < 1.0  # the full 40 megapixels decoded took 1.6 s and 151 MB
