"""All email goes through here: rendered from templates, recorded in the outbox.

Call it inside the transaction of the change the email reports. Each app's emails.py has one
function per message, which calls queue_email (or queue_emails, for many people at once) with
the objects the email is about; the kind's declared `build` (outbox/kinds.py) turns them into
addresses, context and attachments. The row keeps those objects by reference, so that "Try
again" builds the email again from today's data (rebuild).
"""

import base64
import json
from dataclasses import dataclass, field
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from common.logging import TOKEN_PATH

from . import kinds
from .models import Email


class OutboxError(Exception):
    """An email cannot be written (again); str(exc) says why, for staff, without addresses."""


# Previews show this instead of anyone's private link: staff need the words, not the first
# recipient's key to their registration or application.
PRIVATE_LINK = "[private link]"


@dataclass(frozen=True)
class TextAttachment:
    filename: str
    content: str
    mimetype: str

    def stored(self):
        return {"filename": self.filename, "content": self.content, "mimetype": self.mimetype}


@dataclass(frozen=True)
class BinaryAttachment:
    """A file of bytes (a PDF, say), kept in the outbox row as base64 text."""

    filename: str
    content: bytes
    mimetype: str

    def stored(self):
        return {
            "filename": self.filename,
            "content": base64.b64encode(self.content).decode("ascii"),
            "mimetype": self.mimetype,
            "encoding": "base64",
        }


@dataclass(frozen=True)
class Message:
    """What a kind's `build` returns: the addresses (an empty one gets nothing), the template's
    context, the attachments, and any headers of its own (List-Unsubscribe, for list mail)."""

    to: tuple
    context: dict
    attachments: tuple = ()
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def render_templated_email(template, context):
    """The subject (on one line), plain text and HTML of `template`, for sending or a preview."""
    return RenderedEmail(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        body_text=render_to_string(f"{template}.txt", context),
        body_html=render_to_string(f"{template}.html", context),
    )


def queue_email(template, *, about, not_before=None, **values):
    """Queue `template` about the objects in `about` (name -> model instance or None), built by
    its kind's declared `build(**about, **values)`; `values` are plain JSON (text, numbers,
    lists). One row per address, in the caller's transaction; nothing is sent here."""
    return queue_emails(template, [about], not_before=not_before, **values)


def queue_emails(template, abouts, *, not_before=None, **values):
    """Queue `template` for each of `abouts` (as queue_email), all in one INSERT. `not_before`
    holds them back until then (announcements go out in batches)."""
    kind = _buildable(kinds.kind_of(template))
    json.dumps(values)  # plain values only: objects go in `about`, by reference
    rows = []
    for about in abouts:
        message = kind.build(**about, **values)
        render = {"template": template, "about": _references(about), "values": values}
        for address in message.to:
            if not address:
                continue
            email = _email(template, address, message.context, message.attachments)
            email.headers.update(message.headers)
            email.render = render
            if not_before is not None:
                email.next_attempt_at = not_before
            rows.append(email)
    return Email.objects.bulk_create(rows)


def rebuild(email):
    """`email` as it would be written today, for trying it again: an unsaved Email with the
    same address and Message-ID, or None to send the stored words as they are.

    Raises OutboxError, saying why, when it must not go again: what it was about is gone, or
    no longer fits (the build says), or the person's address has changed since (their private
    link now belongs to the new address), or it was stored without what it needs to be
    written again and holds a private link that may have changed since.
    """
    if not email.render:
        if TOKEN_PATH.search(email.body_text) or TOKEN_PATH.search(email.body_html):
            raise OutboxError(
                "Not sent again: it holds a private link from when it was written, which may "
                "have changed since. Send the person their link again from their page in the "
                "admin."
            )
        return None
    kind = kinds.get(email.kind)
    if kind is None or kind.build is None:
        raise OutboxError("Not sent again: this kind of email is no longer written.")
    render = email.render
    about = _objects(render["about"])
    if kind.still_true is not None:
        kind.still_true(**about, **render["values"])
    message = kind.build(**about, **render["values"])
    if email.to.lower() not in {address.lower() for address in message.to if address}:
        raise OutboxError(
            "Not sent again: this address is no longer the one we have for them, so their "
            "private link must not go to it."
        )
    try:
        fresh = _email(render["template"], email.to, message.context, message.attachments)
    except TemplateDoesNotExist:
        raise OutboxError("Not sent again: this kind of email is no longer written.") from None
    fresh.headers = {**email.headers, **message.headers}  # the same Message-ID, every attempt
    return fresh


