import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from feedback import services
from feedback.models import (
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackGiven,
    FeedbackState,
    QuestionKind,
    feedback_state,
)
from registrations.models import Registration, RegistrationStatus
from tests.feedback.factories import AttendedFactory, FeedbackQuestionFactory
from tests.utils import london

pytestmark = pytest.mark.django_db


def nothing_stored():
    return (
        FeedbackAnswer.objects.count(),
        ExtraAnswer.objects.count(),
        FeedbackGiven.objects.count(),
    ) == (0, 0, 0)


def test_give_feedback_stores_the_answer_with_its_seminar_and_day_and_a_marker(attended):
    answer = services.give_feedback(
        attended,
        usefulness=5,
        as_equal=4,
        do_differently=" Ask people first ",
        could_be_better="",
        group="carer",
    )

    answer.refresh_from_db()
    assert (answer.seminar, answer.answered_on) == (attended.seminar, timezone.localdate())
    assert (answer.usefulness, answer.as_equal, answer.group) == (5, 4, "carer")
    assert answer.do_differently == "Ask people first"
    assert FeedbackGiven.objects.get().seminar == attended.seminar
    assert feedback_state(attended) == FeedbackState.GIVEN


def test_give_feedback_leaves_the_registration_untouched(attended):
    before = Registration.objects.filter(pk=attended.pk).values().get()

    services.give_feedback(attended, usefulness=3)

    assert Registration.objects.filter(pk=attended.pk).values().get() == before


def test_a_second_answer_is_refused_kindly_and_nothing_changes(attended):
    services.give_feedback(attended, usefulness=3)

    with pytest.raises(services.FeedbackError, match="we already have your feedback"):
        services.give_feedback(attended, usefulness=1, could_be_better="Again")

    assert list(FeedbackAnswer.objects.values_list("usefulness", "could_be_better")) == [(3, "")]
    assert FeedbackGiven.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "came"),
    [
        (RegistrationStatus.CONFIRMED, None),
        (RegistrationStatus.CONFIRMED, False),
        (RegistrationStatus.CANCELLED, True),
        (RegistrationStatus.WAITING, None),
    ],
)
def test_people_not_marked_as_attended_cannot_give_feedback(status, came):
    registration = AttendedFactory(status=status, attended=came)

    with pytest.raises(services.FeedbackError):
        services.give_feedback(registration, usefulness=4)

    assert feedback_state(registration) == FeedbackState.NOT_ASKED
    assert nothing_stored()


def test_nobody_is_asked_before_attendance_is_complete():
    registration = AttendedFactory(seminar__attendance_completed_at=None)

    with pytest.raises(services.FeedbackError):
        services.give_feedback(registration, usefulness=4)

    assert nothing_stored()


def test_the_form_is_open_until_midnight_at_the_end_of_the_28th_day(settings):
    settings.FEEDBACK_OPEN_DAYS = 28
    completed = london(2016, 1, 6, 17, 30)
    first = AttendedFactory(seminar__attendance_completed_at=completed)
    second = AttendedFactory(seminar=first.seminar)

    with time_machine.travel(london(2016, 2, 3, 23, 59, 59)):
        services.give_feedback(first, usefulness=4)
    with time_machine.travel(london(2016, 2, 4)), pytest.raises(services.FeedbackError) as error:
        services.give_feedback(second, usefulness=4)

    assert "has closed" in str(error.value)
    assert FeedbackAnswer.objects.count() == 1
    assert list(FeedbackAnswer.objects.values_list("answered_on", flat=True)) == [
        datetime.date(2016, 2, 3)
    ]


def test_the_open_days_are_a_setting(settings, attended):
    settings.FEEDBACK_OPEN_DAYS = 0  # attendance was completed yesterday

    assert feedback_state(attended) == FeedbackState.CLOSED


def test_answers_to_the_seminars_own_questions_are_stored_and_empty_ones_are_not(attended):
    venue = FeedbackQuestionFactory(seminar=attended.seminar)
    workshop = FeedbackQuestionFactory(
        seminar=attended.seminar, wording="The workshop?", kind=QuestionKind.TEXT
    )
    skipped = FeedbackQuestionFactory(seminar=attended.seminar, wording="Lunch?")
    elsewhere = FeedbackQuestionFactory()

    answer = services.give_feedback(
        attended,
        usefulness=4,
        extra={venue: 2, workshop: " Too short ", skipped: None, elsewhere: 5},
    )

    assert sorted(answer.extra_answers.values_list("question__wording", "scale", "text")) == [
        ("How was the venue?", 2, ""),
        ("The workshop?", None, "Too short"),
    ]


def test_a_marker_made_under_an_old_secret_key_still_counts(settings, attended):
    old_key = settings.SECRET_KEY
    services.give_feedback(attended, usefulness=4)
    settings.SECRET_KEY = "a new key " + old_key
    settings.SECRET_KEY_FALLBACKS = [old_key]

    with pytest.raises(services.FeedbackError, match="already"):
        services.give_feedback(attended, usefulness=4)

    assert FeedbackAnswer.objects.count() == 1


def test_forget_markers_deletes_markers_once_closed_and_the_form_never_reopens(settings):
    settings.FEEDBACK_OPEN_DAYS = 28
    first = AttendedFactory(seminar__attendance_completed_at=london(2016, 1, 6, 17))
    later = AttendedFactory(seminar=first.seminar)
    still_open = AttendedFactory(seminar__attendance_completed_at=london(2016, 1, 20, 17))
    with time_machine.travel(london(2016, 1, 7, 9)):
        services.give_feedback(first, usefulness=4)
        services.give_feedback(still_open, usefulness=4)

    with time_machine.travel(london(2016, 2, 4, 1)):
        closed = services.forget_markers()
        services.forget_markers()  # twice changes nothing
    seminar = first.seminar
    seminar.attendance_completed_at = london(2016, 3, 1)  # moved on by mistake
    seminar.save()
    later.refresh_from_db()

    assert closed == [first.seminar]
    assert list(FeedbackGiven.objects.values_list("seminar", flat=True)) == [still_open.seminar_id]
    assert list(FeedbackClosed.objects.values_list("seminar", flat=True)) == [seminar.pk]
    assert FeedbackAnswer.objects.count() == 2  # answers stay; only the markers go
    with time_machine.travel(london(2016, 3, 2)):
        assert feedback_state(later) == FeedbackState.CLOSED
        with pytest.raises(services.FeedbackError):
            services.give_feedback(later, usefulness=1)
    assert FeedbackAnswer.objects.count() == 2


def test_the_daily_command_forgets_the_markers_of_closed_forms(settings, attended):
    services.give_feedback(attended, usefulness=4)
    settings.FEEDBACK_OPEN_DAYS = 0
    out = io.StringIO()

    call_command("forget_feedback_markers", stdout=out)

    assert out.getvalue() == "Closed feedback for 1 seminar(s).\n"
    assert (FeedbackGiven.objects.count(), FeedbackAnswer.objects.count()) == (0, 1)
