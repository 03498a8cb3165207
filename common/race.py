"""The one seam the concurrency tests use, to prove that they can see a race when there is one
(pretix's rule: first show the race without the lock).

Two test-only settings, never set in production: RACE_TEST_WITHOUT_LOCK reads rows without
their row lock, and RACE_TEST_DELAY (seconds) widens the gap between counting and writing.
"""

import time

from django.conf import settings


def locked(model, pk):
    """The row, holding its lock until the transaction ends ("lock what you use").

    select_for_update does nothing on SQLite; there the IMMEDIATE transaction mode has already
    taken the database write lock.
    """
    if getattr(settings, "RACE_TEST_WITHOUT_LOCK", False):
        return model.objects.get(pk=pk)
    return model.objects.select_for_update().get(pk=pk)


def pause():
    delay = getattr(settings, "RACE_TEST_DELAY", 0)
    if delay:
        time.sleep(delay)
