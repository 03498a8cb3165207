"""All email goes through queue_templated_email: rendered from templates, recorded in the outbox.

Call it inside the transaction of the change the email reports. Each app's emails.py has one
function per message that calls it.
"""

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
    rows = []
    for address, context, attachments in messages:
        if not address:
            continue
        rendered = render_templated_email(template, context)
        rows.append(
            Email(
                kind=template.replace("/emails/", "/"),
                to=address,
                subject=rendered.subject,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                attachments=[
                    {"filename": a.filename, "content": a.content, "mimetype": a.mimetype}
                    for a in attachments
                ],
                headers={"Message-ID": make_msgid(domain=site_domain())},
            )
        )
    return Email.objects.bulk_create(rows)


def site_domain():
    """The site's own domain, for Message-IDs: never 'localhost'."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
