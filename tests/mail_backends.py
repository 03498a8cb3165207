"""Email backends for tests: the outside world, faked. Django's locmem backend records sends."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Fails like a provider that is down while `FlakyBackend.down` is true."""

    down = False
    attempts = 0

    def send_messages(self, messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.down:
            raise ConnectionError("provider unavailable")
        return super().send_messages(messages)


class RefusingBackend(LocmemBackend):
    """A provider that refuses the recipient for good."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


class UnreachableBackend(LocmemBackend):
    """A provider whose server cannot even be reached: opening the connection fails."""

    def open(self):
        raise ConnectionRefusedError("connection refused")


class RecordingBackend(LocmemBackend):
    """For the fault tests' worker processes: each send takes FAULT_SEND_SECONDS and is written
    to the file FAULT_MAIL_LOG (process id, Message-ID, idempotency key) before it returns."""

    def send_messages(self, messages):
        import os
        import time

        for message in messages:
            time.sleep(float(os.environ.get("FAULT_SEND_SECONDS", "0")))
            with open(os.environ["FAULT_MAIL_LOG"], "a") as log:
                log.write(f"{os.getpid()} {message.extra_headers['Message-ID']}\n")
        return len(messages)


class MessageRejectingBackend(LocmemBackend):
    """A provider that rejects the message itself (not the recipient): SMTP 550 after DATA."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(550, b"Message rejected: content not accepted")
