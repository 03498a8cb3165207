import datetime
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from outbox.models import Email
from subscribers import services
from subscribers.models import OpeningAlert, Subscriber, SubscriberStatus
from tests.factories import SeminarFactory, TentativeSeminarFactory
from tests.factories.subscribers import OpeningAlertFactory, SubscriberFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_sign_up_makes_a_pending_subscriber_and_emails_a_link_to_confirm(sent):
    services.sign_up(email=" Ann@example.org ")

    subscriber = Subscriber.objects.get()
    [email] = sent()
    assert subscriber.email == "Ann@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.on_list
    assert subscriber.confirm_url in email.body
    assert email.to == ["Ann@example.org"]
    parsed = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe"] is None  # their own confirmation, not a list email


def test_sign_up_of_a_confirmed_address_sends_nothing_and_changes_nothing_visible(sent):
    subscriber = SubscriberFactory(email="ann@example.org")

    services.sign_up(email="ANN@example.org")

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert sent() == []
    assert Subscriber.objects.count() == 1


def test_sign_up_again_while_pending_sends_at_most_three_links_a_day(sent):
    for _ in range(5):
        services.sign_up(email="ann@example.org")

    assert len(sent()) == 3
    assert Subscriber.objects.count() == 1


def test_confirm_within_seven_days_keeps_them_until_they_unsubscribe():
    with time_machine.travel(london(2026, 3, 1, 12), tick=False):
        services.sign_up(email="ann@example.org")
    subscriber = Subscriber.objects.get()

    with time_machine.travel(london(2026, 3, 8, 11, 59)):
        services.confirm(subscriber)

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirm_by is None
    assert subscriber.keep_until is None


def test_confirm_after_seven_days_is_refused_and_changes_nothing():
    with time_machine.travel(london(2026, 3, 1, 12), tick=False):
        services.sign_up(email="ann@example.org")
    subscriber = Subscriber.objects.get()

    with time_machine.travel(london(2026, 3, 8, 12)), pytest.raises(services.SubscriberError) as e:
        services.confirm(subscriber)

    assert "expired" in str(e.value)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_unconfirmed_sign_ups_are_deleted_after_seven_days_by_the_scheduled_command():
    with time_machine.travel(london(2026, 3, 1, 12), tick=False):
        services.sign_up(email="late@example.org")
        kept = SubscriberFactory(email="confirmed@example.org")
    with time_machine.travel(london(2026, 3, 2, 12), tick=False):
        services.sign_up(email="recent@example.org")

    with time_machine.travel(london(2026, 3, 8, 11, 59)):
        call_command("apply_subscriber_retention", verbosity=0)
        before = sorted(Subscriber.objects.values_list("email", flat=True))
    with time_machine.travel(london(2026, 3, 8, 12)):
        call_command("apply_subscriber_retention", verbosity=0)

    assert before == ["confirmed@example.org", "late@example.org", "recent@example.org"]
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "recent@example.org",
    ]
    assert Subscriber.objects.get(pk=kept.pk).status == SubscriberStatus.CONFIRMED


def test_confirmed_subscribers_outlive_every_registration():
    SubscriberFactory(email="ann@example.org", confirmed_at=london(2016, 1, 1, 9))

    with time_machine.travel(london(2030, 1, 1, 9)):
        deleted = services.apply_retention()

    assert deleted == 0
    assert Subscriber.objects.count() == 1


def test_unsubscribe_deletes_the_address_its_requests_and_its_queued_list_emails():
    subscriber = SubscriberFactory(email="ann@example.org")
    OpeningAlertFactory(subscriber=subscriber)
    services.announce(SeminarFactory(), message="")
    other = SubscriberFactory(email="bea@example.org")

    services.unsubscribe(subscriber)
    services.unsubscribe(subscriber)  # twice is the same as once

    assert list(Subscriber.objects.all()) == [other]
    assert OpeningAlert.objects.count() == 0
    assert Email.objects.filter(to="ann@example.org").count() == 0


