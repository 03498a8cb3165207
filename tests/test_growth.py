"""Work that stays cheap as data grows: the queries of each bulk job and staff list, counted at
two sizes, so that a query per row shows up as a failure."""

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bursaries import services as bursary_services
from bursaries.models import BursaryApplication
from feedback.services import forget_markers
from registrations import services
from seminars.models import Seminar
from subscribers.models import Subscriber
from tests.bursaries.conftest import panel_group
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.factories.feedback import (
    ClosedSeminarFactory,
    FeedbackAnswerFactory,
    FeedbackQuestionFactory,
)
from tests.factories.subscribers import SubscriberFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SIZES = (3, 12)


def queries(job):
    with CaptureQueriesContext(connection) as captured:
        job()
    return len(captured)


@pytest.fixture
def staff_outside_panel(django_user_model):
    return django_user_model.objects.create_user("panel", is_staff=True)


def test_reminders_are_written_in_one_go():
    counts = []
    for size in SIZES:
        seminar = SeminarFactory(starts_at=timezone.now() + 2 * DAY)
        RegistrationFactory.create_batch(size, seminar=seminar)
        counts.append(queries(services.send_reminders))

    assert counts[0] == counts[1]


def test_emailing_everyone_registered_is_written_in_one_go(django_user_model):
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    ContentType.objects.get_for_model(Seminar)  # its cache filled, as in a running site
    counts = []
    for size in SIZES:
        seminar = SeminarFactory()
        RegistrationFactory.create_batch(size, seminar=seminar)
        counts.append(
            queries(
                lambda seminar=seminar: services.notify_registrants(
                    seminar, reason="update", message="", by=organiser
                )
            )
        )

    assert counts[0] == counts[1]


def seminar_with_overdue_offers(size, by, *, now):
    """A seminar full with `size` bursary offers (each holding a place) whose reply-by moment
    has passed, and `size` people waiting: each lapse frees a place for one of them."""
    seminar = SeminarFactory(capacity=size, bursaries_per_group=size, bursaries_closed=True)
    for _ in range(size):
        bursary_services.offer(
            BursaryApplicationFactory(seminar=seminar),
            lines={"travel": Decimal("10"), "accommodation": Decimal("5")},
            reply_by=now + DAY,
            by=by,
        )
    RegistrationFactory.create_batch(size, seminar=seminar, status="waiting")
    return seminar


def test_the_lapse_job_costs_the_same_at_a_seminar_however_many_offers_lapse(
    staff_outside_panel,
):
    """One pass per seminar: its offers' status changes, log entries, money given back, held
    places released, the waiting list moving up and every email, in a fixed number of queries
    (it was about 21 per lapsed offer, each in a transaction of its own)."""
    ContentType.objects.get_for_model(BursaryApplication)  # its cache filled, as in a running site
    counts = {}
    for size in (2, 20):
        now = timezone.now()
        seminar = seminar_with_overdue_offers(size, staff_outside_panel, now=now)
        lapsed = []
        counts[size] = queries(
            lambda lapsed=lapsed, now=now: lapsed.append(
                bursary_services.lapse_overdue_offers(now=now + 2 * DAY)
            )
        )
        assert lapsed == [size]
        assert seminar.registrations.filter(status="confirmed").count() == size  # all moved up

    assert counts[2] == counts[20]


def test_the_lapse_job_costs_twice_as_much_for_two_seminars_as_for_one(staff_outside_panel):
    ContentType.objects.get_for_model(BursaryApplication)
    now = timezone.now()
    seminar_with_overdue_offers(3, staff_outside_panel, now=now)
    one = queries(lambda: bursary_services.lapse_overdue_offers(now=now + 2 * DAY))
    for size in (2, 5):
        seminar_with_overdue_offers(size, staff_outside_panel, now=now)
    two = queries(lambda: bursary_services.lapse_overdue_offers(now=now + 2 * DAY))

    finding_them = 1  # one query finds the seminars with offers to lapse
    assert two - finding_them == 2 * (one - finding_them)


def test_bursary_retention_saves_in_bulk(settings):
    settings.BURSARY_KEEP_MONTHS = 12
    counts = []
    for size in SIZES:
        start = timezone.now() - 400 * DAY
        seminar = SeminarFactory(
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            registration_opens_at=None,
            registration_deadline=None,
            bursary_deadline=start - 20 * DAY,
        )
        BursaryApplicationFactory.create_batch(size, seminar=seminar)
        counts.append(queries(bursary_services.apply_retention))

    assert counts[0] == counts[1]


