"""Registrations in the admin, and what they add to the seminar admin (places, waiting list)."""

from . import registrations, seminars

__all__ = ["registrations", "seminars"]
