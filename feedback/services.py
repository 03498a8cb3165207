"""Giving feedback, the seminar's own questions, and closing a form: the functions that write.

The promise these keep, and what it costs, is in models.py's notes and the README: the marker
that someone has answered and their answer are written in two transactions, and closing a form
destroys the key of its markers and writes the answers again in a random order.
"""

import logging
import random

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from common import race
from seminars.models import Seminar

from .models import (
    QUESTIONS_FROZEN,
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackGiven,
    FeedbackKey,
    FeedbackQuestion,
    FeedbackState,
    closes_at,
    feedback_key,
    feedback_state,
    marker_digest,
    new_feedback_key,
    questions_frozen,
)

logger = logging.getLogger(__name__)

ALREADY_GIVEN = (
    "Thank you: we already have your feedback for this seminar. Answers are anonymous, so they "
    "cannot be seen or changed afterwards."
)
CLOSED = (
    "The feedback form for this seminar has closed. Thank you for coming. If you would still "
    "like to tell us something, you are welcome to email us."
)
NOT_ASKED = "This registration is not asked for feedback."
# The tables a closed form scrubs from the database files.
ANONYMOUS_TABLES = [FeedbackKey, FeedbackGiven, FeedbackAnswer, ExtraAnswer]


class FeedbackError(Exception):
    """A feedback rule refused the request; str(exc) is safe to show the person."""


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
    """Mark `registration` as having answered, then store its anonymous answer: two
    transactions, so that no transaction (and no transaction id) holds both.

    First transaction: the seminar's row is locked, the form must still be open, the seminar's
    feedback key is made if this is the first answer, and the marker (an HMAC of the
    registration's id under that key) is written; its unique constraint refuses a second answer,
    also when two arrive at once. Second transaction: the answer, with the seminar locked again
    so that a form closing meanwhile cannot miss it. If the second fails, a third removes the
    marker so the person can try again; only a crash between the two leaves someone marked as
    answered with no answer kept (the README's cost). `extra` maps FeedbackQuestion to an answer
    (1 to 5, or text); empty answers, and questions not (or no longer) the seminar's, are not
    stored. Raises FeedbackError when the person is not asked, has answered, or the form has
    closed. No email. Call it outside any transaction, or the two become one.
    """
    now = now or timezone.now()
    state = feedback_state(registration, now=now)
    if state == FeedbackState.GIVEN:
        raise FeedbackError(ALREADY_GIVEN)
    if state == FeedbackState.CLOSED:
        raise FeedbackError(CLOSED)
    if state != FeedbackState.OPEN:
        raise FeedbackError(NOT_ASKED)
    race.pause()  # tests widen the gap between the check above and the writes below
    with _deleted_content_zeroed():
        return _mark_then_answer(
            registration,
            now=now,
            fields={
                "usefulness": usefulness,
                "as_equal": as_equal,
                "do_differently": do_differently.strip(),
                "could_be_better": could_be_better.strip(),
                "group": group,
            },
            extra=extra or {},
        )


def _mark_then_answer(registration, *, now, fields, extra):
    marker = _mark_as_answered(registration, now=now)
    try:
        return _store_answer(
            registration.seminar_id,
            now=now,
            fields=fields,
            extra=extra,
        )
    except BaseException:
        with transaction.atomic():
            FeedbackGiven.objects.filter(pk=marker.pk).delete()
        raise


def _refuse_if_closed(seminar, now):
    if closes_at(seminar) is None:  # attendance reopened meanwhile
        raise FeedbackError(NOT_ASKED)
    if now >= closes_at(seminar) or FeedbackClosed.objects.filter(seminar=seminar).exists():
        raise FeedbackError(CLOSED)


def _mark_as_answered(registration, *, now):
    with transaction.atomic():
        seminar = race.locked(Seminar, registration.seminar_id)
        _refuse_if_closed(seminar, now)
        key = feedback_key(seminar.pk)
        if key is None:
            key = FeedbackKey.objects.create(seminar=seminar, key=new_feedback_key()).key
        marker = FeedbackGiven(digest=marker_digest(key, registration), seminar=seminar)
        marker.full_clean(validate_constraints=False)  # the database's constraint decides races
        try:
            with transaction.atomic():
                marker.save(force_insert=True)
        except IntegrityError:
            raise FeedbackError(ALREADY_GIVEN) from None
    return marker


def _store_answer(seminar_id, *, now, fields, extra):
    with transaction.atomic():
        seminar = race.locked(Seminar, seminar_id)
        _refuse_if_closed(seminar, now)
        answer = FeedbackAnswer(seminar=seminar, answered_on=timezone.localdate(now), **fields)
        answer.full_clean()
        answer.save(force_insert=True)
        asked = set(seminar.feedback_questions.values_list("pk", flat=True))
        for question, value in extra.items():
            if value in (None, "") or question.pk not in asked:
                continue
            extra_answer = ExtraAnswer(answer=answer, question=question)
            if isinstance(value, int):
                extra_answer.scale = value
            else:
                extra_answer.text = value.strip()
            extra_answer.full_clean()
            extra_answer.save(force_insert=True)
    return answer


