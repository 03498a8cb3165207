"""Where the finance file's columns are, for the tests that read it."""

from organising.finance import HEADER

AMOUNT = HEADER.index("Amount (GBP)")
