"""Who may see and do what with registrations, and until when: the one home of each rule.

Each predicate takes the user (and the object), asks the seminar's phase for "until when", and
answers True or False; `why_*` gives the sentence to show when the answer is no. Views, the
admin, its exports, the door pages and their templates, the emails staff send and the services
all ask these.

Who holds a bursary is not for organisers (or door helpers) to learn. A place held for a bursary
offer counts in every number of places, shown as an anonymous count ("3 places held for bursary
offers"), never as a row, a filter value or a line of a spreadsheet. Superusers see those rows,
to put right what goes wrong; the bursary panel sees the people through their applications.
"""

from django.contrib.auth import get_user_model

from common.groups import ORGANISERS
from seminars import dates
from seminars.phase import Phase

from .models import CallBack, Registration, RegistrationStatus


def may_see_held_places(user):
    """Whether `user` may see the registrations that hold places for bursary offers (and the
    rows made only to hold one): superusers only."""
    return bool(user.is_active and user.is_superuser)


def visible_registrations(user, registrations=None):
    """`registrations` (all by default) as `user` may see them: without places held for
    bursary offers, unless may_see_held_places."""
    registrations = Registration.objects.all() if registrations is None else registrations
    if may_see_held_places(user):
        return registrations
    return registrations.without_offer_holds()


def may_see_registration(user, registration):
    """The same rule for one registration."""
    if may_see_held_places(user):
        return True
    return registration.status != RegistrationStatus.HELD and not registration.held_for_offer


def status_choices(user):
    """The statuses `user` may filter by: "Place held" only for those who may see held places."""
    return [
        (value, label)
        for value, label in RegistrationStatus.choices
        if value != RegistrationStatus.HELD or may_see_held_places(user)
    ]


def may_change_registrations(user):
    """Register someone, send a confirmation again, email everyone registered, announce a
    seminar to the mailing list: organisers (the permission to change registrations)."""
    return bool(
        user.is_active and user.is_staff and user.has_perm("registrations.change_registration")
    )


def may_view_registrations(user):
    """Read registrations and the mailing list's addresses (its export): organisers."""
    return bool(
        user.is_active and user.is_staff and user.has_perm("registrations.view_registration")
    )


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


def may_work_call_backs(user):
    """The call-back list (who asked us to phone them, and their number) and its "Called":
    organisers. Door helpers and the bursary panel never see it."""
    return may_change_registrations(user)


def visible_call_backs(user):
    """The call-backs `user` may see: of active registrations they may see (never a place held
    for a bursary offer, unless may_see_held_places)."""
    if not may_work_call_backs(user):
        return CallBack.objects.none()
    return CallBack.objects.filter(registration__in=visible_registrations(user).active())


def may_change_mode(registration, *, now=None):
    """Whether the person may move between the room and online now: a confirmed place or a
    waiting-list entry (never a place held for a bursary offer), while registration is open."""
    return why_not_change_mode(registration, now=now) is None


def why_not_change_mode(registration, *, now=None):
    """The sentence for someone who may not move between the room and online; None when they
    may (places aside: the service counts them under the seminar's lock)."""
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
        if registration.status == RegistrationStatus.HELD:
            return "A place held for you is a place in the room. It cannot move online."
        return "This registration has been cancelled, so it cannot change."
    if registration.seminar.phase(now).phase != Phase.REGISTRATION_OPEN:
        return (
            "Registration has closed, so you can no longer move between the room and online. "
            "If you need to, please email us."
        )
    return None


def may_record_online_attendance(user, seminar, *, now=None):
    """Tick who joined online, or paste the meeting platform's list: organisers, from the
    seminar's day (when the door list opens) until attendance is complete. After that, only
    an organiser's recorded correction (`services.correct_attendance`) changes it."""
    return seminar.phase(now).attendance_entry and may_enter_attendance_after_the_day(user)


def why_not_record_online_attendance(user, seminar, *, now=None):
    if may_record_online_attendance(user, seminar, now=now):
        return None
    life = seminar.phase(now)
    if life.attendance_complete:
        return (
            "Attendance at this seminar is marked as complete, so it cannot change here. An "
            "organiser can correct one person's attendance from their registration."
        )
    if not may_enter_attendance_after_the_day(user):
        return "Only organisers record who joined online."
    if life.is_live and life.check_in_opens:
        return (
            f"Online attendance can be recorded from {dates.opening(life.check_in_opens)} (UK "
            "time), on the day of the seminar."
        )
    return "Online attendance cannot be recorded for this seminar."


def organiser_addresses():
    """Whom to tell at once when someone asks for what is booked weeks ahead (a BSL
    interpreter, live captions): the addresses of active staff in the Organisers group."""
    organisers = get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=ORGANISERS
    )
    return sorted(set(organisers.exclude(email="").values_list("email", flat=True)))
