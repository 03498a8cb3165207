"""The bursary panel's admin (applications), what bursaries add to the seminar admin and the
outbox, and the series' bursary rules."""

from . import applications, outbox, seminars

__all__ = ["applications", "outbox", "seminars"]
