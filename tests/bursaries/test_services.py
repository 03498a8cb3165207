import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from bursaries import services
from bursaries.models import TRANSITIONS, BursaryApplication, BursaryStatus, Claim
from bursaries.queries import status_moves
from common.models import AuditEntry
from outbox.models import Email
from seminars.models import SeminarStatus
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db


def apply(seminar, email="amal@example.org", **kwargs):
    return services.apply(
        seminar,
        **{
            "name": "Amal Example",
            "email": email,
            "group": "early_career",
            "organisation": "University of York",
            "travelling_from": "York",
            "travel_cost": Decimal("12.00"),
            "statement": "I research co-production in crisis care.",
            **kwargs,
        },
    )


def test_apply_records_and_emails_the_private_link(seminar_1, sent):
    application, outcome = apply(seminar_1, now=london(2015, 11, 30, 23, 59, 59))

    assert outcome == "submitted"
    assert application.status == BursaryStatus.SUBMITTED
    [email] = sent()
    assert email.to == ["amal@example.org"]
    assert email.subject == f"We have your bursary application: Seminar {seminar_1.number}"
    assert application.status_url in email.body
    assert "23:59 on Monday 30 November 2015 (UK time)" in email.body
    assert "I research co-production" not in email.body  # the statement stays off email


def test_apply_refused_at_the_deadline_exactly_and_nothing_saved(seminar_1):
    with pytest.raises(services.BursaryError) as error:
        apply(seminar_1, now=london(2015, 12, 1, 0, 0, 0))

    assert str(error.value) == (
        "Applications for travel bursaries closed at 23:59 on Monday 30 November 2015 (UK time)."
    )
    assert not BursaryApplication.objects.exists()
    assert not Email.objects.exists()


def test_apply_at_the_bst_deadline_edge():
    seminar = SeminarFactory(
        starts_at=london(2016, 7, 12, 10),
        ends_at=london(2016, 7, 12, 16),
        registration_deadline=london(2016, 7, 5),
        registration_opens_at=london(2016, 5, 1),
        bursary_deadline=london(2016, 7, 1, 17, 0),  # 16:00 UTC
    )
    last_second = datetime.datetime(2016, 7, 1, 15, 59, 59, tzinfo=datetime.UTC)
    deadline = datetime.datetime(2016, 7, 1, 16, 0, 0, tzinfo=datetime.UTC)

    accepted, _ = apply(seminar, now=last_second)
    with pytest.raises(services.BursaryError):
        apply(seminar, email="late@example.org", now=deadline)

    assert list(BursaryApplication.objects.all()) == [accepted]


@pytest.mark.parametrize("status", [SeminarStatus.CANCELLED, SeminarStatus.POSTPONED])
def test_apply_refused_when_the_seminar_is_not_going_ahead(status):
    with pytest.raises(services.BursaryError):
        apply(SeminarFactory(status=status))

    assert not BursaryApplication.objects.exists()


def test_no_applications_when_no_bursaries_are_offered():
    with pytest.raises(services.BursaryError):
        apply(SeminarFactory(bursaries_per_group=0))


def test_applying_again_emails_the_existing_link_and_creates_nothing(sent):
    seminar = SeminarFactory()
    first, _ = apply(seminar, "Amal@Example.org")

    again, outcome = apply(seminar, "amal@EXAMPLE.org")

    assert (again, outcome) == (first, "existing")
    assert BursaryApplication.objects.count() == 1
    assert sent()[-1].subject.startswith("Your bursary application link")


