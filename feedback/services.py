"""Giving feedback: the one function that writes an answer."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from common import race
from seminars.models import Seminar

from .models import (
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackGiven,
    FeedbackState,
    closes_at,
    feedback_state,
    given_digests,
)

ALREADY_GIVEN = (
    "Thank you: we already have your feedback for this seminar. Answers are anonymous, so they "
    "cannot be seen or changed afterwards."
)
CLOSED = (
    "The feedback form for this seminar has closed. Thank you for coming. If you would still "
    "like to tell us something, you are welcome to email us."
)


class FeedbackError(Exception):
    """A feedback rule refused the answer; str(exc) is safe to show the person."""


def give_feedback(
    registration,
    *,
    usefulness,
    as_equal=None,
    do_differently="",
    could_be_better="",
    group="",
    extra=None,
    now=None,
) -> FeedbackAnswer:
    """Store one anonymous answer for `registration`'s seminar, and mark the registration as
    having answered, in one transaction: both are written or neither.

    The marker (FeedbackGiven) is an HMAC of the registration's id with no link to the answer;
    its unique constraint refuses a second answer, also when two arrive at once (the loser's
    transaction rolls back, keeping nothing). `extra` maps FeedbackQuestion to an answer (1 to 5,
    or text); empty answers are not stored. Raises FeedbackError when the person is not asked,
    has answered, or the form has closed. No email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        state = feedback_state(registration, now=now)
        if state == FeedbackState.GIVEN:
            raise FeedbackError(ALREADY_GIVEN)
        if state == FeedbackState.CLOSED:
            raise FeedbackError(CLOSED)
        if state != FeedbackState.OPEN:
            raise FeedbackError("This registration is not asked for feedback.")
        race.pause()  # tests widen the gap between the check above and the writes below
        marker = FeedbackGiven(digest=given_digests(registration)[0], seminar=registration.seminar)
        marker.full_clean(validate_constraints=False)  # the database's constraint decides races
        try:
            with transaction.atomic():
                marker.save(force_insert=True)
        except IntegrityError:
            raise FeedbackError(ALREADY_GIVEN) from None
        answer = FeedbackAnswer(
            seminar=registration.seminar,
            answered_on=timezone.localdate(now),
            usefulness=usefulness,
            as_equal=as_equal,
            do_differently=do_differently.strip(),
            could_be_better=could_be_better.strip(),
            group=group,
        )
        answer.full_clean()
        answer.save(force_insert=True)
        for question, value in (extra or {}).items():
            if value in (None, "") or question.seminar_id != registration.seminar_id:
                continue
            extra_answer = ExtraAnswer(answer=answer, question=question)
            if isinstance(value, int):
                extra_answer.scale = value
            else:
                extra_answer.text = value.strip()
            extra_answer.full_clean()
            extra_answer.save(force_insert=True)
    return answer


def forget_markers(*, now=None) -> list:
    """For every seminar whose form has closed, delete its "feedback given" markers and record
    the closure (FeedbackClosed), so the form never reopens. Once the markers are gone, nothing
    in the database can tie any answer to anyone, even with the secret key: the markers were
    written in the same transactions as the answers (the same PostgreSQL transaction id, and
    neighbouring places on disk). One transaction per seminar; returns the seminars closed. No
    email. Safe to run twice."""
    now = now or timezone.now()
    closed = []
    candidates = Seminar.objects.filter(attendance_completed_at__isnull=False).exclude(
        pk__in=FeedbackClosed.objects.values("seminar")
    )
    for seminar in candidates:
        if now < closes_at(seminar):
            continue
        with transaction.atomic():
            FeedbackGiven.objects.filter(seminar=seminar).delete()
            FeedbackClosed.objects.get_or_create(
                seminar=seminar, defaults={"closed_on": timezone.localdate(now)}
            )
        closed.append(seminar)
    return closed
