"""Amounts of money: Decimals to the penny, made exact at every sum (HS-M).

On SQLite a DecimalField is stored as a real number and a sum in the database can come back as
31.2000000000000; every amount that leaves the ledger goes through pence() first."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def pence(amount):
    """`amount` as pounds and pence exactly: None and nothing are £0.00."""
    if amount is None:
        return ZERO
    return Decimal(str(amount)).quantize(PENNY, rounding=ROUND_HALF_UP)


def total(amounts):
    return pence(sum((pence(amount) for amount in amounts), ZERO))


def shown(amount):
    """£31.20, for pages and emails."""
    return f"£{pence(amount):,}"


def exported(amount):
    """31.20, for spreadsheets."""
    return f"{pence(amount)}"
