"""The feedback promise, played as an attacker would: someone holding a copy of the database
files taken after a seminar's form has closed, and the site's SECRET_KEY, cannot link an answer
to a person. Each test first shows, while the form is open (the README's limit), that it can
see the link it then proves gone: otherwise a test that finds nothing proves nothing.

Each person's answer carries their arrival number in its text, so that the test (not the
attacker, who has no such list) knows the true order.
"""

import hashlib
import hmac

import pytest
from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from feedback import services
from feedback.models import (
    ExtraAnswer,
    FeedbackAnswer,
    FeedbackGiven,
    FeedbackKey,
    QuestionKind,
    feedback_key,
)
from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory

PEOPLE = 40
# Under chance, |Spearman's rho| over 40 items exceeds 0.6 about twice in 10,000 runs.
CHANCE = 0.6


def answer_in_order(seminar):
    """PEOPLE registrations answer one after another; returns them in arrival order."""
    question = FeedbackQuestionFactory(seminar=seminar, kind=QuestionKind.TEXT)
    people = AttendedFactory.create_batch(PEOPLE, seminar=seminar)
    for arrival, registration in enumerate(people):
        services.give_feedback(
            registration,
            usefulness=arrival % 5 + 1,
            do_differently=str(arrival),
            extra={question: str(arrival)},
        )
    return people


def close(settings, seminar):
    settings.FEEDBACK_OPEN_DAYS = 0
    assert services.close_feedback(seminar) is True


def physical_order(model, column):
    """The arrival numbers of `model`'s rows, in the order they lie in the database's files
    (SQLite's rowid, PostgreSQL's ctid), and in the order of their keys."""
    where = {"sqlite": "rowid", "postgresql": "ctid"}[connection.vendor]
    table = connection.ops.quote_name(model._meta.db_table)
    orders = []
    for order_by in (where, "id"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order_by}")  # noqa: S608
            orders.append([int(text) for (text,) in cursor.fetchall()])
    return orders


def spearman(arrivals):
    n = len(arrivals)
    return 1 - 6 * sum((place - a) ** 2 for place, a in enumerate(arrivals)) / (n * (n * n - 1))


def every_marker_an_attacker_could_compute(people, keys):
    """Every marker the attacker could work out for every registration, under every key they
    hold: SECRET_KEY in the ways Django and the old scheme used it, and any key they found."""
    digests = set()
    for registration in people:
        message = f"feedback.given:{registration.pk}".encode()
        digests |= {
            salted_hmac("feedback.given", str(registration.pk), algorithm=a).hexdigest()
            for a in ("sha1", "sha256")
        }
        for key in [settings.SECRET_KEY.encode(), *keys]:
            digests.add(hmac.new(key, message, hashlib.sha256).hexdigest())
    return digests


@pytest.mark.django_db
def test_answers_lie_in_arrival_order_while_open_and_in_no_order_once_closed(settings):
    people = answer_in_order(AttendedFactory().seminar)
    seminar = people[0].seminar

    open_on_disk, open_by_key = physical_order(FeedbackAnswer, "do_differently")
    close(settings, seminar)
    on_disk, by_key = physical_order(FeedbackAnswer, "do_differently")
    extras_on_disk, extras_by_key = physical_order(ExtraAnswer, "text")

    assert open_on_disk == list(range(PEOPLE))  # the leak the closing must undo
    assert sorted(on_disk) == sorted(by_key) == list(range(PEOPLE))
    assert [
        abs(spearman(o)) < CHANCE for o in (on_disk, by_key, extras_on_disk, extras_by_key)
    ] == [True] * 4
    assert abs(spearman(open_by_key)) < CHANCE  # random keys never showed the order


@pytest.mark.django_db
def test_after_closing_no_marker_can_be_worked_out_even_with_the_secret_key(settings):
    people = answer_in_order(AttendedFactory().seminar)
    seminar = people[0].seminar
    key_while_open = feedback_key(seminar.pk)
    markers_while_open = set(FeedbackGiven.objects.values_list("digest", flat=True))

    close(settings, seminar)
    found_keys = [bytes(k) for k in FeedbackKey.objects.values_list("key", flat=True)]
    computable = every_marker_an_attacker_could_compute(people, found_keys)

    # With the key (a copy taken while open), every marker is someone's: the README's limit.
    assert markers_while_open <= every_marker_an_attacker_could_compute(people, [key_while_open])
    assert found_keys == []
    assert FeedbackGiven.objects.count() == 0
    assert computable & markers_while_open == set()


