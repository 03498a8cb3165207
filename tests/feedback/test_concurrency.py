"""Two answers from one registration at the same moment, against PostgreSQL: threads, each with
its own connection. The test-only delay holds both past the "already answered?" check before
either writes, so the first check cannot be what stops the second: the unique constraint on the
marker must, and the loser's transaction keeps nothing."""

import pytest
from django.db import connection

from feedback import services
from feedback.models import FeedbackAnswer, FeedbackGiven
from tests.factories.feedback import AttendedFactory
from tests.registrations.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_answers_at_once_from_one_person_keep_exactly_one(settings):
    settings.RACE_TEST_DELAY = 0.3
    registration = AttendedFactory()
    refused = []

    def answer(usefulness):
        def send():
            try:
                services.give_feedback(registration, usefulness=usefulness)
            except services.FeedbackError as error:
                refused.append(str(error))

        return send

    errors = run_at_once([answer(1), answer(5)])

    assert errors == []
    assert refused == [services.ALREADY_GIVEN]
    assert FeedbackAnswer.objects.count() == 1
    assert FeedbackGiven.objects.count() == 1


def test_without_the_unique_constraint_the_same_race_keeps_both(settings):
    """The negative control: with the constraint dropped, both answers get through, so the
    test above sees the race it claims to close."""
    settings.RACE_TEST_DELAY = 0.3
    registration = AttendedFactory()
    (constraint,) = FeedbackGiven._meta.constraints
    with connection.schema_editor() as editor:
        editor.remove_constraint(FeedbackGiven, constraint)
    try:
        errors = run_at_once(
            [lambda n=n: services.give_feedback(registration, usefulness=n) for n in (1, 5)]
        )

        assert errors == []
        assert FeedbackAnswer.objects.count() == 2
    finally:
        FeedbackGiven.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(FeedbackGiven, constraint)


def test_answers_from_different_people_at_once_are_all_kept(settings):
    settings.RACE_TEST_DELAY = 0.1
    first = AttendedFactory()
    others = AttendedFactory.create_batch(7, seminar=first.seminar)

    errors = run_at_once(
        [lambda r=r: services.give_feedback(r, usefulness=3) for r in [first, *others]]
    )

    assert errors == []
    assert FeedbackAnswer.objects.count() == 8
    assert FeedbackGiven.objects.count() == 8
