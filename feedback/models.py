"""Anonymous feedback from the people who came to a seminar (issue 16), and the promise it keeps
(issue 20): someone holding a copy of the database files taken after a seminar's form has
closed, and the site's secret key, cannot tell whose answer is whose.

How. An answer (FeedbackAnswer, with its ExtraAnswers) holds its seminar, the day it was given
(never the time) and what was said: no registration, no user, no created/updated times (so no
TimeStampedModel), and a random UUID as its key.

That a registration has answered is a separate marker (FeedbackGiven): an HMAC of the
registration's id under the seminar's own feedback key (FeedbackKey, 32 random bytes; never
SECRET_KEY), with no link to the answer. The marker is committed in one transaction and the
answer in another (services.give_feedback), so no transaction holds both.

When the form closes (services.close_feedback: the daily `forget_feedback_markers`, or the
results pages on first look after closing), one transaction deletes the markers and the key,
and writes every answer again in a random order under new keys, so that neither the rows'
order on disk nor their transaction says in which order the answers came. The files are then
scrubbed where the database lets us: SQLite overwrites deleted content with zeros
(secure_delete) and empties its write-ahead log; PostgreSQL rewrites the four tables
(VACUUM FULL), leaving no old row versions behind. Without the key, no marker can be worked out
again for any registration, even with SECRET_KEY.

Limits (the README says them too): a copy taken while the form is open (a backup, say) holds
the key and the markers in arrival order, so it can link answers to people; PostgreSQL's
write-ahead log (and any archive of it) keeps the key until its segments are reused.
"""

import hashlib
import hmac
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.basemodels import ConstraintsCheckedModel, TimeStampedModel
from registrations.models import ParticipantGroup, RegistrationStatus
from seminars.models import Seminar
from seminars.phase import feedback_window

USEFUL_SCALE = [
    (1, "1: Not useful"),
    (2, "2: A little useful"),
    (3, "3: Quite useful"),
    (4, "4: Very useful"),
    (5, "5: Extremely useful"),
]
EQUAL_SCALE = [
    (1, "1: Not at all"),
    (2, "2: A little"),
    (3, "3: Partly"),
    (4, "4: Mostly"),
    (5, "5: Completely"),
]
# Organisers' own scale questions, worded to fit ("How was the venue?").
GENERAL_SCALE = [
    (1, "1: Very poor"),
    (2, "2: Poor"),
    (3, "3: All right"),
    (4, "4: Good"),
    (5, "5: Very good"),
]
ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class QuestionKind(models.TextChoices):
    SCALE = "scale", "A scale from 1 (very poor) to 5 (very good)"
    TEXT = "text", "A written answer"


class FeedbackQuestion(TimeStampedModel):
    """A question asked at one seminar only, after the questions every seminar asks."""

    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="feedback_questions"
    )
    wording = models.CharField(
        max_length=200,
        help_text="Short and plain, for example 'How was the venue?' or 'What did you think "
        "of the afternoon workshop?'. Every question is optional for the person answering.",
    )
    hint = models.CharField(
        max_length=300, blank=True, help_text="Optional: a line under the question."
    )
    kind = models.CharField(
        "answered with",
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.SCALE,
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are asked from the lowest number up."
    )

    class Meta:
        ordering = ["seminar", "order", "pk"]
        verbose_name = "feedback question for one seminar"
        verbose_name_plural = "feedback questions for one seminar"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values),
                name="feedback_feedbackquestion_kind_valid",
            ),
        ]

    def __str__(self):
        return self.wording

    def clean(self):
        if self.seminar_id is not None and questions_frozen(self.seminar_id):
            raise ValidationError(QUESTIONS_FROZEN)

    @property
    def field_name(self):
        return f"question_{self.pk}"


class FeedbackAnswer(ConstraintsCheckedModel):
    """One person's answers, with nothing that leads back to them (see the module's notes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="feedback_answers")
    answered_on = models.DateField(help_text="The day only: never the time.")
    usefulness = models.PositiveSmallIntegerField(
        "how useful", choices=USEFUL_SCALE, validators=ONE_TO_FIVE
    )
    as_equal = models.PositiveSmallIntegerField(
        "able to take part as an equal",
        choices=EQUAL_SCALE,
        validators=ONE_TO_FIVE,
        null=True,
        blank=True,
    )
    do_differently = models.TextField("what they will do differently", max_length=2000, blank=True)
    could_be_better = models.TextField("what could be better", max_length=2000, blank=True)
    group = models.CharField(max_length=30, choices=ParticipantGroup.choices, blank=True)

    class Meta:
        # Never by arrival: the key is random.
        ordering = ["seminar", "answered_on", "id"]
        verbose_name = "feedback result"
        verbose_name_plural = "feedback results"
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5),
                name="feedback_feedbackanswer_usefulness_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(as_equal__isnull=True) | Q(as_equal__gte=1, as_equal__lte=5),
                name="feedback_feedbackanswer_as_equal_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values) | Q(group=""),
                name="feedback_feedbackanswer_group_valid",
            ),
        ]

    def __str__(self):
        return f"Feedback on {self.seminar}"


class ExtraAnswer(ConstraintsCheckedModel):
    """An answer to one of a seminar's own questions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(
        FeedbackAnswer, on_delete=models.CASCADE, related_name="extra_answers"
    )
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="answers")
    scale = models.PositiveSmallIntegerField(
        choices=GENERAL_SCALE, validators=ONE_TO_FIVE, null=True, blank=True
    )
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["question", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "question"], name="feedback_extraanswer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="feedback_extraanswer_scale_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question}"


