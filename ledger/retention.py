"""Retention of the finance records: entries keep only what paying needs (an amount, a day, a
reference, the payee's name; never bank details), and after MoneySettings.keep_finance_years
the payee's name and the payment's reference are forgotten. Amounts and days stay, so every
balance and total stays true."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Entry, MoneySettings


def years_before(day, years):
    """The same day `years` earlier (28 February for a 29th in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def forget_after(*, now=None, years=None):
    """The last day (UK date) whose entries' names are forgotten `now`: an entry paid on a day
    is kept for `years` whole years and forgotten on the anniversary."""
    now = now or timezone.now()
    years = MoneySettings.current().keep_finance_years if years is None else years
    return years_before(timezone.localdate(now), years)


def apply_retention(*, now=None):
    """Blank the payee's name and the payment's reference on entries older than the series'
    keep_finance_years, counted from the day paid (or, for an entry with no such day, the day
    it was written, UK time). Safe to run daily, and twice. One UPDATE in a transaction;
    returns how many entries were blanked."""
    last_day = forget_after(now=now)
    next_midnight = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone()
    )
    old = Q(paid_on__lte=last_day) | Q(paid_on__isnull=True, at__lt=next_midnight)
    with transaction.atomic():
        return (
            Entry.objects.filter(old)
            .exclude(payee="", payment_reference="")
            .update(payee="", payment_reference="")
        )