def test_the_panels_list_counts_bursaries_in_one_query_whatever_the_seminars(
    client, django_user_model
):
    staff_outside_panel = django_user_model.objects.create_user("panel", is_staff=True)
    staff_outside_panel.groups.add(panel_group())
    client.force_login(staff_outside_panel)
    url = reverse("admin:bursaries_bursaryapplication_changelist")
    client.get(url)  # a staff session's first request writes the session once
    counts = []
    for size in (1, 4):
        for _ in range(size):
            seminar = SeminarFactory(bursaries_closed=True)
            for group in ("third_sector", "early_career"):
                BursaryApplicationFactory(seminar=seminar, group=group, status="reserve")
        counts.append(queries(lambda: client.get(url)))

    assert counts[0] == counts[1]


def test_the_registrations_export_streams_in_a_fixed_number_of_queries(client, organiser):
    client.get(reverse("admin:index"))  # a staff session's first request writes the session once
    counts = []
    for size in SIZES:
        seminar = SeminarFactory()
        registrations = RegistrationFactory.create_batch(size, seminar=seminar)
        counts.append(
            queries(
                lambda registrations=registrations: b"".join(
                    client.post(
                        reverse("admin:registrations_registration_changelist"),
                        {"action": "export_csv", "_selected_action": [r.pk for r in registrations]},
                    ).streaming_content
                )
            )
        )

    assert counts[0] == counts[1]


def export_ticked(client, registrations):
    """The registrations admin's export action for `registrations`, each ticked on the list:
    the response and the CSV's rows (less its header)."""
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        urlencode(
            {"action": "export_csv", "_selected_action": [r.pk for r in registrations]}, doseq=True
        ),
        content_type="application/x-www-form-urlencoded",  # as the list's form is sent
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(text)))[1:]


def test_an_export_of_500_ticked_registrations_works_in_a_fixed_number_of_queries(
    client, organiser
):
    """Ticking every row of a long list sends one field per row: more than the site's limit of
    200 fields got "400 Bad Request" (common.middleware.AdminSelections)."""
    client.get(reverse("admin:index"))  # a staff session's first request writes the session once
    counts, rows = {}, {}
    for size in (3, 500):
        registrations = RegistrationFactory.create_batch(size, seminar=SeminarFactory())
        responses = []
        counts[size] = queries(
            lambda registrations=registrations, responses=responses: responses.append(
                export_ticked(client, registrations)
            )
        )
        [(response, rows[size])] = responses
        assert response.status_code == 200

    assert len(rows[500]) == 500
    assert {row[1] for row in rows[500]} == {r.name for r in registrations}
    assert counts[3] == counts[500]


def read_while_counting(response):
    """The streamed body, and the queries run while it was read."""
    body = []
    count = queries(lambda: body.append(b"".join(response.streaming_content)))
    return body[0].decode("utf-8-sig"), count


def test_the_mailing_list_download_reads_the_list_as_it_writes_it(client, organiser):
    """Nothing of the list is read before the first byte goes (it was one list of every
    subscriber), then the same number of queries whatever its length."""
    client.get(reverse("admin:index"))  # a staff session's first request writes the session once
    counts = []
    for size in (3, 40):
        SubscriberFactory.create_batch(size)
        with CaptureQueriesContext(connection) as before_the_first_byte:
            response = client.get(reverse("organising:opted-in"))
        assert response.streaming
        assert not any("subscribers_subscriber" in q["sql"] for q in before_the_first_byte)
        body, count = read_while_counting(response)
        counts.append(count)
        assert len(body.splitlines()) == 1 + Subscriber.objects.on_list().count()

    assert counts[0] == counts[1]


def test_the_feedback_download_reads_every_seminar_in_one_pass(client, organiser):
    """A fixed number of queries however many seminars and answers (it was three for each
    seminar), and no answer read before the first byte goes."""
    client.get(reverse("admin:index"))
    counts = []
    for seminars, size in ((1, 5), (3, 12)):
        for _ in range(seminars):
            seminar = ClosedSeminarFactory()
            FeedbackQuestionFactory(seminar=seminar)
            FeedbackAnswerFactory.create_batch(size, seminar=seminar, group="practitioner")
        forget_markers()  # each form closed once, by its job or the first download
        with CaptureQueriesContext(connection) as before_the_first_byte:
            response = client.get(reverse("organising:feedback-csv"))
        assert response.streaming
        assert not any("feedback_feedbackanswer" in q["sql"] for q in before_the_first_byte)
        _, count = read_while_counting(response)
        counts.append(count)

    assert counts[0] == counts[1]
