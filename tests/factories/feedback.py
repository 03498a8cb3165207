"""Factories for feedback. A FinishedSeminarFactory ended a week ago and had its attendance
marked complete yesterday, so its form is open; a ClosedSeminarFactory's form closed yesterday,
so its results show; an AttendedFactory is a confirmed place at a FinishedSeminarFactory,
marked as attended."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone

from feedback.models import FeedbackAnswer, FeedbackQuestion, QuestionKind
from tests.factories import RegistrationFactory, SeminarFactory


def _days_ago(days):
    return timezone.localtime() - datetime.timedelta(days=days)


class FinishedSeminarFactory(SeminarFactory):
    starts_at = factory.LazyFunction(lambda: _days_ago(7).replace(hour=10, minute=0))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(2))
    registration_opens_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(60))
    bursary_deadline = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(20))
    attendance_completed_at = factory.LazyFunction(lambda: _days_ago(1))


class ClosedSeminarFactory(FinishedSeminarFactory):
    starts_at = factory.LazyFunction(
        lambda: _days_ago(settings.FEEDBACK_OPEN_DAYS + 9).replace(hour=10, minute=0)
    )
    attendance_completed_at = factory.LazyFunction(
        lambda: _days_ago(settings.FEEDBACK_OPEN_DAYS + 2)
    )


class AttendedFactory(RegistrationFactory):
    seminar = factory.SubFactory(FinishedSeminarFactory)
    attended = True


class FeedbackQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackQuestion

    seminar = factory.SubFactory(FinishedSeminarFactory)
    wording = "How was the venue?"
    kind = QuestionKind.SCALE


class FeedbackAnswerFactory(factory.django.DjangoModelFactory):
    """An answer as stored; tests of the form go through the service instead."""

    class Meta:
        model = FeedbackAnswer

    seminar = factory.SubFactory(FinishedSeminarFactory)
    answered_on = factory.LazyFunction(timezone.localdate)
    usefulness = 4
