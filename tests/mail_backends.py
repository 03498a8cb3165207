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