class FeedbackKey(models.Model):
    """The key of one seminar's "feedback given" markers, only while its form is open: made
    with the first answer, deleted when the form closes, so that no marker can be worked out
    again afterwards. Never SECRET_KEY, which outlives every form."""

    seminar = models.OneToOneField(
        Seminar, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    key = models.BinaryField(max_length=32, editable=False)

    class Meta:
        verbose_name = "feedback key (while the form is open)"

    def __str__(self):
        return "Feedback key"


class FeedbackGiven(models.Model):
    """That some registration has given feedback, and nothing about which answer is theirs.

    `digest` is an HMAC of the registration's id under the seminar's FeedbackKey: while the form
    is open the site can tell whether a registration has answered; once the key is deleted,
    nobody can say whose marker it is (and the markers are deleted too)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=64)
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "feedback given (anonymous marker)"
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                name="feedback_feedbackgiven_one_per_registration",
                violation_error_message="This registration has already given feedback.",
            ),
        ]

    def __str__(self):
        return "Feedback given"


class FeedbackClosed(models.Model):
    """A seminar whose form has closed and whose markers are deleted: it never reopens, even if
    the day attendance was completed changes."""

    seminar = models.OneToOneField(
        Seminar, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    closed_on = models.DateField()

    class Meta:
        verbose_name = "seminar whose feedback has closed"

    def __str__(self):
        return f"Feedback closed for {self.seminar}"


QUESTIONS_FROZEN = (
    "The questions for this seminar can no longer be added to, changed or removed: people "
    "have started answering, and a question asked of only some of them would single out the "
    "later answers."
)


def questions_frozen(seminar_id):
    """Questions freeze when the first answer arrives (its marker counts: it is committed
    first) and stay frozen once the form has closed. Up to three queries."""
    return (
        FeedbackGiven.objects.filter(seminar_id=seminar_id).exists()
        or FeedbackAnswer.objects.filter(seminar_id=seminar_id).exists()
        or FeedbackClosed.objects.filter(seminar_id=seminar_id).exists()
    )


def new_feedback_key():
    return secrets.token_bytes(32)


def marker_digest(key, registration):
    """The marker of `registration` under a seminar's feedback key (bytes)."""
    message = f"feedback.given:{registration.pk}".encode()
    return hmac.new(bytes(key), message, hashlib.sha256).hexdigest()


def feedback_key(seminar_id):
    """The seminar's feedback key, or None: no answer yet, or the form has closed. One query."""
    key = FeedbackKey.objects.filter(seminar_id=seminar_id).values_list("key", flat=True).first()
    return None if key is None else bytes(key)


def closes_at(seminar):
    """When the feedback form closes: the end of the seminar's feedback window
    (seminars/phase.py: midnight, UK time, at the end of the FEEDBACK_OPEN_DAYS-th day after
    attendance was completed); None while attendance is not complete."""
    window = feedback_window(seminar)
    return window.closes if window else None


def closed_seminars(seminars, now=None):
    """The pks of those `seminars` whose form has closed for good. Only these show results:
    while a form is open, figures compared before and after one known person answers would
    give away what they said. One query."""
    now = now or timezone.now()
    seminars = list(seminars)
    recorded = set(
        FeedbackClosed.objects.filter(seminar__in=seminars).values_list("seminar", flat=True)
    )
    return {
        s.pk
        for s in seminars
        if s.pk in recorded or (closes_at(s) is not None and now >= closes_at(s))
    }


def may_give_feedback(registration):
    """Whether this registration is asked at all: a place, marked as attended, once the
    organisers have said attendance is complete."""
    return (
        registration.status in RegistrationStatus.taking_a_place
        and registration.attended is True
        and registration.seminar.attendance_completed_at is not None
    )


class FeedbackState(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked"
    OPEN = "open", "Open"
    GIVEN = "given", "Already given"
    CLOSED = "closed", "Closed"


def feedback_state(registration, now=None):
    """Where this registration stands with the feedback form. Up to three queries."""
    now = now or timezone.now()
    if not may_give_feedback(registration):
        return FeedbackState.NOT_ASKED
    key = feedback_key(registration.seminar_id)
    if (
        key is not None
        and FeedbackGiven.objects.filter(
            seminar_id=registration.seminar_id, digest=marker_digest(key, registration)
        ).exists()
    ):
        return FeedbackState.GIVEN
    if now >= closes_at(registration.seminar) or (
        FeedbackClosed.objects.filter(seminar_id=registration.seminar_id).exists()
    ):
        return FeedbackState.CLOSED
    return FeedbackState.OPEN
