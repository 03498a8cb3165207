import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, CostLine, PaymentMethod
from common.audit import entries_for
from ledger.balances import balance
from ledger.models import Kind
from outbox.mail import rebuild
from outbox.models import Email
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def staff_outside_panel(django_user_model):
    return django_user_model.objects.create_user("panel", is_staff=True)


def make_offer(application, staff_outside_panel, *, now=None, reply_by=None):
    now = now or timezone.now()
    return services.offer(
        application,
        lines={CostLine.TRAVEL: Decimal("40.00")},
        reply_by=reply_by or now + 7 * DAY,
        by=staff_outside_panel,
        now=now,
    )


def Application(**kwargs):
    """An application to a seminar whose bursary applications have closed: decisions can go."""
    if "seminar" not in kwargs:
        kwargs.setdefault("seminar__bursaries_closed", True)
    return BursaryApplicationFactory(**kwargs)


def Application_batch(count, **kwargs):
    return [Application(**kwargs) for _ in range(count)]


def test_offer_holds_a_place_and_emails_action_needed(staff_outside_panel, sent):
    application = Application(email="amal@example.org")

    offered = make_offer(application, staff_outside_panel)

    assert offered.status == BursaryStatus.OFFERED
    assert offered.registration.status == RegistrationStatus.HELD
    assert offered.registration.email == "amal@example.org"
    [email] = sent()
    assert email.subject.startswith("Action needed: a travel bursary for Seminar")
    assert "up to £40.00" in email.body
    assert offered.status_url in email.body


def test_the_group_limit_holds_at_its_exact_edge(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True, bursaries_per_group=2, capacity=50)
    first, second, third = Application_batch(3, seminar=seminar)
    other_group = Application(seminar=seminar, group="early_career")

    make_offer(first, staff_outside_panel)
    make_offer(second, staff_outside_panel)
    with pytest.raises(services.BursaryError) as error:
        make_offer(third, staff_outside_panel)
    make_offer(other_group, staff_outside_panel)

    assert str(error.value) == (
        f"All 2 bursaries for people who work or volunteer for charities at seminar "
        f"{seminar.number} are offered or awarded. Put B{third.pk} on the reserve list instead."
    )
    third.refresh_from_db()
    assert third.status == BursaryStatus.SUBMITTED
    assert third.registration is None
    assert not Email.objects.filter(to=third.email, kind="bursaries/offered").exists()


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (BursaryStatus.ACCEPTED, True),
        (BursaryStatus.CLAIMED, True),
        (BursaryStatus.QUERIED, True),
        (BursaryStatus.PAID, True),
        (BursaryStatus.DECLINED, False),
        (BursaryStatus.LAPSED, False),
        (BursaryStatus.WITHDRAWN, False),
        (BursaryStatus.RESERVE, False),
    ],
)
def test_every_live_award_counts_against_the_limit(staff_outside_panel, status, counts):
    seminar = SeminarFactory(bursaries_closed=True, bursaries_per_group=1)
    Application(seminar=seminar, status=status, offer_amount=Decimal("10"), reply_by=timezone.now())

    assert services.bursaries_left(seminar, "third_sector") == (0 if counts else 1)


def test_no_offer_when_no_place_is_free_and_nothing_is_saved(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True, capacity=1)
    RegistrationFactory(seminar=seminar)
    application = Application(seminar=seminar)

    with pytest.raises(services.BursaryError) as error:
        make_offer(application, staff_outside_panel)

    assert "No place is free at seminar" in str(error.value)
    application.refresh_from_db()
    assert application.status == BursaryStatus.SUBMITTED
    assert seminar.registrations.count() == 1


def test_an_applicant_who_already_registered_keeps_that_place(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True, capacity=1)
    place = RegistrationFactory(seminar=seminar, email="amal@example.org")
    application = Application(seminar=seminar, email="Amal@example.org")

    offered = make_offer(application, staff_outside_panel)

    assert offered.registration == place
    assert seminar.registrations.count() == 1


