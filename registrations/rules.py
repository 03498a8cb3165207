"""Who may do what with registrations, and until when: the one home of each rule.

Each predicate takes the user (and the object), asks the seminar's phase for "until when", and
answers True or False; `why_*` gives the sentence to show when the answer is no. Views, the
admin, the door list's template and the services all ask these.
"""

from seminars import dates
from seminars.phase import Phase


def may_use_door_pages(user):
    """The door list and the day's printed sheets: door helpers and organisers, any day (the
    sheets are printed beforehand)."""
    return user.is_active and user.is_staff and user.has_perm("registrations.check_in")


def may_enter_attendance_after_the_day(user):
    """Organisers (and superusers) enter attendance from the paper sheet after the day."""
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("registrations.check_in")
        and user.has_perm("registrations.change_registration")
    )


def may_record_arrival(user, seminar, *, now=None):
    """Mark someone arrived (or undo it), note a companion, add a walk-in.

    On the day (the door list's window): door helpers and organisers. After it, until an
    organiser marks attendance complete: organisers only, from the sign-in sheet. Never before
    the day, and never once attendance is complete (an organiser's recorded correction,
    `services.correct_attendance`, is the only change then)."""
    life = seminar.phase(now)
    if life.check_in:
        return may_use_door_pages(user)
    if life.attendance_entry:
        return may_enter_attendance_after_the_day(user)
    return False


def why_not_record_arrival(user, seminar, *, now=None):
    """The sentence for a door helper or organiser who may not record arrivals now; None when
    they may."""
    if may_record_arrival(user, seminar, now=now):
        return None
    life = seminar.phase(now)
    if life.phase == Phase.ATTENDANCE_COMPLETE:
        return (
            "Attendance at this seminar is marked as complete, so it cannot change here. An "
            "organiser can correct one person's attendance from their registration."
        )
    if life.attendance_entry:
        return (
            "The door list has closed. An organiser enters the rest of the attendance from the "
            "sign-in sheet."
        )
    if life.is_live and life.check_in_opens:
        return (
            f"Arrivals can be marked from {dates.opening(life.check_in_opens)} (UK time), on the "
            "day of the seminar."
        )
    return "Arrivals cannot be marked for this seminar."


def may_correct_attendance(user, seminar, *, now=None):
    """Once attendance is complete, an organiser may correct one person's attendance (recorded,
    with a reason; the certificate follows)."""
    return seminar.phase(now).attendance_complete and may_enter_attendance_after_the_day(user)
