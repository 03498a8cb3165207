"""Registrations."""

import factory
from django.utils import timezone

from registrations.models import ParticipantGroup, Registration, RegistrationStatus, SeminarOnline

from .seminars import SeminarFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration from a practitioner, who needs no health consent."""

    class Meta:
        model = Registration

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    group = ParticipantGroup.PRACTITIONER
    privacy_agreed_at = factory.LazyFunction(timezone.now)
    status = RegistrationStatus.CONFIRMED


class SeminarOnlineFactory(factory.django.DjangoModelFactory):
    """Ten online places at a (default) seminar, with a distinctive joining link."""

    class Meta:
        model = SeminarOnline

    seminar = factory.SubFactory(SeminarFactory)
    capacity = 10
    joining_link = "https://meet.example.net/j/secret-room-7731"
