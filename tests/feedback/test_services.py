import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.crypto import salted_hmac

from feedback import services
from feedback.models import (
    QUESTIONS_FROZEN,
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackGiven,
    FeedbackKey,
    FeedbackQuestion,
    FeedbackState,
    QuestionKind,
    feedback_key,
    feedback_state,
    marker_digest,
)
from registrations.models import Registration, RegistrationStatus
from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory
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


def test_changing_the_secret_key_changes_nothing_markers_have_a_key_of_their_own(
    settings, attended
):
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

    assert out.getvalue() == "Closed feedback for 1 seminar.\n"
    assert (FeedbackGiven.objects.count(), FeedbackAnswer.objects.count()) == (0, 1)


def test_the_marker_is_under_the_seminars_own_key_never_the_secret_key(settings, attended):
    other = AttendedFactory()
    services.give_feedback(attended, usefulness=4)
    services.give_feedback(other, usefulness=4)

    key = feedback_key(attended.seminar_id)

    assert len(key) == 32
    assert key != feedback_key(other.seminar_id)
    assert settings.SECRET_KEY.encode() not in key
    marker = FeedbackGiven.objects.get(seminar=attended.seminar)
    assert marker.digest == marker_digest(key, attended)
    assert marker.digest not in [
        salted_hmac("feedback.given", str(attended.pk), algorithm="sha256").hexdigest(),
        salted_hmac("feedback.given", str(attended.pk)).hexdigest(),
    ]


def test_no_key_is_made_until_the_first_answer(attended):
    assert feedback_state(attended) == FeedbackState.OPEN

    assert FeedbackKey.objects.count() == 0


def test_closing_destroys_the_key_and_markers_and_keeps_the_answers(settings, attended):
    question = FeedbackQuestionFactory(seminar=attended.seminar)
    services.give_feedback(attended, usefulness=4, extra={question: 2}, could_be_better="Tea")
    settings.FEEDBACK_OPEN_DAYS = 0
    kept = list(FeedbackAnswer.objects.values("usefulness", "could_be_better", "answered_on"))

    closed = services.close_feedback(attended.seminar)
    again = services.close_feedback(attended.seminar)

    assert (closed, again) == (True, False)
    assert FeedbackKey.objects.count() == 0
    assert FeedbackGiven.objects.count() == 0
    assert list(FeedbackClosed.objects.values_list("seminar", flat=True)) == [attended.seminar_id]
    assert (
        list(FeedbackAnswer.objects.values("usefulness", "could_be_better", "answered_on")) == kept
    )
    assert list(ExtraAnswer.objects.values_list("question", "scale")) == [(question.pk, 2)]
    assert feedback_state(attended) == FeedbackState.CLOSED


def test_closing_before_its_time_does_nothing(attended):
    services.give_feedback(attended, usefulness=4)
    answer_keys = set(FeedbackAnswer.objects.values_list("pk", flat=True))

    assert services.close_feedback(attended.seminar) is False

    assert (FeedbackKey.objects.count(), FeedbackGiven.objects.count()) == (1, 1)
    assert set(FeedbackAnswer.objects.values_list("pk", flat=True)) == answer_keys
    assert FeedbackClosed.objects.count() == 0


def test_closing_writes_every_answer_again_under_a_new_key(settings, attended):
    for registration in [attended, *AttendedFactory.create_batch(4, seminar=attended.seminar)]:
        services.give_feedback(registration, usefulness=3)
    before = set(FeedbackAnswer.objects.values_list("pk", flat=True))
    settings.FEEDBACK_OPEN_DAYS = 0

    services.close_feedback(attended.seminar)

    after = set(FeedbackAnswer.objects.values_list("pk", flat=True))
    assert len(after) == 5
    assert before & after == set()


def test_when_the_answer_cannot_be_stored_the_marker_goes_too_so_they_can_try_again(attended):
    with pytest.raises(ValidationError):
        services.give_feedback(attended, usefulness=9)

    assert nothing_stored()
    assert feedback_state(attended) == FeedbackState.OPEN
    services.give_feedback(attended, usefulness=4)
    assert (FeedbackAnswer.objects.count(), FeedbackGiven.objects.count()) == (1, 1)


def test_an_answer_to_a_question_no_longer_asked_is_not_kept(attended):
    question = FeedbackQuestionFactory(seminar=attended.seminar)
    form_shown_with = {question: 4}
    services.delete_question(question)

    services.give_feedback(attended, usefulness=4, extra=form_shown_with)

    assert (FeedbackAnswer.objects.count(), ExtraAnswer.objects.count()) == (1, 0)


# Questions freeze with the first answer


def test_questions_can_be_added_and_changed_until_the_first_answer(attended):
    question = services.save_question(
        FeedbackQuestion(seminar=attended.seminar, wording="How was the venue?")
    )
    question.wording = "How was the room?"
    services.save_question(question)

    assert list(FeedbackQuestion.objects.values_list("wording", flat=True)) == ["How was the room?"]


def test_after_the_first_answer_no_question_is_added_changed_or_removed(attended):
    question = FeedbackQuestionFactory(seminar=attended.seminar, wording="Venue?")
    services.give_feedback(attended, usefulness=4)
    question.wording = "Changed?"

    with pytest.raises(services.FeedbackError, match="can no longer be added to"):
        services.save_question(FeedbackQuestion(seminar=attended.seminar, wording="Lunch?"))
    with pytest.raises(services.FeedbackError) as changing:
        services.save_question(question)
    with pytest.raises(services.FeedbackError) as removing:
        services.delete_question(question)

    assert str(changing.value) == str(removing.value) == QUESTIONS_FROZEN
    assert list(FeedbackQuestion.objects.values_list("wording", flat=True)) == ["Venue?"]


def test_a_question_cannot_be_moved_out_of_a_frozen_seminar(attended):
    question = FeedbackQuestionFactory(seminar=attended.seminar)
    services.give_feedback(attended, usefulness=4)
    elsewhere = AttendedFactory().seminar
    question.seminar = elsewhere

    with pytest.raises(services.FeedbackError):
        services.save_question(question)

    assert FeedbackQuestion.objects.get().seminar_id == attended.seminar_id


def test_questions_stay_frozen_once_the_form_has_closed_even_with_no_answer(settings, attended):
    settings.FEEDBACK_OPEN_DAYS = 0
    services.close_feedback(attended.seminar)

    with pytest.raises(services.FeedbackError):
        services.save_question(FeedbackQuestion(seminar=attended.seminar, wording="Late?"))

    assert FeedbackQuestion.objects.count() == 0


def test_an_answer_is_refused_if_attendance_was_reopened_after_the_page_was_read(attended):
    """The state was read while attendance was complete; the seminar's row, read again under
    its lock, says otherwise."""
    state_when_read = feedback_state(attended)
    seminar = attended.seminar
    type(seminar).objects.filter(pk=seminar.pk).update(attendance_completed_at=None)

    with pytest.raises(services.FeedbackError, match="not asked"):
        services._mark_as_answered(attended, now=timezone.now())

    assert state_when_read == FeedbackState.OPEN
    assert nothing_stored()
