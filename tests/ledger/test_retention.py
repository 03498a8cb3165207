"""Finance records: only what paying needs, and names forgotten after the series' period, on
the anniversary of the day paid and not a day before."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.management import call_command

from ledger import retention, services
from ledger.models import BudgetLine, Entry, Kind, MoneySettings
from ledger.queries import line_totals
from tests.factories import SeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

PAID = datetime.date(2020, 4, 6)


@pytest.fixture
def paid_entry():
    account = services.open_account(
        seminar=SeminarFactory(),
        line=BudgetLine.TRAVEL_BURSARIES,
        purpose="expenses",
        reference="B12",
        description="Travel bursary",
    )
    services.offer(account, {"travel": D("40")}, now=london(2020, 3, 1, 9))
    return services.advance(
        account,
        D("31.20"),
        payee="Siân Jones",
        paid_on=PAID,
        reference="BACS 991",
        now=london(2020, 4, 9, 9),  # recorded three days after it was paid
    )


def names(entry):
    entry.refresh_from_db()
    return (entry.payee, entry.payment_reference)


def test_the_name_is_kept_until_the_day_before_the_sixth_anniversary(paid_entry):
    assert retention.apply_retention(now=london(2026, 4, 5, 23, 59)) == 0
    assert names(paid_entry) == ("Siân Jones", "BACS 991")


def test_on_the_sixth_anniversary_of_the_day_paid_the_name_goes_and_the_amount_stays(paid_entry):
    before = line_totals()[BudgetLine.TRAVEL_BURSARIES]

    assert retention.apply_retention(now=london(2026, 4, 6, 0, 1)) == 1

    assert names(paid_entry) == ("", "")
    assert paid_entry.amount == D("31.20")
    assert paid_entry.paid_on == PAID
    assert line_totals()[BudgetLine.TRAVEL_BURSARIES] == before
    assert retention.apply_retention(now=london(2026, 4, 6, 0, 1)) == 0  # twice is safe


def test_the_period_is_the_series_setting(paid_entry):
    MoneySettings.objects.update_or_create(pk=1, defaults={"keep_finance_years": 7})

    assert retention.apply_retention(now=london(2026, 4, 6, 12)) == 0
    assert retention.apply_retention(now=london(2027, 4, 5, 12)) == 0
    assert retention.apply_retention(now=london(2027, 4, 6, 12)) == 1


def test_an_entry_without_a_day_paid_counts_from_when_it_was_written_uk_time(paid_entry):
    # Written at 00:30 on 1 March 2020 in the UK (GMT): the day is 1 March.
    offer = Entry.objects.get(kind=Kind.OFFERED)
    Entry.objects.filter(pk=offer.pk).update(
        payee="Someone", at=london(2020, 3, 1, 0, 30), paid_on=None
    )

    assert retention.apply_retention(now=london(2026, 2, 28, 23, 59)) == 0
    assert retention.apply_retention(now=london(2026, 3, 1, 0, 0)) == 1
    assert names(offer) == ("", "")


def test_a_payment_on_29_february_is_forgotten_on_1_march_six_years_on():
    assert retention.years_before(datetime.date(2026, 2, 28), 6) == datetime.date(2020, 2, 28)
    assert retention.years_before(datetime.date(2026, 3, 1), 6) == datetime.date(2020, 3, 1)
    assert retention.years_before(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)


def test_the_command_runs_the_same_rule(paid_entry, capsys):
    with time_machine.travel(london(2026, 4, 6, 8)):
        call_command("apply_ledger_retention")
    assert capsys.readouterr().out == "Forgot the names on 1 money entry.\n"
    assert names(paid_entry) == ("", "")


def test_an_entry_holds_nothing_about_a_bank_account():
    fields = {field.name for field in Entry._meta.get_fields()}
    banking = {"bank", "sort_code", "account_number", "iban", "bic", "swift", "account_name"}
    assert not {name for name in fields if any(word in name for word in banking)}
    assert fields >= {"payee", "payment_reference", "paid_on", "amount"}
