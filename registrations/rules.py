"""Who may see what of registrations: one home for each rule, asked by the admin, its exports,
the door pages and the emails that staff send.

Who holds a bursary is not for organisers (or door helpers) to learn. A place held for a bursary
offer counts in every number of places, shown as an anonymous count ("3 places held for bursary
offers"), never as a row, a filter value or a line of a spreadsheet. Superusers see those rows,
to put right what goes wrong; the bursary panel sees the people through their applications.
"""

from .models import Registration, RegistrationStatus


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
