"""All email goes through queue_templated_email: rendered from templates, recorded in the outbox.

Call it inside the transaction of the change the email reports. Each app's emails.py has one
function per message that calls it.
"""

import base64
from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from .models import Email

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


def queue_templated_email(template, *, to, context, attachments=()):
    """Render `template`_subject.txt, .txt and .html with `context` and queue one email per address.

    Side effects: one outbox row per recipient, in the caller's transaction. Nothing is sent here.
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


def queue_bulk(template, messages, *, not_before=None):
    """Queue a mailing-list email: `messages` are (address, context, unsubscribe_url).

    Each carries List-Unsubscribe with its own one-click address (RFC 2369, RFC 8058), so mail
    programs offer "Unsubscribe" and a provider can act on it without opening a page. Only for
    emails sent to a list; never for a notice about someone's own place. `not_before` holds the
    batch back until then (announcements go out in batches). One INSERT, in the caller's
    transaction.
    """
    rows = []
    for address, context, unsubscribe_url in messages:
        if not address:
            continue
        email = _email(template, address, context, ())
        email.headers.update(list_headers(unsubscribe_url))
        if not_before is not None:
            email.next_attempt_at = not_before
        rows.append(email)
    return Email.objects.bulk_create(rows)


def list_headers(unsubscribe_url):
    """The headers every mailing-list email carries: where to unsubscribe in one click (a POST
    to the https address, RFC 8058; the mailto reaches the organisers), and the list's name."""
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
