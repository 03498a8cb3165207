"""Seminars, with their venues, speakers, programme and pages, and each seminar's bursary and
certificate rows (see tests/factories/__init__.py for the defaults)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from bursaries.models import SeminarBursaries
from certificates.models import SeminarCertificate
from seminars.models import (
    Page,
    PageKind,
    ProgrammeItem,
    Seminar,
    SeminarSpeaker,
    SeminarStatus,
    Venue,
)

from .people import PersonFactory


def _at(days, hour=0):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _midnight(moment):
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    institution = "University of Leeds"
    address = "Woodhouse Lane\nLeeds LS2 9JT"
    city = "Leeds"


class SeminarBursariesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeminarBursaries

    seminar = factory.SubFactory("tests.factories.SeminarFactory")


class SeminarCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeminarCertificate

    seminar = factory.SubFactory("tests.factories.SeminarFactory")


# The factory's names for the SeminarBursaries fields.
BURSARY_SETTINGS = {
    "bursary_deadline": "deadline",
    "bursary_decisions_by": "decisions_by",
    "bursary_rolling_decisions": "rolling_decisions",
    "bursaries_per_group": "per_group",
    "bursary_max_award": "max_award",
    "bursary_note": "note",
    "bursary_blind_review": "blind_review",
}


class SeminarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminar
        skip_postgeneration_save = True
        exclude = (*BURSARY_SETTINGS, "cpd_hours", "learning")

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Seminar title {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    summary = "What this seminar is about."
    description = "First paragraph.\n\nSecond paragraph."
    venue = factory.SubFactory(VenueFactory)
    status = SeminarStatus.PUBLISHED
    starts_at = factory.LazyFunction(lambda: _at(30, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    registration_deadline = factory.LazyAttribute(
        lambda o: o.starts_at and _midnight(o.starts_at - datetime.timedelta(days=10))
    )
    registration_opens_at = factory.LazyAttribute(
        lambda o: o.registration_deadline and o.registration_deadline - datetime.timedelta(days=60)
    )
    bursary_deadline = factory.LazyAttribute(
        lambda o: o.starts_at and _midnight(o.starts_at - datetime.timedelta(days=20))
    )
    bursary_decisions_by = factory.LazyAttribute(
        lambda o: (
            o.bursary_deadline
            and timezone.localtime(o.bursary_deadline).date() + datetime.timedelta(days=6)
        )
    )
    bursary_rolling_decisions = False
    bursaries_per_group = 5
    bursary_max_award = Decimal("300.00")
    bursary_note = ""
    bursary_blind_review = False
    cpd_hours = None
    learning = ""
    capacity = 20

    bursaries = factory.RelatedFactory(
        SeminarBursariesFactory,
        factory_related_name="seminar",
        **{ours: factory.SelfAttribute(f"..{name}") for name, ours in BURSARY_SETTINGS.items()},
    )
    certificate = factory.RelatedFactory(
        SeminarCertificateFactory,
        factory_related_name="seminar",
        cpd_hours=factory.SelfAttribute("..cpd_hours"),
        learning=factory.SelfAttribute("..learning"),
    )

    class Params:
        # Bursary applications closed at midnight this morning: the panel may send decisions.
        bursaries_closed = factory.Trait(
            bursary_deadline=factory.LazyFunction(lambda: _midnight(timezone.now())),
        )


class TentativeSeminarFactory(SeminarFactory):
    """Known only by month: no day, no times, no deadlines."""

    starts_at = None
    ends_at = None
    registration_opens_at = None
    registration_deadline = None
    bursary_deadline = None
    tentative_month = factory.LazyFunction(
        lambda: (timezone.localdate() + datetime.timedelta(days=120)).replace(day=1)
    )


class SeminarSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeminarSpeaker

    seminar = factory.SubFactory(SeminarFactory)
    person = factory.SubFactory(PersonFactory)
    order = factory.Sequence(lambda n: n)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    seminar = factory.SubFactory(SeminarFactory)
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(10, 30)
    title = "Welcome and introductions"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ["kind"]

    kind = PageKind.ABOUT
    title = factory.LazyAttribute(lambda o: PageKind(o.kind).label)
    summary = "A page."
    body = "## A heading\n\nSome words with a [link](https://example.org)."