def test_accept_in_the_last_second_confirms_the_place_even_after_the_deadline(
    staff_outside_panel, sent
):
    seminar = SeminarFactory(bursaries_closed=True)
    application = Application(seminar=seminar)
    now = timezone.now()
    offered = make_offer(application, staff_outside_panel, now=now, reply_by=now + DAY)
    sent()  # the offer goes (once accepted, a queued offer would no longer be true, nor sent)
    after_registration_closed = seminar.registration_deadline + DAY
    assert after_registration_closed > now

    accepted = services.accept(
        offered,
        payment_method=PaymentMethod.REIMBURSE,
        now=now + DAY - datetime.timedelta(seconds=1),
    )

    accepted.registration.refresh_from_db()
    assert accepted.status == BursaryStatus.ACCEPTED
    assert accepted.registration.status == RegistrationStatus.CONFIRMED
    emails = [email for email in sent() if email.to == [application.email]]
    assert [email.subject for email in emails][1:] == [
        f"Bursary accepted: your place at Seminar {seminar.number} is confirmed"
    ]  # one email on accepting (after the offer's), with the place folded in
    [calendar] = emails[1].attachments
    assert calendar.get_filename() == f"seminar-{seminar.number}.ics"
    assert calendar.get_content_type() == "text/calendar"
    assert accepted.registration.manage_url in emails[1].body


def test_accept_refused_at_the_reply_by_moment(staff_outside_panel):
    now = timezone.now()
    offered = make_offer(Application(), staff_outside_panel, now=now, reply_by=now + DAY)

    with pytest.raises(services.BursaryError) as error:
        services.accept(offered, payment_method=PaymentMethod.REIMBURSE, now=now + DAY)

    assert str(error.value).startswith("The offer ended at ")
    offered.refresh_from_db()
    assert offered.status == BursaryStatus.OFFERED


def test_decline_frees_the_bursary_and_gives_the_place_to_the_waiting_list(
    staff_outside_panel, sent
):
    seminar = SeminarFactory(bursaries_closed=True, capacity=1, bursaries_per_group=1)
    offered = make_offer(Application(seminar=seminar), staff_outside_panel)
    waiting, _ = registration_services.register(
        seminar, name="W", email="w@example.org", group="academic"
    )

    services.decline(offered)

    waiting.refresh_from_db()
    offered.registration.refresh_from_db()
    assert offered.registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert services.bursaries_left(seminar, "third_sector") == 1
    assert any(email.subject.startswith("Bursary declined") for email in sent())


def test_lapse_after_the_reply_by_moment_only_and_once(staff_outside_panel, sent):
    now = timezone.now()
    due = make_offer(Application(), staff_outside_panel, now=now, reply_by=now + DAY)
    later = make_offer(Application(), staff_outside_panel, now=now, reply_by=now + 2 * DAY)

    before = services.lapse_overdue_offers(now=now + DAY - datetime.timedelta(seconds=1))
    at_edge = services.lapse_overdue_offers(now=now + DAY)
    again = services.lapse_overdue_offers(now=now + DAY)

    due.refresh_from_db()
    later.refresh_from_db()
    assert (before, at_edge, again) == (0, 1, 0)
    assert due.status == BursaryStatus.LAPSED
    assert due.registration.status == RegistrationStatus.CANCELLED
    assert later.status == BursaryStatus.OFFERED
    assert sum(email.subject.endswith("has ended") for email in sent()) == 1


def test_reminder_once_inside_the_window(staff_outside_panel, settings, sent):
    settings.BURSARY_OFFER_REMINDER_DAYS = 3
    now = timezone.now()
    offered = make_offer(Application(), staff_outside_panel, now=now, reply_by=now + 5 * DAY)

    early = services.send_offer_reminders(now=now + DAY)
    inside = services.send_offer_reminders(now=now + 2 * DAY)
    again = services.send_offer_reminders(now=now + 3 * DAY)

    assert (early, inside, again) == (0, 1, 0)
    reminders = [e for e in sent() if e.subject.startswith("Action needed: reply about")]
    assert [e.to for e in reminders] == [[offered.email]]