def test_database_refuses_two_open_applications_for_one_address():
    application = BursaryApplicationFactory(email="amal@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        BursaryApplicationFactory(seminar=application.seminar, email="AMAL@example.org")


def test_after_withdrawing_one_may_apply_again():
    seminar = SeminarFactory()
    first, _ = apply(seminar)
    services.withdraw(first)

    second, outcome = apply(seminar)

    assert outcome == "submitted"
    assert second != first


def test_service_user_or_carer_needs_consent():
    with pytest.raises(services.BursaryError) as error:
        apply(SeminarFactory(), group="service_user", health_consent=False)

    assert "explicit consent" in str(error.value)
    assert not BursaryApplication.objects.exists()


def test_companion_cost_is_dropped_without_a_companion():
    application, _ = apply(SeminarFactory(), companion_needed=False, companion_cost=Decimal("10"))

    assert application.companion_cost is None


def test_withdraw_records_who_and_when_and_emails(sent):
    application, _ = apply(SeminarFactory())

    services.withdraw(application, now=london(2015, 11, 20, 12))

    application.refresh_from_db()
    [change] = status_moves(application)
    assert application.status == BursaryStatus.WITHDRAWN
    assert (change.data, change.by) == ({"from": "submitted", "to": "withdrawn"}, None)
    assert change.action == "Submitted to Withdrawn"
    assert change.at == london(2015, 11, 20, 12)
    assert sent()[-1].subject.startswith("Withdrawn: your bursary application")


def test_withdrawing_twice_is_refused_with_a_reason():
    application, _ = apply(SeminarFactory())
    services.withdraw(application)

    with pytest.raises(services.BursaryError) as error:
        services.withdraw(application)

    assert str(error.value) == "An application that is withdrawn cannot become withdrawn."
    assert status_moves().count() == 1


def test_transition_table_allows_only_its_moves(django_user_model):
    member = django_user_model.objects.create_user("panel")
    application = BursaryApplicationFactory()

    services.set_status(application, BursaryStatus.RESERVE, by=member)
    with pytest.raises(services.BursaryError):
        services.set_status(application, BursaryStatus.PAID, by=member)
    services.set_status(application, BursaryStatus.NOT_OFFERED, by=member)
    with pytest.raises(services.BursaryError):
        services.set_status(application, BursaryStatus.RESERVE, by=member)

    application.refresh_from_db()
    assert application.status == BursaryStatus.NOT_OFFERED
    assert [(c.data["from"], c.data["to"], c.by) for c in status_moves()] == [
        ("submitted", "reserve", member),
        ("reserve", "not_offered", member),
    ]


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(BursaryStatus.values)
    assert all(set(moves) <= set(BursaryStatus.values) for moves in TRANSITIONS.values())


def test_string_form_never_carries_the_name():
    application = BursaryApplicationFactory(name="Secret Person")

    assert str(application) == f"Bursary application {application.pk}"


def test_already_applied_emails_stop_after_three_a_day(sent):
    seminar = SeminarFactory()
    apply(seminar)
    for _ in range(5):
        apply(seminar)

    link_emails = [e for e in sent() if e.subject.startswith("Your bursary application link")]

    assert len(link_emails) == 3


def _claimed(status, **fields):
    application = BursaryApplicationFactory(
        status=status, offer_amount=Decimal("40.00"), reply_by=timezone.now(), **fields
    )
    Claim.objects.create(application=application, amount=Decimal("20.00"))
    return application


@pytest.mark.parametrize(
    ("make", "to", "kinds"),
    [
        (BursaryApplicationFactory, BursaryStatus.RESERVE, ["bursaries/reserve"]),
        (BursaryApplicationFactory, BursaryStatus.NOT_OFFERED, ["bursaries/not_offered"]),
        (BursaryApplicationFactory, BursaryStatus.WITHDRAWN, ["bursaries/application_withdrawn"]),
        (
            lambda: _claimed(BursaryStatus.ACCEPTED),
            BursaryStatus.CLAIMED,
            ["bursaries/claim_received", "bursaries/panel_claim"],
        ),
        (lambda: _claimed(BursaryStatus.QUERIED), BursaryStatus.CLAIMED, ["bursaries/panel_claim"]),
        (
            lambda: _claimed(BursaryStatus.CLAIMED),
            BursaryStatus.QUERIED,
            ["bursaries/claim_queried"],
        ),
        (
            lambda: _claimed(BursaryStatus.CLAIMED),
            BursaryStatus.SETTLED,
            ["bursaries/claim_approved"],
        ),
        (lambda: _claimed(BursaryStatus.BOOKED), BursaryStatus.SETTLED, ["bursaries/settled"]),
    ],
)
def test_set_status_queues_the_email_its_move_chooses(make, to, kinds, make_panel_member):
    member = make_panel_member("member")
    member.email = "member@example.org"
    member.save()
    application = make()

    services.set_status(application, to)

    assert list(Email.objects.order_by("pk").values_list("kind", flat=True)) == kinds


def test_set_status_refused_queues_nothing_and_logs_nothing():
    application = BursaryApplicationFactory(status=BursaryStatus.NOT_OFFERED)

    with pytest.raises(services.BursaryError):
        services.set_status(application, BursaryStatus.RESERVE)

    assert not Email.objects.exists()
    assert not status_moves().exists()


def test_scoring_records_the_reviewer_never_the_score(make_panel_member):
    member = make_panel_member("scorer")
    application = BursaryApplicationFactory()

    services.score(application, reviewer=member, score=4, comment="Strong case")
    services.score(application, reviewer=member, score=2)

    entries = AuditEntry.objects.filter(object_id=application.pk)
    assert [(e.action, e.by, e.fields, e.data) for e in entries] == [
        ("scored", member, ["reviews"], {}),
        ("score changed", member, ["reviews"], {}),
    ]
    assert "Strong" not in str(list(entries.values()))


def test_the_same_score_saved_again_changes_nothing_and_records_nothing(make_panel_member):
    member = make_panel_member("scorer")
    application = BursaryApplicationFactory()
    services.score(application, reviewer=member, score=4, comment="Strong case")

    services.score(application, reviewer=member, score=4, comment=" Strong case ")
    services.score(application, reviewer=member, score=4, comment="Strong case, and near")

    entries = AuditEntry.objects.filter(object_id=application.pk)
    assert [e.action for e in entries] == ["scored", "score changed"]