def save_question(question):
    """Add or change one of a seminar's own questions, refused (FeedbackError) once the first
    answer has arrived, at the seminar it was at and the one it goes to. The seminars' rows are
    locked, as give_feedback locks them, so a question cannot slip in beside the first answer.
    No email."""
    with transaction.atomic():
        seminars = {question.seminar_id}
        if question.pk is not None:
            seminars |= set(
                FeedbackQuestion.objects.filter(pk=question.pk).values_list("seminar", flat=True)
            )
        for seminar_id in sorted(seminars):
            race.locked(Seminar, seminar_id)
        if any(questions_frozen(seminar_id) for seminar_id in seminars):
            raise FeedbackError(QUESTIONS_FROZEN)
        question.full_clean(validate_constraints=True)
        question.save()
    return question


def delete_question(question):
    """Remove one of a seminar's own questions, refused (FeedbackError) once the first answer
    has arrived. No email."""
    with transaction.atomic():
        race.locked(Seminar, question.seminar_id)
        if questions_frozen(question.seminar_id):
            raise FeedbackError(QUESTIONS_FROZEN)
        question.delete()


def close_feedback(seminar, *, now=None) -> bool:
    """Close `seminar`'s form for good, once its time has come; True if this call closed it,
    False if it was not due or already closed (so it is safe to call twice, or from two places
    at once).

    One transaction, with the seminar's row locked: the markers and the feedback key are
    deleted, every answer is written again in a random order under new random keys (so that no
    order on disk, and no transaction, says in which order they came or ties them to a
    marker), and the closure is recorded (FeedbackClosed), so the form never reopens. Then,
    after the commit, the database files are scrubbed (scrub_files). No email.
    """
    now = now or timezone.now()
    if closes_at(seminar) is None or now < closes_at(seminar):
        return False
    with _deleted_content_zeroed(), transaction.atomic():
        seminar = race.locked(Seminar, seminar.pk)
        if FeedbackClosed.objects.filter(seminar=seminar).exists():
            return False
        FeedbackGiven.objects.filter(seminar=seminar).delete()
        FeedbackKey.objects.filter(seminar=seminar).delete()
        _write_answers_again_in_random_order(seminar)
        FeedbackClosed.objects.create(seminar=seminar, closed_on=timezone.localdate(now))
    scrub_files()
    return True


def forget_markers(*, now=None) -> list:
    """Close every form whose time has come (close_feedback); returns the seminars closed. One
    transaction per seminar. No email. Safe to run twice."""
    now = now or timezone.now()
    candidates = Seminar.objects.filter(attendance_completed_at__isnull=False).exclude(
        pk__in=FeedbackClosed.objects.values("seminar")
    )
    return [seminar for seminar in candidates if close_feedback(seminar, now=now)]


def _write_answers_again_in_random_order(seminar):
    shuffle = random.SystemRandom().shuffle
    answers = list(FeedbackAnswer.objects.filter(seminar=seminar).prefetch_related("extra_answers"))
    shuffle(answers)
    copies, extras = [], []
    for answer in answers:
        copy = FeedbackAnswer(**_values(answer))
        copies.append(copy)
        extras += [ExtraAnswer(**_values(e), answer=copy) for e in answer.extra_answers.all()]
    shuffle(extras)
    FeedbackAnswer.objects.filter(seminar=seminar).delete()  # their extra answers go with them
    FeedbackAnswer.objects.bulk_create(copies)
    ExtraAnswer.objects.bulk_create(extras)


def _values(row):
    """A row's values under a new random key (and without its answer, for an extra answer)."""
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.attname != "answer_id"
    }


class _deleted_content_zeroed:
    """On SQLite, within this block deleted rows, and the old copies of rows that SQLite moves
    within its pages, are overwritten with zeros in the file (PRAGMA secure_delete), not left
    in free space. Many builds have it on already; some do not."""

    def __enter__(self):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete")
                self.before = cursor.fetchone()[0]
                cursor.execute("PRAGMA secure_delete = ON")

    def __exit__(self, *exc):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA secure_delete = {int(self.before)}")


def scrub_files():
    """Leave no deleted feedback row in the database files: SQLite rebuilds its file (VACUUM:
    no free pages, no stale copies) and empties its write-ahead log; PostgreSQL rewrites the
    feedback tables, leaving no old row versions. Only outside a transaction (VACUUM cannot run
    inside one; within tests' transactions it is skipped). A failure (the database busy, say)
    is logged, never raised: the form is closed and its key deleted with zeros written over it
    (SQLite) or left as an old row version until autovacuum (PostgreSQL); the next closing
    tries again."""
    if connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif connection.vendor == "postgresql":
                tables = ", ".join(
                    connection.ops.quote_name(m._meta.db_table) for m in ANONYMOUS_TABLES
                )
                cursor.execute(f"VACUUM FULL {tables}")
    except DatabaseError:
        logger.warning("Could not scrub the feedback tables after closing a form.", exc_info=True)