def test_announce_queues_nothing_for_pending_or_alert_only_subscribers():
    SubscriberFactory(status=SubscriberStatus.PENDING)
    SubscriberFactory(on_list=False)

    count = services.announce(SeminarFactory(), message="")

    assert count == 0
    assert Email.objects.count() == 0


@pytest.fixture
def opening_soon():
    """Registration opens at 9am on 1 November 2026 (UK time)."""
    return SeminarFactory(
        starts_at=london(2027, 1, 5, 10),
        ends_at=london(2027, 1, 5, 16),
        registration_opens_at=london(2026, 11, 1, 9),
        registration_deadline=london(2026, 12, 11),
        bursary_deadline=None,
        bursary_decisions_by=None,
    )


def test_registration_open_email_goes_once_across_the_opening_moment(opening_soon, sent):
    alert = OpeningAlertFactory(seminar=opening_soon)
    OpeningAlertFactory(seminar=opening_soon, subscriber__status=SubscriberStatus.PENDING)

    with time_machine.travel(london(2026, 11, 1, 8, 59, 59)):
        before = services.send_registration_open()
    with time_machine.travel(london(2026, 11, 1, 9)):
        at_opening = services.send_registration_open()
    with time_machine.travel(london(2026, 11, 1, 9, 15)):
        call_command("send_subscriber_emails", verbosity=0)
        again = Email.objects.count()

    assert (before, at_opening, again) == (0, 1, 1)
    [email] = sent()
    assert email.to == [alert.subscriber.email]
    assert (
        email.subject
        == f"Registration is open: Seminar {opening_soon.number}, {opening_soon.title}"
    )
    parsed = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    assert alert.subscriber.unsubscribe_url in parsed["List-Unsubscribe"]
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_month_only_seminar_sends_when_its_date_is_fixed_and_registration_opens(sent):
    seminar = TentativeSeminarFactory()
    OpeningAlertFactory(seminar=seminar)
    nothing_yet = services.send_registration_open()
    now = timezone.now()
    seminar.tentative_month = None
    seminar.starts_at = now + 40 * DAY
    seminar.ends_at = seminar.starts_at + datetime.timedelta(hours=6)
    seminar.registration_opens_at = now - DAY
    seminar.registration_deadline = now + 30 * DAY
    seminar.save()

    first = services.send_registration_open()
    second = services.send_registration_open()

    assert (nothing_yet, first, second) == (0, 1, 0)
    assert len(sent()) == 1


def test_answered_requests_go_and_so_do_people_who_asked_for_nothing_else(opening_soon):
    alert = OpeningAlertFactory(seminar=opening_soon)
    on_list = OpeningAlertFactory(seminar=opening_soon, subscriber__on_list=True).subscriber
    with time_machine.travel(london(2026, 11, 1, 10)):
        services.send_registration_open()

        services.apply_retention()

    assert list(Subscriber.objects.all()) == [on_list]
    assert not Subscriber.objects.filter(pk=alert.subscriber_id).exists()
    assert OpeningAlert.objects.count() == 0


def test_wants_alert_only_before_registration_opens(opening_soon):
    with time_machine.travel(london(2026, 10, 31, 12)):
        before = services.wants_alert(opening_soon)
    with time_machine.travel(london(2026, 11, 1, 9)):
        after = services.wants_alert(opening_soon)

    assert (before, after) == (True, False)
    assert services.wants_alert(TentativeSeminarFactory())


