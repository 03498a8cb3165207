"""Limits kept in the shared cache (Redis in production)."""

import hashlib

from django.core.cache import cache

from common import cache as shared_cache

DAY = 24 * 60 * 60


def allow_daily(kind, address, *, limit):
    """True for the first `limit` calls a day for this address and kind of message.

    The address is stored hashed: the cache never holds it in the clear. While the cache is
    down, every call is allowed (common/cache.py).
    """
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    key = f"daily:{kind}:{digest}"

    def count():
        cache.add(key, 0, timeout=DAY)
        try:
            return cache.incr(key) <= limit
        except ValueError:  # the key expired between add and incr
            return True

    return shared_cache.attempt(count, default=True)  # no cache: the email goes, as it should
