import csv
import datetime
import io
import re

import pytest
import time_machine
from django.utils import timezone

from feedback import services
from feedback.models import (
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackClosed,
    FeedbackKey,
    FeedbackQuestion,
    QuestionKind,
    closed_seminars,
    closes_at,
)
from feedback.results import results_of, seminar_results, series_summary, shown_groups
from feedback.services import forget_markers
from tests.factories.feedback import (
    AttendedFactory,
    ClosedSeminarFactory,
    FeedbackAnswerFactory,
    FeedbackQuestionFactory,
    FinishedSeminarFactory,
)
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

RESULTS = "/admin/feedback/feedbackanswer/"  # the series' summary, the admin's list
STAFF = "/staff/feedback/"  # each seminar's results and the CSV


def answers(seminar, group, n, **fields):
    FeedbackAnswerFactory.create_batch(n, seminar=seminar, group=group, **fields)


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("groups", "shown"),
    [
        ({"a": 5, "b": 7}, {"a", "b"}),
        ({"a": 4, "b": 7}, set()),  # 7 = total - 4: the 4 could be worked out
        ({"a": 2, "b": 5, "c": 6}, {"c"}),  # b goes too; then 7 are in the total only
        ({"a": 3, "b": 3, "c": 6}, {"c"}),
        ({"a": 12}, {"a"}),
        ({}, set()),
    ],
)
def test_small_groups_are_never_shown_nor_left_to_subtraction(groups, shown):
    assert shown_groups([g for g, n in groups.items() for _ in range(n)]) == shown


def test_seminar_results_by_group_keep_small_groups_within_the_total():
    seminar = FinishedSeminarFactory()
    answers(seminar, "practitioner", 6, usefulness=4, as_equal=5)
    answers(seminar, "academic", 5, usefulness=2)
    answers(seminar, "carer", 2, usefulness=5, as_equal=1, could_be_better="Quieter room")

    results = seminar_results(seminar)

    assert results.answers == 13
    # The 2 carers alone could be worked out from the total, so the academics join them.
    assert [(g.name, g.answers) for g in results.groups] == [
        ("Practitioners in public services", 6)
    ]
    assert [s.counts for s in results.groups[0].scales][:2] == [[0, 0, 0, 6, 0], [0, 0, 0, 0, 6]]
    # An average spread over more than one group: 6 x 4, 5 x 2 and 2 x 5 out of 13.
    assert results.everyone.scales[0].counts == [0, 5, 0, 6, 2]
    assert results.everyone.scales[0].average == 3.4
    assert results.in_total_only == 7
    assert results.written == [
        ("What they will do differently", []),
        ("What could be better", ["Quieter room", "Quieter room"]),
    ]


def test_the_seminars_own_questions_are_summed_and_listed():
    seminar = FinishedSeminarFactory()
    venue = FeedbackQuestionFactory(seminar=seminar)
    lunch = FeedbackQuestionFactory(seminar=seminar, wording="Lunch?", kind=QuestionKind.TEXT)
    for scale, words in [(5, "b fine"), (3, "A lovely"), (None, "")]:
        answer = FeedbackAnswerFactory(seminar=seminar)
        ExtraAnswer.objects.create(answer=answer, question=venue, scale=scale)
        ExtraAnswer.objects.create(answer=answer, question=lunch, text=words)
    answers(seminar, "", 2)  # five in all, so that the results show

    results = seminar_results(seminar)

    assert [(s.question, s.counts, s.average) for s in results.everyone.scales][2] == (
        "How was the venue?",
        [0, 0, 1, 0, 1],
        4.0,
    )
    assert results.written[2] == ("Lunch?", ["A lovely", "b fine"])


def test_series_summary_compares_closed_seminars_in_three_queries(django_assert_num_queries):
    first, second = ClosedSeminarFactory(), ClosedSeminarFactory()
    AttendedFactory.create_batch(5, seminar=first)
    answers(first, "", 4, usefulness=4, as_equal=3)
    answers(first, "", 1, usefulness=1)

    with django_assert_num_queries(3):
        rows = series_summary([first, second])

    assert [(r["answers"], r["came"], r["usefulness"], r["as_equal"]) for r in rows] == [
        (5, 5, 3.4, 3.0),
        (0, 0, None, None),
    ]


