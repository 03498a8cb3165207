"""Why an email could not be sent, and what happens next: a failure for good (staff fix the cause
and press "Try again") or for now (the worker tries again with back-off), in words for staff
that never hold an address or what a server wrote about anyone.
"""

import datetime
import re
import smtplib
from dataclasses import dataclass

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused

FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Failure:
    """Why one attempt failed: for good or for now, in words for staff (the kind of failure, the
    server's code and its text with any address taken out), and a kind for the log (the
    exception's name and the code only: nothing the server wrote)."""

    permanent: bool
    reason: str
    kind: str


# The SMTP stage each refusal comes from, in words for staff.
SMTP_STAGES = (
    (smtplib.SMTPConnectError, "The mail server would not take a connection"),
    (smtplib.SMTPHeloError, "The mail server refused our greeting"),
    (
        smtplib.SMTPAuthenticationError,
        "The mail server refused our sign-in (check the mail settings)",
    ),
    (smtplib.SMTPSenderRefused, "The mail server refused our sending address"),
    (smtplib.SMTPDataError, "The mail server refused the message"),
)
# HTTP answers from an email provider's API that mean "later"; every other 4xx means the request
# itself (the message, the address, our key or our permissions) is wrong, and sending it again as
# it is cannot help: staff fix the cause and press "Try again".
HTTP_LATER = {408, 425, 429}
# Anything that looks like an address: staff who may see the email see its address already,
# but last_error never holds one (a server may name the sender, or a forwarding address).
ADDRESS = re.compile(r"[^\s<>\"'(),;:\[\]]+@[^\s<>\"'(),;:\[\]]+")


def _server_text(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    printable = "".join(char if char.isprintable() else " " for char in str(text))
    one_line = " ".join(printable.split())
    return ADDRESS.sub("[address]", one_line)[:150]


def _for(permanent):
    return "for good" if permanent else "for now"


def classify(error):
    """For good or for now, by the answer's own code wherever it came: SMTP at connection,
    greeting, sign-in, sender (MAIL), each recipient (RCPT) or the message (DATA), 5xx for good
    and 4xx for now; an HTTP provider's 5xx, 408, 425 and 429 for now and its other 4xx for good;
    a refusal by the provider of the recipient (its list of bounced addresses, say) or of the
    address itself for good. Everything else (a network error, a timeout, a dropped
    connection, a provider that cannot be reached) for now."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # One reply per recipient: for good only if every one of them said so.
        codes = [code for code, _ in error.recipients.values()] or [0]
        permanent = all(500 <= code < 600 for code in codes)
        answers = "; ".join(
            f"{code} {_server_text(text)}" for code, text in error.recipients.values()
        )
        return Failure(
            permanent,
            f"The recipient's mail server refused the address, {_for(permanent)}: {answers} "
            f"({name}).",
            f"{name} {' '.join(map(str, codes))}",
        )
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        permanent = 500 <= code < 600
        stage = next(
            (words for kind, words in SMTP_STAGES if isinstance(error, kind)),
            "The mail server answered",
        )
        return Failure(
            permanent,
            f"{stage}, {_for(permanent)}: {code} {_server_text(error.smtp_error)} ({name}).",
            f"{name} {code}",
        )
    if isinstance(error, AnymailRecipientsRefused):
        return Failure(
            True,
            "The email provider refused the address, for good (an address that bounced or "
            f"complained before is often on its list of addresses not to send to) ({name}).",
            name,
        )
    if isinstance(error, AnymailInvalidAddress):
        return Failure(
            True, f"The email provider cannot send to this address, for good ({name}).", name
        )
    if isinstance(error, AnymailAPIError) and error.status_code is not None:
        status = error.status_code
        permanent = 400 <= status < 500 and status not in HTTP_LATER
        return Failure(
            permanent,
            f"The email provider answered HTTP {status}, {_for(permanent)} ({name}).",
            f"{name} {status}",
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Failure(False, f"The mail server closed the connection, for now ({name}).", name)
    return Failure(False, f"The email service could not be reached, for now ({name}).", name)


def is_permanent(error):
    return classify(error).permanent


def retry_delay(attempts):
    """1 minute after the first failure, doubling each time, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
