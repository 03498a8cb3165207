"""What people coming to a seminar must be told when an organiser changes it: another date,
other times, another venue, or a postponement.

The admin records each such change (who, and what changed, never the values) in the audit
log; the apps above read it back to prompt whoever tells the people concerned.
"""

from django.utils import timezone

from common.audit import entries_for, record

from .models import SeminarStatus

DATE, TIME, VENUE, POSTPONED, CANCELLED = "date", "time", "venue", "postponed", "cancelled"
# The parts an email names: "the date and venue of Seminar 3 have changed".
PARTS = {DATE: "date", TIME: "time", VENUE: "venue"}
MOVED = "changed when or where"


def what_changed(before, after):
    """What of `after` (a seminar) differs from `before` that people coming must know, in a
    fixed order: "cancelled" (it became so: then alone), "postponed" (it became so), "date"
    (another day, or a day fixed where only the month was known), "time" (the same day, other
    times), "venue"."""
    changed = []
    if after.status == SeminarStatus.CANCELLED != before.status:
        return [CANCELLED]  # nothing else of it matters now
    if after.status == SeminarStatus.POSTPONED != before.status:
        changed.append(POSTPONED)
    if _day(before) != _day(after):
        changed.append(DATE)
    elif _times(before) != _times(after):
        changed.append(TIME)
    if before.venue_id != after.venue_id:
        changed.append(VENUE)
    return changed


def _day(seminar):
    if seminar.starts_at:
        return timezone.localtime(seminar.starts_at).date()
    return seminar.tentative_month


def _times(seminar):
    """To the minute: the admin sends no finer, and nobody needs telling of seconds."""
    return tuple(
        moment and moment.replace(second=0, microsecond=0)
        for moment in (seminar.starts_at, seminar.ends_at)
    )


def parts_words(changed):
    """'date', 'date and venue', 'date, time and venue': the parts of `changed` an email names,
    in a fixed order."""
    parts = [words for part, words in PARTS.items() if part in changed]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def email_label(values):
    """What an email about a change is, for the outbox's list: "Seminar changed: date and
    venue", "Seminar cancelled", "Seminar postponed", from the email's queued values (the
    `changed` parts and, for registrations' emails, the `reason`)."""
    changed = values.get("changed") or []
    reason = values.get("reason")
    if CANCELLED in changed or reason == "cancelled":
        return "Seminar cancelled"
    if POSTPONED in changed or reason == "postponed":
        return "Seminar postponed"
    if reason == "update":
        return "Seminar news"
    parts = parts_words(changed)
    return f"Seminar changed: {parts}" if parts else "Seminar changed"


def describe(seminar, changed):
    """The change in a sentence for staff: 'The date and venue of seminar 3 changed'."""
    parts = parts_words(changed)
    if CANCELLED in changed:
        return f"Seminar {seminar.number} is cancelled"
    if POSTPONED in changed:
        and_parts = f", and its {parts} changed" if parts else ""
        return f"Seminar {seminar.number} is postponed{and_parts}"
    return f"The {parts} of seminar {seminar.number} changed"


def record_change(seminar, *, changed, by):
    """One audit entry for a change people must be told of; its `fields` name what changed."""
    return record(seminar, MOVED, by=by, fields=changed)


def latest_change(seminar):
    """The audit entry of the seminar's latest such change, or None."""
    return entries_for(seminar).filter(action=MOVED).order_by("at", "pk").last()