def test_withdrawing_an_offer_releases_the_held_place(staff_outside_panel):
    offered = make_offer(Application(), staff_outside_panel)

    services.withdraw(offered)

    offered.registration.refresh_from_db()
    assert offered.registration.status == RegistrationStatus.CANCELLED


def test_staged_decisions_are_sent_together_and_problems_reported(staff_outside_panel, sent):
    seminar = SeminarFactory(bursaries_closed=True, bursaries_per_group=1)
    top, second, third = Application_batch(3, seminar=seminar)
    reply_by = timezone.now() + 7 * DAY
    for application in (top, second):
        services.stage_decision(
            application,
            decision="offered",
            lines={CostLine.TRAVEL: Decimal("30")},
            reply_by=reply_by,
            by=staff_outside_panel,
        )
    services.stage_decision(third, decision="reserve", by=staff_outside_panel)
    assert not Email.objects.exists()  # staging sends nothing

    done, problems = services.send_staged_decisions(
        BursaryApplication.objects.filter(staged_decision__gt="").order_by("pk"),
        by=staff_outside_panel,
    )

    assert done == [top, third]
    assert problems == [
        f"B{second.pk}: All 1 bursaries for people who work or volunteer for charities at seminar "
        f"{seminar.number} are offered or awarded. Put B{second.pk} on the reserve list instead."
    ]
    second.refresh_from_db()
    assert second.staged_decision == "offered"  # left staged for the panel to change
    assert sorted(e.to[0] for e in sent()) == sorted([top.email, third.email])


def test_staging_refuses_a_decision_the_status_does_not_allow(staff_outside_panel):
    application = Application(status=BursaryStatus.WITHDRAWN)

    with pytest.raises(services.BursaryError):
        services.stage_decision(application, decision="reserve", by=staff_outside_panel)


def test_offer_jobs_command(capsys, staff_outside_panel):
    now = timezone.now()
    rolling = Application(seminar__bursary_rolling_decisions=True)  # offered 8 days ago
    make_offer(rolling, staff_outside_panel, now=now - 8 * DAY, reply_by=now - DAY)

    call_command("bursary_offer_jobs")

    assert capsys.readouterr().out == "Reminded 0; 1 offer lapsed.\n"
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_accepting_after_an_organiser_cancelled_the_held_place_holds_one_again(staff_outside_panel):
    offered = make_offer(Application(), staff_outside_panel)
    registration_services.cancel_registration(offered.registration)

    accepted = services.accept(offered, payment_method=PaymentMethod.REIMBURSE)

    accepted.refresh_from_db()
    assert accepted.status == BursaryStatus.ACCEPTED
    assert accepted.registration.status == RegistrationStatus.CONFIRMED


def test_accepting_when_the_place_was_lost_and_none_is_free_says_what_to_do(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True, capacity=1)
    offered = make_offer(Application(seminar=seminar), staff_outside_panel)
    registration_services.cancel_registration(offered.registration)
    RegistrationFactory(seminar=seminar)

    with pytest.raises(services.BursaryError) as error:
        services.accept(offered, payment_method=PaymentMethod.REIMBURSE)

    assert "there is no longer a free place at the seminar" in str(error.value)
    offered.refresh_from_db()
    assert offered.status == BursaryStatus.OFFERED