def test_series_summary_shows_only_the_count_while_a_form_is_open():
    seminar = FinishedSeminarFactory()
    answers(seminar, "", 3, usefulness=5, as_equal=5)

    [row] = series_summary([seminar])

    assert (row["answers"], row["closed"], row["usefulness"], row["as_equal"]) == (
        3,
        False,
        None,
        None,
    )
    assert row["results_from"] == closes_at(seminar)


@pytest.fixture
def organiser_client(client, django_user_model):
    user = django_user_model.objects.create_user("organiser", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return client


@pytest.fixture
def mixed_seminar():
    seminar = ClosedSeminarFactory(title="Enacting co-production")
    answers(seminar, "practitioner", 5, usefulness=4, could_be_better="More breaks")
    answers(seminar, "service_user", 6, usefulness=5)
    answers(seminar, "carer", 1, usefulness=1, could_be_better="I was the only carer")
    answers(seminar, "policy", 4, usefulness=2)
    return seminar


def test_organisers_see_each_seminar_and_its_groups_but_never_a_small_one(
    organiser_client, mixed_seminar
):
    summary = organiser_client.get(RESULTS)
    page = organiser_client.get(f"{STAFF}{mixed_seminar.pk}/")

    assert "Enacting co-production" in text(summary)
    assert f'href="{STAFF}{mixed_seminar.pk}/"' in summary.content.decode()
    words = text(page)
    assert "Everyone: 16 answers" in words
    assert "Service users: 6 answers" in words
    assert "Practitioners in public services: 5 answers" in words
    assert "Carers" not in words
    assert "Policy makers" not in words
    assert "5 of them are counted only under" in words
    assert "I was the only carer" in words  # written answers: for everyone, with no group


def test_the_csv_has_no_small_group_no_person_and_no_time(organiser_client, mixed_seminar):
    registration = AttendedFactory(pk=987654, seminar=mixed_seminar, name="Ann Example")

    rows = read_csv(organiser_client.get(f"{STAFF}csv/?seminar={mixed_seminar.pk}"))

    header, body = rows[0], rows[1:]
    assert header[:4] == ["Seminar", "Answered by", "Answers", "Question"]
    assert {row[1] for row in body} == {
        "Everyone",
        "Service users",
        "Practitioners in public services",
    }
    assert ["Seminar " in row[0] for row in body] == [True] * len(body)
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if re.search(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}", c)]
    assert not [
        c for c in cells if c in (registration.name, registration.email, str(registration.pk))
    ]
    assert not [c for c in cells if re.fullmatch(r"[0-9a-f-]{32,36}", c)]  # no answer keys


def test_the_csv_of_every_seminar_covers_each_whose_form_has_closed(organiser_client):
    answers(ClosedSeminarFactory(number=41), "", 5)
    answers(ClosedSeminarFactory(number=42), "", 5)
    FinishedSeminarFactory(number=43, attendance_completed_at=None)

    rows = read_csv(organiser_client.get(f"{STAFF}csv/"))

    assert sorted({row[0].split(":")[0] for row in rows[1:]}) == ["Seminar 41", "Seminar 42"]


def test_no_single_answer_has_a_page_and_results_are_read_only(organiser_client, mixed_seminar):
    answer = FeedbackAnswer.objects.first()

    pages = [
        organiser_client.get(f"{RESULTS}{answer.pk}/change/").status_code,
        organiser_client.get(f"{RESULTS}{answer.pk}/", follow=True).status_code,
        organiser_client.get(f"{STAFF}{answer.pk}/").status_code,
        organiser_client.get(f"{RESULTS}add/").status_code,
    ]

    assert pages == [404, 404, 404, 404]


def test_staff_without_the_permission_are_refused(client, django_user_model, mixed_seminar):
    user = django_user_model.objects.create_user("helper", is_staff=True)
    client.force_login(user)

    refused = [
        client.get(RESULTS).status_code,
        client.get(f"{STAFF}{mixed_seminar.pk}/").status_code,
        client.get(f"{STAFF}csv/").status_code,
    ]

    assert refused == [403, 403, 403]


def test_organisers_add_a_question_for_one_seminar(organiser_client):
    seminar = FinishedSeminarFactory()

    response = organiser_client.post(
        "/admin/feedback/feedbackquestion/add/",
        {
            "seminar": seminar.pk,
            "wording": "How was the venue?",
            "hint": "",
            "kind": "scale",
            "order": 1,
        },
    )

    assert response.status_code == 302
    assert list(seminar.feedback_questions.values_list("wording", flat=True)) == [
        "How was the venue?"
    ]


@pytest.fixture
def open_seminar():
    """Its form is open: five answers so far."""
    seminar = FinishedSeminarFactory(number=44, title="Still collecting")
    answers(seminar, "practitioner", 5, usefulness=1, could_be_better="Ann's secret")
    return seminar


def test_while_the_form_is_open_the_seminar_page_shows_only_the_count_and_when(
    organiser_client, open_seminar
):
    page = text(organiser_client.get(f"{STAFF}{open_seminar.pk}/"))

    assert "5 answers so far" in page
    assert f"on {closes_at(open_seminar).strftime('%-d %B %Y')}" in page
    assert "Ann's secret" not in page
    assert "Everyone" not in page
    assert "Download these results" not in page


def test_while_the_form_is_open_the_summary_and_csv_hold_no_figures(organiser_client, open_seminar):
    answers(ClosedSeminarFactory(number=45), "", 5)

    summary = text(organiser_client.get(RESULTS))
    everything = read_csv(organiser_client.get(f"{STAFF}csv/"))
    just_it = read_csv(organiser_client.get(f"{STAFF}csv/?seminar={open_seminar.pk}"))

    assert "Results from" in summary
    assert "Seminar 44" not in {row[0].split(":")[0] for row in everything[1:]}
    assert {row[0].split(":")[0] for row in everything[1:]} == {"Seminar 45"}
    assert just_it[1:] == []


def test_results_show_from_the_moment_the_form_closes(open_seminar):
    closing = closes_at(open_seminar)

    before = closed_seminars([open_seminar], closing - datetime.timedelta(seconds=1))
    at = closed_seminars([open_seminar], closing)

    assert (before, at) == (set(), {open_seminar.pk})


def test_a_form_closed_for_good_shows_results_even_if_attendance_moves_later(
    organiser_client, open_seminar
):
    with time_machine.travel(closes_at(open_seminar)):
        forget_markers()
    open_seminar.attendance_completed_at = timezone.now()
    open_seminar.save()

    page = text(organiser_client.get(f"{STAFF}{open_seminar.pk}/"))

    assert "Ann's secret" in page


@pytest.mark.parametrize(
    "value", ["1\nx", "1\r\nSet-Cookie: x=1", "abc", "²", "-1", "1.0", "9" * 30]
)
def test_the_csv_ignores_a_seminar_that_is_not_plain_digits(organiser_client, value):
    seminar = ClosedSeminarFactory(number=46)
    answers(seminar, "", 5)

    response = organiser_client.get(f"{STAFF}csv/", {"seminar": value})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="feedback.csv"'
    assert {row[0].split(":")[0] for row in read_csv(response)[1:]} == {"Seminar 46"}


def test_the_csv_of_one_seminar_is_named_after_it(organiser_client, mixed_seminar):
    response = organiser_client.get(f"{STAFF}csv/?seminar={mixed_seminar.pk}")

    assert response["Content-Disposition"] == (
        f'attachment; filename="feedback-seminar-{mixed_seminar.pk}.csv"'
    )


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True)])
def test_everyone_is_a_block_like_the_others_shown_only_from_five_answers(n, shown):
    seminar = ClosedSeminarFactory()
    answers(seminar, "practitioner", n, usefulness=2, could_be_better="Too hot")

    results = seminar_results(seminar)
    [row] = series_summary([seminar])

    assert (results.answers, results.shown, row["answers"], row["too_few"]) == (
        n,
        shown,
        n,
        not shown,
    )
    if shown:
        assert results.everyone.scales[0].counts == [0, n, 0, 0, 0]
        assert results.written[1] == ("What could be better", ["Too hot"] * n)
        assert row["usefulness"] == 2.0
    else:
        assert (results.everyone, results.groups, results.written) == (None, [], [])
        assert (row["usefulness"], row["as_equal"]) == (None, None)


