"""Feedback results for organisers: each seminar's answers for everyone, and by stakeholder
group where a group is big enough to show on its own.

The small-group rule is common.smallgroups, the same algorithm as the public "Who took part":
a group with fewer than SMALL_GROUP answers is counted only in the total, never on its own (on
the page or in the CSV), nor is a group whose figures would let the left-out answers be worked
out by subtraction. "Everyone" is a block like the others: a seminar with fewer than
SMALL_GROUP answers shows how many answered and nothing of what they said (no figures, no
averages in the series summary, no written answers, no CSV rows). Written answers are shown for
the whole seminar only (never by group), in alphabetical order, not the order they came in.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from django.db.models import Avg, Count

from common.smallgroups import breakdown, whole_shown
from registrations.groups import GROUP_NAMES
from registrations.models import Registration

from .models import FeedbackAnswer, FeedbackQuestion, QuestionKind, closed_seminars, closes_at

EVERYONE = "Everyone"


@dataclass
class Scale:
    question: str
    counts: list  # how many chose 1, 2, 3, 4 and 5

    @property
    def answered(self):
        return sum(self.counts)

    @property
    def average(self):
        if not self.answered:
            return None
        return round(sum(n * (i + 1) for i, n in enumerate(self.counts)) / self.answered, 1)


@dataclass
class Block:
    """The scale questions summed over some answers: everyone's, or one group's."""

    name: str
    answers: int
    scales: list = field(default_factory=list)


@dataclass
class SeminarResults:
    seminar: object
    answers: int
    everyone: Block | None  # None when fewer than SMALL_GROUP answered: nothing is shown
    groups: list  # Blocks for the groups shown on their own
    in_total_only: int  # answers counted only within the total
    written: list  # [(question, [answers])]

    @property
    def shown(self):
        return self.everyone is not None


def shown_groups(groups):
    """The groups (of a list with one entry per answer) that may be shown on their own, by
    the one small-group rule, in the order reports name them."""
    counts = Counter(groups)
    named = list(GROUP_NAMES)
    order = sorted(counts, key=lambda g: named.index(g) if g in named else len(named))
    return set(breakdown({g: counts[g] for g in order}).shown)


def seminar_results(seminar):
    """The results for one seminar. Three queries."""
    answers = list(FeedbackAnswer.objects.filter(seminar=seminar).prefetch_related("extra_answers"))
    return _results(seminar, answers, list(seminar.feedback_questions.all()))


def results_of(seminars, *, chunk_size=2000):
    """seminar_results for each of `seminars`, by number, read in one pass: a fixed number of
    queries however many seminars (one more for each `chunk_size` answers), and in memory one
    seminar's answers at a time, which its small-group rule needs. For a download streamed
    seminar by seminar."""
    seminars = sorted(seminars, key=lambda seminar: (seminar.number, seminar.pk))
    questions = {seminar.pk: [] for seminar in seminars}
    for question in FeedbackQuestion.objects.filter(seminar__in=seminars).order_by(
        "seminar", "order", "pk"
    ):
        questions[question.seminar_id].append(question)
    answers = groupby(
        FeedbackAnswer.objects.filter(seminar__in=seminars)
        .order_by("seminar__number", "seminar", "answered_on", "id")
        .prefetch_related("extra_answers")
        .iterator(chunk_size=chunk_size),
        key=attrgetter("seminar_id"),
    )
    seminar_id, theirs = next(answers, (None, ()))
    for seminar in seminars:
        mine = []
        if seminar_id == seminar.pk:
            mine = list(theirs)
            seminar_id, theirs = next(answers, (None, ()))
        yield _results(seminar, mine, questions[seminar.pk])


def _results(seminar, answers, questions):
    extras = {a.pk: {e.question_id: e for e in a.extra_answers.all()} for a in answers}

    def extra(question, attribute):
        return lambda a: getattr(extras[a.pk].get(question.pk), attribute, None)

    scale_questions = [
        ("Overall, how useful", lambda a: a.usefulness),
        ("Able to take part as an equal", lambda a: a.as_equal),
        *[(q.wording, extra(q, "scale")) for q in questions if q.kind == QuestionKind.SCALE],
    ]
    text_questions = [
        ("What they will do differently", lambda a: a.do_differently),
        ("What could be better", lambda a: a.could_be_better),
        *[(q.wording, extra(q, "text")) for q in questions if q.kind == QuestionKind.TEXT],
    ]

    def block(name, chosen):
        scales = []
        for question, value in scale_questions:
            counts = Counter(value(a) for a in chosen)
            scales.append(Scale(question, [counts.get(n, 0) for n in range(1, 6)]))
        return Block(name, len(chosen), scales)

    if not whole_shown(len(answers)):
        return SeminarResults(seminar, len(answers), None, [], len(answers), [])
    shown = shown_groups([a.group for a in answers])
    groups = [
        block(name, [a for a in answers if a.group == group])
        for group, name in GROUP_NAMES.items()
        if group in shown
    ]
    written = [
        (question, sorted((t for a in answers if (t := value(a))), key=str.casefold))
        for question, value in text_questions
    ]
    return SeminarResults(
        seminar=seminar,
        answers=len(answers),
        everyone=block(EVERYONE, answers),
        groups=groups,
        in_total_only=len(answers) - sum(g.answers for g in groups),
        written=written,
    )


def series_summary(seminars, *, now=None):
    """Each seminar with `answers`, `came` (people marked as attended) and, once its form has
    closed (`closed`; else `results_from`, when it will) and at least SMALL_GROUP answered
    (`too_few` otherwise), the averages of the two scale questions every seminar asks, so that
    seminars compare. Three queries."""
    seminars = list(seminars)
    closed = closed_seminars(seminars, now)
    answers = {
        row["seminar"]: row
        for row in FeedbackAnswer.objects.filter(seminar__in=seminars)
        .values("seminar")
        .annotate(answers=Count("pk"), usefulness=Avg("usefulness"), as_equal=Avg("as_equal"))
        .order_by()
    }
    came = dict(
        Registration.objects.filter(seminar__in=seminars, attended=True)
        .values("seminar")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("seminar", "n")
    )
    rows = []
    for seminar in seminars:
        count = answers.get(seminar.pk, {}).get("answers", 0)
        too_few = not whole_shown(count)
        row = answers.get(seminar.pk, {}) if seminar.pk in closed and not too_few else {}
        rows.append(
            {
                "seminar": seminar,
                "answers": count,
                "too_few": too_few,
                "came": came.get(seminar.pk, 0),
                "closed": seminar.pk in closed,
                "results_from": closes_at(seminar),
                "usefulness": _one_place(row.get("usefulness")),
                "as_equal": _one_place(row.get("as_equal")),
            }
        )
    return rows


def _one_place(value):
    return None if value is None else round(float(value), 1)


CSV_HEADER = [
    "Seminar",
    "Answered by",
    "Answers",
    "Question",
    "People who answered the question",
    "Average (1 to 5)",
    "Chose 1",
    "Chose 2",
    "Chose 3",
    "Chose 4",
    "Chose 5",
    "Written answer",
]


def csv_rows(results_list):
    """Rows under CSV_HEADER: scale questions for everyone and each group shown on its own, then
    every written answer for the whole seminar. No dates at all, no group under the rule, and
    nothing for a seminar with fewer than SMALL_GROUP answers."""
    for results in results_list:
        if not results.shown:
            continue
        seminar = f"Seminar {results.seminar.number}: {results.seminar.title}"
        for block in [results.everyone, *results.groups]:
            for scale in block.scales:
                yield [
                    seminar,
                    block.name,
                    block.answers,
                    scale.question,
                    scale.answered,
                    "" if scale.average is None else scale.average,
                    *scale.counts,
                    "",
                ]
        for question, texts in results.written:
            for text in texts:
                yield [seminar, EVERYONE, results.answers, question, "", "", *[""] * 5, text]
