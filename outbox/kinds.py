"""Which emails there are, and who may read each in the outbox: one registry, filled by the apps.

Each app's emails.py declares each of its kinds by exact name ("registrations/place_confirmed"),
with the staff groups that may read it and how to build it from today's data. The outbox's
admin (and anything else that counts emails for staff) asks `readable_by(user)`; a kind nobody
declared is shown to superusers only. The outbox never names the apps above it: they call
`declare` when their emails.py is imported, and the outbox imports every app's emails.py when
Django starts (OutboxConfig.ready).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Kind:
    name: str
    readers: frozenset
    # build(**about, **values) -> outbox.mail.Message: the addresses, context and attachments
    # of the email, from the objects it is about; used when it is queued and when it is tried
    # again, so that a retry says what is true today.
    build: Callable | None = None
    # only(user) -> Q: of this kind's emails, those `user` may read (blind review, say).
    only: Callable | None = None
    # still_true(**about, **values) raises outbox.mail.OutboxError when, tried again, the
    # email's news is no longer true ("your place is confirmed" after a cancellation).
    still_true: Callable | None = None


_KINDS = {}


def declare(name, *, readers, build=None, only=None, still_true=None):
    """Declare the email kind `name`: the groups (by name) whose members may read it in the
    outbox, and optionally how to build it, a further limit on which of its emails a reader
    sees, and what must still be true for it to be tried again. Declaring a kind twice with
    other readers is a mistake and raises."""
    kind = Kind(
        name=name, readers=frozenset(readers), build=build, only=only, still_true=still_true
    )
    known = _KINDS.get(name)
    if known is not None and known.readers != kind.readers:
        raise ValueError(f"The email kind {name} is declared twice with other readers.")
    _KINDS[name] = kind
    return kind


_LABELS = {}


def name_kinds(labels):
    """Say what each kind is, as staff read it in the outbox: {kind name: a few words ("Place
    confirmed"), or a function of the email's values giving them ("Seminar changed: date")}.
    Each app names its own kinds beside declaring them."""
    _LABELS.update(labels)


def label(name, values=None):
    """What an email of kind `name` (queued with `values`) is, in words; the bare name for a
    kind nobody named."""
    words = _LABELS.get(name)
    if callable(words):
        return words(values or {})
    return words or name


def named():
    """The kinds that have words (label)."""
    return set(_LABELS)


def declared():
    """Every declared kind, by name."""
    return dict(_KINDS)


def get(name):
    return _KINDS.get(name)


def kind_of(template):
    """The kind an email template makes: "registrations/emails/reminder" makes
    "registrations/reminder"."""
    return template.replace("/emails/", "/")


def group_names(user):
    cached = getattr(user, "_outbox_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._outbox_group_names = cached
    return cached


def may_read_kind(user, name):
    """Whether `user` may read emails of kind `name` at all: active staff, and a superuser or
    in a group the kind names. (Some kinds show a reader only some of their emails: see
    readable_by.)"""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    kind = _KINDS.get(name)
    return kind is not None and bool(kind.readers & group_names(user))


def readable_by(user):
    """A filter for the outbox's emails `user` may read: every kind for a superuser, the kinds
    declared for their groups for other staff, none for anyone else; each kind further limited
    by its `only` (for superusers too: blind review holds for everyone)."""
    if not (user.is_active and user.is_staff):
        return Q(pk__in=[])
    if user.is_superuser:
        condition = ~Q(kind__in=[name for name, kind in _KINDS.items() if kind.only])
        limited = list(_KINDS.values())
    else:
        mine = [kind for kind in _KINDS.values() if kind.readers & group_names(user)]
        condition = Q(kind__in=[kind.name for kind in mine if not kind.only])
        limited = mine
    by_limit = {}
    for kind in limited:
        if kind.only:
            by_limit.setdefault(kind.only, []).append(kind.name)
    for only, names in by_limit.items():  # one condition per limit, however many kinds share it
        condition |= Q(kind__in=names) & only(user)
    return condition
