"""Fees' services and rules, with the ledger's balances checked after each step."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from common.audit import entries_for
from fees import services
from fees.models import AnotherWay, FeeChoice, InvolvementFee
from fees.queries import money
from ledger.models import Budget, BudgetLine, Entry, Kind, Purpose
from outbox.models import Email
from seminars.models import SeminarStatus
from tests.fees.conftest import offer

pytestmark = pytest.mark.django_db
PAID_ON = datetime.date(2026, 12, 14)


def fee_money(fee):
    fee = InvolvementFee.objects.get(pk=fee.pk)
    return money(fee)[0]


def test_an_offer_freezes_the_rate_opens_an_account_and_sends_the_link(rates, coming, users):
    fee = offer(coming, users["organiser"])
    rates.hourly_rate = D("30")
    rates.save()
    fee.refresh_from_db()

    assert (fee.rate, fee.amount, fee.name) == (D("25"), D("100"), "Dee Contributor")
    assert (fee.account.line, fee.account.purpose) == (BudgetLine.INVOLVEMENT, Purpose.FEE)
    assert (fee.account.reference, fee.account.description) == (fee.reference, "Involvement fee")
    assert fee_money(fee).committed == D("100")
    [email] = Email.objects.all()
    assert email.to == "dee@example.org"
    assert fee.token in email.body_text
    assert [entry.action for entry in entries_for(fee)] == ["offered"]


def test_a_day_and_a_half_day_use_their_own_rates(rates, coming, users):
    day = offer(coming, users["organiser"], unit="day", quantity=D("1"))
    half = offer(coming, users["organiser"], unit="half_day", quantity=D("1"), email="b@x.org")

    assert (day.amount, half.amount) == (D("150"), D("80"))


def test_a_unit_without_a_rate_is_refused_and_nothing_is_made(coming, users):
    with pytest.raises(services.FeeError, match="no rate"):
        offer(coming, users["organiser"], unit="day", quantity=D("1"))

    assert not InvolvementFee.objects.exists()
    assert not Entry.objects.exists()
    assert not Email.objects.exists()


def test_lived_experience_is_recorded_only_with_consent(rates, coming, users):
    with pytest.raises(services.FeeError, match="agreed"):
        offer(coming, users["organiser"], consent=False)
    fee = offer(coming, users["organiser"], lived_experience=False, consent=False)

    assert (fee.lived_experience, fee.consent_at) == (False, None)
    assert InvolvementFee.objects.count() == 1


def test_no_fee_is_offered_at_a_cancelled_seminar(rates, coming, users):
    coming.status = SeminarStatus.CANCELLED
    coming.save()

    with pytest.raises(services.FeeError, match="cancelled"):
        offer(coming, users["organiser"])
    assert not InvolvementFee.objects.exists()


def test_over_budget_is_refused_with_the_figures_until_the_organiser_proceeds(rates, coming, users):
    Budget.objects.create(line=BudgetLine.INVOLVEMENT, seminar=coming, amount=D("99.99"))

    with pytest.raises(services.FeeError, match=r"over by £0\.01: £100\.00 committed of £99\.99"):
        offer(coming, users["organiser"])
    assert not InvolvementFee.objects.exists()

    fee = offer(coming, users["organiser"], proceed_over_budget=True)

    assert Entry.objects.get(kind=Kind.OFFERED).over_budget
    assert [entry.action for entry in entries_for(fee)] == ["offered", "offered over budget"]


def test_an_offer_exactly_at_the_budget_is_not_over(rates, coming, users):
    Budget.objects.create(line=BudgetLine.INVOLVEMENT, seminar=coming, amount=D("100"))

    fee = offer(coming, users["organiser"])

    assert not Entry.objects.get(account=fee.account).over_budget


@pytest.mark.parametrize(
    ("choice", "extra", "taken"),
    [
        (FeeChoice.ACCEPTED, {}, D("100")),
        (FeeChoice.LESS, {"amount": D("40")}, D("40")),
        (FeeChoice.DECLINED, {}, D("0")),
        (FeeChoice.ANOTHER_WAY, {"another_way": AnotherWay.VOUCHER}, D("100")),
        (
            FeeChoice.ANOTHER_WAY,
            {"another_way": AnotherWay.ORGANISATION, "organisation": "Mind in Leeds"},
            D("100"),
        ),
    ],
)
def test_each_choice_leaves_committed_what_they_take(rates, coming, users, choice, extra, taken):
    fee = offer(coming, users["organiser"])

    services.choose(fee, choice=choice, **extra)

    fee.refresh_from_db()
    balance = fee_money(fee)
    assert (fee.choice, fee.amount_taken) == (choice, taken)
    assert (balance.committed, balance.released) == (taken, D("100") - taken)


def test_a_choice_changed_back_offers_the_difference_again(rates, coming, users):
    fee = offer(coming, users["organiser"])
    services.choose(fee, choice=FeeChoice.DECLINED)
    services.choose(fee, choice=FeeChoice.LESS, amount=D("60"))
    assert fee_money(fee).committed == D("60")

    services.choose(fee, choice=FeeChoice.ACCEPTED)

    balance = fee_money(fee)
    assert (balance.offered, balance.released, balance.committed) == (
        D("200"),
        D("100"),
        D("100"),
    )


@pytest.mark.parametrize("amount", [D("0"), D("100"), D("100.01")])
def test_taking_less_means_more_than_nothing_and_less_than_the_fee(rates, coming, users, amount):
    fee = offer(coming, users["organiser"])

    with pytest.raises(services.FeeError, match=r"between £0 and £100\.00"):
        services.choose(fee, choice=FeeChoice.LESS, amount=amount)
    fee.refresh_from_db()
    assert fee.choice == FeeChoice.UNDECIDED
    assert fee_money(fee).committed == D("100")


def test_taking_99p_less_is_allowed(rates, coming, users):
    fee = offer(coming, users["organiser"])

    services.choose(fee, choice=FeeChoice.LESS, amount=D("99.99"))

    assert fee_money(fee).committed == D("99.99")


def test_paid_to_an_organisation_needs_its_name(rates, coming, users):
    fee = offer(coming, users["organiser"])

    with pytest.raises(services.FeeError, match="name of the organisation"):
        services.choose(
            fee, choice=FeeChoice.ANOTHER_WAY, another_way=AnotherWay.ORGANISATION, organisation=" "
        )


def test_approve_then_pay_the_chosen_amount_to_the_organisation_named(rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(
        fee,
        choice=FeeChoice.ANOTHER_WAY,
        another_way=AnotherWay.ORGANISATION,
        organisation="Mind in Leeds",
    )

    services.approve_fee(fee, by=users["organiser"])
    approved = fee_money(fee)
    services.pay_fee(fee, by=users["organiser"], paid_on=PAID_ON, reference="PR-9")

    assert (approved.approved, approved.owed_to_person, approved.paid) == (D("100"), D("100"), 0)
    balance = fee_money(fee)
    assert (balance.paid, balance.owed_to_person, balance.settled) == (D("100"), 0, True)
    paid = Entry.objects.get(kind=Kind.PAID)
    assert (paid.payee, paid.payment_reference, paid.paid_on) == ("Mind in Leeds", "PR-9", PAID_ON)


def test_approving_the_less_they_chose_pays_only_that(rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.LESS, amount=D("40"))

    services.approve_fee(fee, by=users["organiser"])
    services.pay_fee(fee, by=users["organiser"], paid_on=PAID_ON)

    balance = fee_money(fee)
    assert (balance.committed, balance.paid) == (D("40"), D("40"))
    assert Entry.objects.get(kind=Kind.PAID).payee == "Dee Contributor"


def test_payment_comes_only_after_approval(rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)

    with pytest.raises(services.FeeError, match="approve"):
        services.pay_fee(fee, by=users["organiser"], paid_on=PAID_ON)
    assert not Entry.objects.filter(kind=Kind.PAID).exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("undecided", "not chosen"),
        ("declined", "declined"),
        ("coming", "taken place"),
        ("approved", "already approved"),
    ],
)
def test_approval_refused_at_its_edges(rates, held, coming, users, setup, message):
    fee = offer(coming if setup == "coming" else held, users["organiser"])
    if setup != "undecided":
        services.choose(fee, choice=FeeChoice.DECLINED if setup == "declined" else "accepted")
    if setup == "approved":
        services.approve_fee(fee, by=users["organiser"])
    before = Entry.objects.count()

    with pytest.raises(services.FeeError, match=message):
        services.approve_fee(fee, by=users["organiser"])
    assert Entry.objects.count() == before


def test_a_cancelled_seminar_s_fee_may_be_approved_before_its_date(rates, coming, users):
    fee = offer(coming, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)
    coming.status = SeminarStatus.CANCELLED
    coming.save()

    services.approve_fee(fee, by=users["organiser"])

    assert fee_money(fee).owed_to_person == D("100")


def test_the_choice_is_fixed_once_approved(rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)
    services.approve_fee(fee, by=users["organiser"])

    with pytest.raises(services.FeeError, match="approved"):
        services.choose(fee, choice=FeeChoice.DECLINED)
    fee.refresh_from_db()
    assert fee.choice == FeeChoice.ACCEPTED


def test_travel_expenses_offer_approve_and_pay_through_their_own_account(rates, held, users):
    fee = offer(held, users["organiser"])
    by = users["organiser"]

    services.offer_expenses(fee, D("60"), by=by)
    services.approve_expenses(fee, D("52.40"), by=by)
    services.pay_expenses(fee, by=by, paid_on=PAID_ON)

    fee.refresh_from_db()
    expenses = money(fee)[1]
    assert (fee.expenses_account.purpose, fee.expenses_account.line) == ("expenses", "involvement")
    assert (expenses.committed, expenses.paid, expenses.released) == (
        D("52.40"),
        D("52.40"),
        D("7.60"),
    )
    assert fee_money(fee).paid == 0  # the fee itself is apart


def test_changing_the_email_gives_a_new_link_and_sends_it(rates, coming, users):
    fee = offer(coming, users["organiser"])
    old = fee.token

    services.change_email(fee, email="dee@new.example.org", by=users["organiser"])

    fee.refresh_from_db()
    assert fee.token != old
    assert list(Email.objects.values_list("to", flat=True).order_by("pk")) == [
        "dee@example.org",
        "dee@new.example.org",
    ]


def test_an_offer_now_is_dated_now(rates, coming, users):
    fee = offer(coming, users["organiser"])

    assert abs(fee.consent_at - timezone.now()) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("quantity", "unit", "words"),
    [("1.0", "day", "1 day"), ("10", "hour", "10 hours"), ("1.5", "half_day", "1.5 half days")],
)
def test_the_time_in_words(quantity, unit, words):
    assert InvolvementFee(quantity=D(quantity), unit=unit).time == words


@pytest.mark.parametrize("amount", [D("0"), D("100.01")])
def test_approval_is_more_than_nothing_and_at_most_what_they_chose(rates, held, users, amount):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)

    with pytest.raises(services.FeeError, match=r"at most the £100\.00 they chose"):
        services.approve_fee(fee, by=users["organiser"], amount=amount, reason="shorter")
    assert not Entry.objects.filter(kind=Kind.APPROVED).exists()


def test_approving_less_under_the_policy_releases_the_rest_and_logs_the_reason(rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)

    services.approve_fee(fee, by=users["organiser"], amount=D("25"), reason="cancelled")

    balance = fee_money(fee)
    assert (balance.approved, balance.released, balance.owed_to_person) == (
        D("25"),
        D("75"),
        D("25"),
    )
    assert entries_for(fee).get(action="approved").data == {"reason": "cancelled"}