def no_longer_true(email):
    """Why a queued `email` must not go now, in words for staff, or None: the kind's
    `still_true` says its news is no longer true (a certificate attached for someone since
    corrected to "did not come", "your place is confirmed" after a cancellation), or what it
    was about is gone. Asked by the worker just before sending: an email waits in the queue
    (a worker down, a retry hours away) while the world changes."""
    if not email.render:
        return None
    kind = kinds.get(email.kind)
    if kind is None or kind.still_true is None:
        return None
    try:
        kind.still_true(**_objects(email.render["about"]), **email.render["values"])
    except OutboxError as error:
        return str(error).replace("Not sent again:", "Not sent:")
    return None


def is_about(email, obj):
    """Whether `email` was written about `obj` (one of the objects it was built from)."""
    reference = [obj._meta.label_lower, obj.pk]
    return bool(email.render) and reference in email.render.get("about", {}).values()


def _buildable(name):
    kind = kinds.get(name)
    if kind is None or kind.build is None:
        raise ImproperlyConfigured(f"The email kind {name} is not declared with a build.")
    return kind


def _references(about):
    return {
        name: None if obj is None else [obj._meta.label_lower, obj.pk]
        for name, obj in about.items()
    }


def _objects(references):
    objects = {}
    for name, reference in references.items():
        if reference is None:
            objects[name] = None
            continue
        label, pk = reference
        try:
            model = apps.get_model(label)
            objects[name] = model._default_manager.get(pk=pk)
        except (LookupError, ObjectDoesNotExist):
            raise OutboxError("Not sent again: what it was about has been deleted since.") from None
    return objects


def queue_templated_email(template, *, to, context, attachments=()):
    """Render `template`_subject.txt, .txt and .html with `context` and queue one email per address.

    Prefer queue_email: an email queued here keeps only its words, so "Try again" sends them
    as they were, and refuses when they hold a private link. Side effects: one outbox row per
    recipient, in the caller's transaction. Nothing is sent here.
    """
    return queue_many(template, [(address, context, attachments) for address in to])


def queue_many(template, messages):
    """Queue `template` for many people at once: `messages` are (address, context, attachments).

    Each is rendered with its own context; all are written in one INSERT, in the caller's
    transaction. Someone without an address (registered by an organiser, who tells them) gets
    nothing.
    """
    rows = [
        _email(template, address, context, attachments)
        for address, context, attachments in messages
        if address
    ]
    return Email.objects.bulk_create(rows)


def list_headers(unsubscribe_url):
    """The headers every mailing-list email carries (a kind's build returns them in its
    Message; never for a notice about someone's own place): where to unsubscribe in one click
    (a POST to the https address, RFC 8058; the mailto reaches the organisers), and the list's
    name."""
    mailto = f"mailto:{settings.CONTACT_EMAIL}?subject=Unsubscribe"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Seminar news <seminars.{site_domain()}>",
    }


def _email(template, address, context, attachments):
    rendered = render_templated_email(template, context)
    return Email(
        kind=template.replace("/emails/", "/"),
        to=address,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        attachments=[attachment.stored() for attachment in attachments],
        headers={"Message-ID": make_msgid(domain=site_domain())},
    )


def site_domain():
    """The site's own domain, for Message-IDs: never 'localhost'."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
