import pytest

from tests.factories.feedback import AttendedFactory


@pytest.fixture
def attended():
    """A person marked as attended at a seminar whose attendance was completed yesterday."""
    return AttendedFactory()