def test_with_four_answers_the_page_and_csv_show_nothing_of_what_was_said(organiser_client):
    seminar = ClosedSeminarFactory(number=47)
    answers(seminar, "practitioner", 4, usefulness=1, could_be_better="Only four of us said this")

    page = text(organiser_client.get(f"{STAFF}{seminar.pk}/"))
    summary = text(organiser_client.get(RESULTS))
    rows = read_csv(organiser_client.get(f"{STAFF}csv/?seminar={seminar.pk}"))

    assert "4 answers. With fewer than 5 answers, the results are not shown" in page
    assert "Only four of us said this" not in page
    assert "Everyone" not in page
    assert "Download these results" not in page
    assert "Not shown: fewer than 5 answers" in summary
    assert rows[1:] == []


def question_data(seminar, **changes):
    return {
        "seminar": seminar.pk,
        "wording": "Lunch?",
        "hint": "",
        "kind": "scale",
        "order": 2,
        **changes,
    }


def test_once_an_answer_has_arrived_the_admin_adds_no_question_and_says_why(organiser_client):
    seminar = FinishedSeminarFactory()
    FeedbackQuestionFactory(seminar=seminar, wording="Venue?")
    services.give_feedback(AttendedFactory(seminar=seminar), usefulness=4)

    response = organiser_client.post(
        "/admin/feedback/feedbackquestion/add/", question_data(seminar)
    )

    assert response.status_code == 200
    assert "people have started answering" in text(response)
    assert list(seminar.feedback_questions.values_list("wording", flat=True)) == ["Venue?"]


