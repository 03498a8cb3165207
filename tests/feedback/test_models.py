"""Anonymity, as the database holds it: no answer can be followed back to a person."""

import pytest
from django.conf import settings
from django.db import connection, models

from common.basemodels import TimeStampedModel
from feedback import services
from feedback.models import (
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackGiven,
    FeedbackKey,
    FeedbackQuestion,
)
from registrations.models import Registration
from seminars.models import Seminar
from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = [FeedbackAnswer, ExtraAnswer, FeedbackGiven, FeedbackClosed, FeedbackKey]


@pytest.mark.parametrize("model", ANONYMOUS)
def test_no_anonymous_table_points_at_a_person_or_holds_a_time(model):
    related = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
    times = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]

    assert related <= {Seminar, FeedbackAnswer, FeedbackQuestion}
    assert Registration not in related
    assert settings.AUTH_USER_MODEL not in {m._meta.label for m in related}
    assert times == []
    assert not issubclass(model, TimeStampedModel)


def test_answers_and_markers_have_no_link_to_each_other():
    marker_links = {f.related_model for f in FeedbackGiven._meta.get_fields() if f.is_relation}
    answer_links = {f.related_model for f in FeedbackAnswer._meta.get_fields() if f.is_relation}

    assert FeedbackAnswer not in marker_links
    assert FeedbackGiven not in answer_links


def test_answer_and_marker_keys_are_random_so_no_order_joins_them():
    assert isinstance(FeedbackAnswer._meta.pk, models.UUIDField)
    assert isinstance(ExtraAnswer._meta.pk, models.UUIDField)
    assert isinstance(FeedbackGiven._meta.pk, models.UUIDField)


def test_nothing_stored_with_an_answer_names_the_person():
    registration = AttendedFactory(pk=987654, name="Ann Example", email="ann@example.org")
    question = FeedbackQuestionFactory(seminar=registration.seminar)
    services.give_feedback(
        registration, usefulness=4, group="academic", extra={question: 3}, could_be_better="More"
    )
    identifiers = {
        str(registration.pk),
        registration.manage_token,
        registration.email,
        registration.name,
    }

    stored = []
    with connection.cursor() as cursor:
        for model in ANONYMOUS:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 (our own names)
            stored += [str(value) for row in cursor.fetchall() for value in row]

    assert stored  # the rows were read
    assert [value for value in stored if value in identifiers] == []
    assert [value for value in stored if registration.manage_token in value] == []


def test_the_order_answers_are_listed_in_is_not_the_order_they_came_in():
    first = AttendedFactory()
    came_in = [services.give_feedback(first, usefulness=3).pk]
    for registration in AttendedFactory.create_batch(11, seminar=first.seminar):
        came_in.append(services.give_feedback(registration, usefulness=3).pk)

    listed = list(FeedbackAnswer.objects.values_list("pk", flat=True))

    # 12 random keys fall in arrival order once in 479 million runs.
    assert sorted(listed) == sorted(came_in)
    assert listed != came_in


@pytest.mark.parametrize("model", [FeedbackAnswer, ExtraAnswer, FeedbackGiven])
def test_no_column_of_answers_or_markers_counts_up_or_tells_the_time(model):
    """Nothing a database fills in by arrival: no sequence, no clock; the day at most."""
    columns = {f.name: type(f) for f in model._meta.concrete_fields}

    assert not [
        n for n, t in columns.items() if issubclass(t, (models.AutoField, models.BigAutoField))
    ]
    assert [n for n, t in columns.items() if issubclass(t, models.DateField)] == (
        ["answered_on"] if model is FeedbackAnswer else []
    )
    assert not [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    assert not [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