def test_registering_while_a_place_is_held_emails_the_link_with_the_right_words(
    staff_outside_panel, sent
):
    offered = make_offer(Application(email="amal@example.org"), staff_outside_panel)

    _, outcome = registration_services.register(
        offered.seminar, name="Amal", email="amal@example.org", group="academic"
    )

    assert outcome == "existing"
    link_email = sent()[-1]
    assert "A place is held for you. We have emailed you about it." in link_email.body
    assert "bursary" not in link_email.body.lower()
    assert "None" not in link_email.body


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_no_offer_for_a_seminar_that_is_not_going_ahead(staff_outside_panel, status):
    application = Application(seminar__status=status)

    with pytest.raises(services.BursaryError):
        make_offer(application, staff_outside_panel)

    assert not Registration.objects.exists()


@pytest.mark.parametrize(("applications", "competitive"), [(3, False), (4, True)])
def test_not_offered_says_there_were_more_applications_only_when_there_were(
    applications, competitive, sent, django_user_model
):
    staff_outside_panel = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_closed=True, bursaries_per_group=3)
    first, *_ = BursaryApplicationFactory.create_batch(applications, seminar=seminar)

    services.not_offer(first, by=staff_outside_panel, note="Thank you for your honest words.")

    [email] = sent()
    assert ("we had more applications than bursaries" in email.body) is competitive
    assert "Thank you for your honest words." in email.body
    assert "You can register for a free place until 23:59 on" in email.body


# How long claims wait, in working days.


def test_not_offered_offers_a_free_place_only_while_registration_is_open(sent, django_user_model):
    """The seminar's phase decides "registration is open", its opening time included."""
    staff_outside_panel = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_closed=True)
    seminar.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    seminar.save(update_fields=["registration_opens_at"])
    application = BursaryApplicationFactory(seminar=seminar)

    services.not_offer(application, by=staff_outside_panel, note="")

    [email] = sent()
    assert "register for a free place until" not in email.body
    assert "If you would still like to come to the seminar, email us" in email.body


def test_offers_lapsing_together_each_end_as_one_lapse_would(staff_outside_panel, sent):
    """One pass for a seminar's overdue offers: each is lapsed with its log entry, its money
    given back to the budget, its held place freed for the first person waiting, and its own
    email, word for word the one a single lapse writes (built again alone, from today's data)."""
    seminar = SeminarFactory(capacity=3, bursaries_per_group=5, bursaries_closed=True)
    now = timezone.now()
    due = [
        make_offer(Application(seminar=seminar), staff_outside_panel, now=now, reply_by=now + DAY)
        for _ in range(2)
    ]
    later = make_offer(
        Application(seminar=seminar), staff_outside_panel, now=now, reply_by=now + 3 * DAY
    )
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    offers_sent = len(sent())

    assert services.lapse_overdue_offers(now=now + DAY) == 2

    for application in due:
        application.refresh_from_db()
        assert application.status == BursaryStatus.LAPSED
        assert application.status_changed_at == now + DAY
        assert application.registration.status == RegistrationStatus.CANCELLED
        [move] = entries_for(application).filter(data__to=BursaryStatus.LAPSED)
        assert move.data == {"from": "offered", "to": "lapsed"}
        assert move.action == "Offered to Lapsed (no reply in time)"
        released = application.account.entries.get(kind=Kind.RELEASED)
        assert (released.amount, released.note, released.at) == (
            Decimal("40.00"),
            "offer lapsed",
            now + DAY,
        )
        assert balance(application.account.entries.all()).committed == 0
    later.refresh_from_db()
    waiting.refresh_from_db()
    assert later.status == BursaryStatus.OFFERED
    assert not later.account.entries.filter(kind=Kind.RELEASED).exists()
    assert waiting.status == RegistrationStatus.CONFIRMED  # one of the two freed places
    lapsed = Email.objects.filter(kind="bursaries/lapsed").order_by("to")
    assert sorted(email.to for email in lapsed) == sorted(a.email for a in due)
    for email in lapsed:
        alone = rebuild(email)
        assert (email.subject, email.body_text, email.body_html) == (
            alone.subject,
            alone.body_text,
            alone.body_html,
        )
    assert len(sent()) - offers_sent == 3  # the two lapses and the place from the waiting list