def test_a_frozen_question_is_read_only_in_the_admin(organiser_client):
    question = FeedbackQuestionFactory(wording="Venue?")
    services.give_feedback(AttendedFactory(seminar=question.seminar), usefulness=4)
    url = f"/admin/feedback/feedbackquestion/{question.pk}/"

    page = organiser_client.get(f"{url}change/")
    changed = organiser_client.post(f"{url}change/", question_data(question.seminar))
    deleted = organiser_client.post(f"{url}delete/", {"post": "yes"})

    assert "people have started answering" in text(page)
    assert 'name="wording"' not in page.content.decode()
    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert list(FeedbackQuestion.objects.values_list("wording", flat=True)) == ["Venue?"]


def test_before_any_answer_the_admin_changes_and_removes_questions(organiser_client):
    question = FeedbackQuestionFactory(wording="Venue?")
    other = FeedbackQuestionFactory(seminar=question.seminar, wording="Lunch?")
    url = "/admin/feedback/feedbackquestion/"

    organiser_client.post(
        f"{url}{question.pk}/change/", question_data(question.seminar, wording="Room?")
    )
    organiser_client.post(f"{url}{other.pk}/delete/", {"post": "yes"})

    assert list(FeedbackQuestion.objects.values_list("wording", flat=True)) == ["Room?"]


def test_the_results_page_closes_a_form_that_is_due_so_results_never_meet_a_key(
    organiser_client,
):
    seminar = ClosedSeminarFactory()
    FeedbackKey.objects.create(seminar=seminar, key=b"k" * 32)  # the daily job has not run yet

    organiser_client.get(f"{STAFF}{seminar.pk}/")

    assert FeedbackKey.objects.count() == 0
    assert list(FeedbackClosed.objects.values_list("seminar", flat=True)) == [seminar.pk]


def test_results_read_in_one_pass_are_each_seminars_own():
    """results_of (the CSV's one pass over every seminar's answers, a chunk at a time) gives
    what seminar_results gives for each seminar alone, by number, chunks crossing seminars."""
    first, second, none = ClosedSeminarFactory(), ClosedSeminarFactory(), ClosedSeminarFactory()
    lunch = FeedbackQuestionFactory(seminar=first, wording="Lunch?", kind=QuestionKind.TEXT)
    venue = FeedbackQuestionFactory(seminar=second)
    answers(first, "practitioner", 6, could_be_better="Quieter room")
    answers(first, "academic", 5, usefulness=2)
    ExtraAnswer.objects.create(
        answer=FeedbackAnswerFactory(seminar=first), question=lunch, text="b"
    )
    for scale in (5, 3, 1, 4, 4):
        answer = FeedbackAnswerFactory(seminar=second, group="carer")
        ExtraAnswer.objects.create(answer=answer, question=venue, scale=scale)

    together = list(results_of([none, second, first], chunk_size=4))

    assert together == [seminar_results(s) for s in (first, second, none)]
    assert [r.answers for r in together] == [12, 5, 0]