def test_sign_up_of_a_confirmed_alert_only_address_waits_for_the_link_to_join_the_list(sent):
    subscriber = SubscriberFactory(email="ann@example.org", on_list=False)
    OpeningAlertFactory(subscriber=subscriber)

    services.sign_up(email="ann@example.org")

    subscriber.refresh_from_db()
    [email] = sent()
    assert not subscriber.on_list
    assert subscriber.wants_list
    assert list(Subscriber.objects.on_list()) == []
    assert email.to == ["ann@example.org"]
    assert "about future seminars" in email.body
    assert subscriber.confirm_url in email.body

    services.confirm(subscriber)

    subscriber.refresh_from_db()
    assert subscriber.on_list
    assert not subscriber.wants_list
    assert subscriber.confirm_by is None
    assert list(Subscriber.objects.on_list()) == [subscriber]


def test_an_alert_added_to_a_confirmed_address_waits_for_the_link(opening_soon, sent):
    subscriber = SubscriberFactory(email="ann@example.org")

    with time_machine.travel(london(2026, 10, 1, 12), tick=False):
        services.sign_up(email="ann@example.org", seminar=opening_soon)
    [email] = sent()
    alert = OpeningAlert.objects.get()
    with time_machine.travel(london(2026, 11, 1, 9, 30)):
        sent_before_confirming = services.send_registration_open()

    assert alert.pending
    assert sent_before_confirming == 0
    assert "when registration opens for" in email.body
    assert opening_soon.title in email.body
    assert Subscriber.objects.get().token == subscriber.token  # their unsubscribe links work

    with time_machine.travel(london(2026, 10, 2, 12)):
        services.confirm(subscriber)
    with time_machine.travel(london(2026, 11, 1, 9, 30)):
        sent_after_confirming = services.send_registration_open()

    assert sent_after_confirming == 1
    assert not OpeningAlert.objects.get().pending


def test_unconfirmed_wishes_of_a_confirmed_address_lapse_and_a_late_link_adds_nothing(
    opening_soon,
):
    subscriber = SubscriberFactory(email="ann@example.org", on_list=False)
    earlier = OpeningAlertFactory(subscriber=subscriber)
    with time_machine.travel(london(2026, 10, 1, 12), tick=False):
        services.sign_up(email="ann@example.org")
        services.sign_up(email="ann@example.org", seminar=opening_soon)

    with time_machine.travel(london(2026, 10, 8, 12)):
        services.confirm(subscriber)

    subscriber.refresh_from_db()
    assert (subscriber.on_list, subscriber.wants_list) == (False, False)
    assert list(OpeningAlert.objects.values_list("seminar", flat=True)) == [earlier.seminar_id]
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_retention_drops_lapsed_wishes_and_keeps_a_confirmed_address_meanwhile(opening_soon):
    subscriber = SubscriberFactory(email="ann@example.org", on_list=False)
    with time_machine.travel(london(2026, 10, 1, 12), tick=False):
        services.sign_up(email="ann@example.org", seminar=opening_soon)

    with time_machine.travel(london(2026, 10, 8, 11, 59)):
        within = services.apply_retention()
    kept = Subscriber.objects.filter(pk=subscriber.pk).exists()
    with time_machine.travel(london(2026, 10, 8, 12)):
        after = services.apply_retention()

    assert (within, kept, after) == (0, True, 1)
    assert Subscriber.objects.count() == 0
    assert OpeningAlert.objects.count() == 0


def test_a_new_address_created_by_someone_else_meanwhile_is_reused_not_a_failure(monkeypatch, sent):
    """Two sign-ups of one new address at once: the other's row appears after this one looked
    and found nothing, so its insert meets the unique constraint. (On PostgreSQL the threads in
    test_concurrency.py do this for real; SQLite serialises transactions, so here the lookup is
    made to miss the row once.)"""
    services.sign_up(email="ann@example.org")
    looked_up = services.existing_subscriber
    misses = iter([True])
    monkeypatch.setattr(
        services,
        "existing_subscriber",
        lambda email: None if next(misses, False) else looked_up(email),
    )

    services.sign_up(email="Ann@example.org", seminar=TentativeSeminarFactory())

    subscriber = Subscriber.objects.get()
    assert subscriber.on_list
    assert subscriber.alerts.count() == 1
    assert len(sent()) == 2
