"""Attachments drawn when the email is sent, not when it is queued.

A file made from a record (a certificate of attendance, drawn from the certificates' register)
need not be made while the change that queues the email holds its transaction, nor kept in the
outbox's row for weeks: the row stores the name of a renderer and plain JSON parameters (an id),
and the worker draws the file just before it sends the email (outbox.services), from the record
as it is then.

The outbox never names the apps above it: they declare their renderers by name when Django
starts (their AppConfig.ready), as they declare their kinds of email (outbox/kinds.py).

A renderer returns a TextAttachment or BinaryAttachment (outbox.mail). It raises OutboxError,
in words for staff and without anyone's name or address, when the file must not be drawn now
(what it is about was withdrawn or deleted since): the email then fails, with that reason. Any
other error is a failure for now, tried again with back-off like a provider that cannot be
reached. Either way the email is never sent without its attachment.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .mail import OutboxError

_RENDERERS = {}


@dataclass(frozen=True)
class DrawnAtSending:
    """An attachment the worker draws just before sending: `renderer` is a declared name, and
    `params` plain JSON (ids, not objects or bytes), given to the renderer as keywords."""

    renderer: str
    params: dict

    def stored(self):
        return {"renderer": self.renderer, "params": self.params}


def declare(name, render: Callable):
    """Declare the renderer `name`: render(**params) returns the attachment. Declaring a name
    twice with another function is a mistake and raises."""
    known = _RENDERERS.get(name)
    if known is not None and known is not render:
        raise ValueError(f"The attachment renderer {name} is declared twice.")
    _RENDERERS[name] = render


def is_drawn_at_sending(stored):
    return "renderer" in stored


def draw(stored):
    """The attachment an email stored as DrawnAtSending, drawn now. Raises OutboxError when its
    renderer is not declared (any more) or refuses, and whatever else the renderer raises."""
    render = _RENDERERS.get(stored["renderer"])
    if render is None:
        raise OutboxError("Not sent: its attachment is no longer made.")
    return render(**stored["params"])
