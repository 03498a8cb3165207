"""Factories for outputs. A WriteUpFactory is published with consent recorded, for a seminar
that ended a week ago; a MaterialFactory is a published public link; a RecordingFactory a
published recording for the people registered, whose seminar has one speaker who agreed."""

import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from outputs.models import (
    Audience,
    Material,
    MaterialKind,
    MaterialStatus,
    NewsPost,
    RecordingConsent,
    SpeakerLink,
    WriteUp,
    YouSaidWeDid,
)
from seminars.models import SeminarSpeaker
from tests.factories import PersonFactory, SeminarFactory


def _days_ago(days):
    return timezone.localtime() - datetime.timedelta(days=days)


class PastSeminarFactory(SeminarFactory):
    starts_at = factory.LazyFunction(lambda: _days_ago(7).replace(hour=10, minute=0))
    registration_opens_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(60))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(2))
    bursary_deadline = None
    bursary_decisions_by = None


class WriteUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WriteUp

    seminar = factory.SubFactory(PastSeminarFactory)
    body = "We talked about **sharing power**.\n\nThen we had lunch."
    key_messages = "Listen first\nShare the agenda"
    consent_recorded_on = factory.LazyFunction(timezone.localdate)
    published = True


class YouSaidWeDidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouSaidWeDid

    write_up = factory.SubFactory(WriteUpFactory)
    you_said = factory.Sequence(lambda n: f"The room was too warm ({n})")
    we_did = "We booked a bigger room"


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    seminar = factory.SubFactory(PastSeminarFactory)
    title = factory.Sequence(lambda n: f"Material {n}")
    kind = MaterialKind.OTHER
    url = "https://video.example.org/watch/1"
    audience = Audience.PUBLIC
    consent_recorded_on = factory.LazyFunction(timezone.localdate)
    status = MaterialStatus.PUBLISHED


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeminarSpeaker

    seminar = factory.SubFactory(PastSeminarFactory)
    person = factory.SubFactory(PersonFactory)


class RecordingConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordingConsent

    speaker = factory.SubFactory(SpeakerFactory)
    agreed = True
    recorded_at = factory.LazyFunction(timezone.now)


class RecordingFactory(MaterialFactory):
    class Meta:
        skip_postgeneration_save = True

    kind = MaterialKind.RECORDING
    audience = Audience.REGISTERED
    title = factory.Sequence(lambda n: f"Recording {n}")
    agreed = factory.RelatedFactory(
        RecordingConsentFactory, speaker__seminar=factory.SelfAttribute("...seminar")
    )


class FileMaterialFactory(MaterialFactory):
    kind = MaterialKind.SLIDES
    url = ""
    file = factory.LazyFunction(lambda: SimpleUploadedFile("slides.pdf", pdf_bytes()))


class SpeakerLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerLink

    seminar = factory.SubFactory(PastSeminarFactory)
    person = factory.SubFactory(PersonFactory)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    body = "The report is out. [Read it](https://example.org/report)."
    published = True


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def ooxml_bytes(main_type, *, extra=()):
    """A minimal Office Open XML package whose main part has `main_type`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>',
        )
        package.writestr("main.xml", "<x/>")
        for name in extra:
            package.writestr(name, b"\0")
    return buffer.getvalue()


def odf_bytes(mimetype, *, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", "<x/>")
        for name in extra:
            package.writestr(name, b"\0")
    return buffer.getvalue()


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ODP = "application/vnd.oasis.opendocument.presentation"
ODT = "application/vnd.oasis.opendocument.text"
