"""The shared cache (Redis in production) as something the site can do without.

The cache makes pages fast and holds the rate limits; neither may make a form fail. A cache call
that fails (Redis stopped, frozen or unreachable: the socket timeouts in settings bound how long
that takes) is logged, and for OUTAGE_SECONDS after it this process does not try the cache at
all, so a frozen Redis costs one request a fraction of a second and the rest nothing. Pages
then render fresh, and rate limits let requests through: we chose failing open over counting in
the database, because during an outage of minutes people registering matter more than a limit
that only slows robots (the honeypot still stops them), and the database is the one service a
form cannot do without.

When the cache answers again, this process gives the pages a new content version: a change
saved while the cache was away could not tell it to forget the old pages.
"""

import logging
import time

from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_SECONDS = 30
ERRORS = (RedisError, ConnectionInterrupted, OSError)
_down_until = 0.0
_on_recovery = []


def attempt(call, *, default):
    """call(), or `default` if the cache is down (now, or in the last OUTAGE_SECONDS)."""
    global _down_until
    if _down_until:
        if time.monotonic() < _down_until:
            return default
        _down_until = 0.0
        recovered = True
    else:
        recovered = False
    try:
        result = call()
    except ERRORS as error:
        _down_until = time.monotonic() + OUTAGE_SECONDS
        logger.warning(
            "cache unavailable (%s): doing without it for %s s",
            type(error).__name__,
            OUTAGE_SECONDS,
        )
        return default
    if recovered:
        for callback in _on_recovery:
            attempt(callback, default=None)
    return result


def on_recovery(callback):
    """Run `callback` (a cache write) when the cache answers again after an outage."""
    _on_recovery.append(callback)
    return callback


def reset():
    """Forget any outage (tests)."""
    global _down_until
    _down_until = 0.0