def sqlite_file():
    """The bytes of the (in-memory) test database: every page, free pages included."""
    connection.ensure_connection()
    return connection.connection.serialize()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)  # committed, as a copy of the file would hold it
def test_a_deleted_key_lingers_in_an_sqlite_file_unless_closing_zeroes_it(settings):
    """Without secure_delete (off in many SQLite builds, on in some), SQLite leaves deleted rows
    in free space: the control deletes a key plainly and finds it in the file. With it left
    off for the connection, answering and closing must still leave neither the key nor any
    marker anywhere in the file."""
    control, closing = AttendedFactory(), AttendedFactory()
    services.give_feedback(control, usefulness=3)
    control_key = feedback_key(control.seminar_id)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = OFF")
    FeedbackKey.objects.filter(seminar=control.seminar).delete()
    control_copy = sqlite_file()
    people = answer_in_order(closing.seminar)
    key = feedback_key(closing.seminar_id)
    markers = set(
        FeedbackGiven.objects.filter(seminar=closing.seminar).values_list("digest", flat=True)
    )

    close(settings, closing.seminar)
    copy = sqlite_file()

    assert control_key in control_copy
    assert key not in copy
    assert key.hex().encode() not in copy
    assert [m for m in markers if m.encode() in copy] == []
    assert [
        d for d in every_marker_an_attacker_could_compute(people, []) if d.encode() in copy
    ] == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_marker_and_answer_commit_apart_and_closing_leaves_no_old_rows(settings):
    """Transaction ids (xmin) order the rows of PostgreSQL; a superuser can read the tables'
    files (pg_read_binary_file) after a CHECKPOINT writes them out."""
    people = answer_in_order(AttendedFactory().seminar)
    seminar = people[0].seminar
    key = feedback_key(seminar.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM feedback_feedbackgiven")
        marker_xids = {x for (x,) in cursor.fetchall()}
        cursor.execute("SELECT digest FROM feedback_feedbackgiven")
        marker_digests = [d for (d,) in cursor.fetchall()]
        cursor.execute("SELECT xmin::text FROM feedback_feedbackanswer")
        answer_xids = {x for (x,) in cursor.fetchall()}

    def files():
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            content = b""
            for model in services.ANONYMOUS_TABLES:
                cursor.execute(
                    "SELECT pg_read_binary_file(pg_relation_filepath(%s))", [model._meta.db_table]
                )
                content += bytes(cursor.fetchone()[0])
            return content

    while_open = files()
    close(settings, seminar)
    after = files()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM feedback_feedbackanswer")
        closed_xids = [x for (x,) in cursor.fetchall()]

    assert len(marker_xids) == len(answer_xids) == PEOPLE
    assert marker_xids & answer_xids == set()  # never in one transaction
    assert key in while_open  # the control: the key lies in the files while the form is open
    assert key not in after
    assert [m for m in marker_digests if m.encode() in after] == []
    assert len(closed_xids) == 1  # every answer now written by the one closing transaction
    assert closed_xids[0] not in answer_xids | marker_xids


@pytest.mark.sqlite  # PostgreSQL begins transactions without a statement: see the xmin test
@pytest.mark.django_db(transaction=True)
def test_the_marker_and_the_answer_are_committed_in_two_transactions():
    registration = AttendedFactory()
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql.split()[:3])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        services.give_feedback(registration, usefulness=4)

    def transaction_of(table):
        """How many transactions had begun when `table` was first written to."""
        begun = 0
        for words in statements:
            if words[0] == "BEGIN":
                begun += 1
            if words[:2] == ["INSERT", "INTO"] and table in words[2]:
                return begun
        return None

    assert transaction_of("feedback_feedbackgiven") == 1
    assert transaction_of("feedback_feedbackanswer") == 2
