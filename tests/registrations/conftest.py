import pytest
from django.core import mail

from outbox import services as outbox


@pytest.fixture
def sent():
    """Deliver the outbox as the worker would, and return what went out."""

    def deliver():
        outbox.send_due()
        return list(mail.outbox)

    return deliver
