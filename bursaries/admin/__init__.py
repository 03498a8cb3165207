"""The bursary panel's admin (applications), what bursaries add to the seminar admin, and the
series' bursary rules. (Who reads bursary emails in the outbox is declared in emails.py.)"""

from . import applications, seminars

__all__ = ["applications", "seminars"]
