import pytest
from django.test import RequestFactory

from common.client_ip import client_ip
from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db


def request(remote="10.0.0.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client's own claim is ignored
        (2, "198.51.100.1, 203.0.113.9, 192.0.2.7", "203.0.113.9"),
        (1, None, "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request(forwarded=forwarded)) == expected


def register(client, seminar, n, forwarded):
    return client.post(
        f"/seminars/{seminar.slug}/register/",
        {"name": "A", "email": f"p{n}@example.org", "group": "academic", "privacy_agreed": "on"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_spoofed_forwarded_for_cannot_reset_the_rate_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "5/h"}
    seminar = SeminarFactory(capacity=500)

    codes = [
        register(client, seminar, n, f"198.51.100.{n}, 203.0.113.9").status_code for n in range(6)
    ]

    assert codes[:5] == [302] * 5
    assert codes[5] == 429


def test_different_real_clients_behind_one_proxy_have_their_own_limits(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "5/h"}
    seminar = SeminarFactory(capacity=500)
    for n in range(5):
        register(client, seminar, n, "203.0.113.9")

    same = register(client, seminar, 998, "203.0.113.9")
    other = register(client, seminar, 999, "203.0.113.10")

    assert same.status_code == 429
    assert other.status_code == 302


def test_limits_live_in_redis_so_every_worker_shares_them(client, settings):
    """Two gunicorn workers are two processes: a count that only one of them held would let a
    client double its limit. With Redis, the count is outside every process."""
    import redis
    from django.core.cache import caches

    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "3/h"}
    seminar = SeminarFactory(capacity=500)
    for n in range(3):
        register(client, seminar, n, "203.0.113.9")

    # Another worker: a separate connection, reading the same counts.
    other_worker = redis.Redis.from_url(url)
    counts = [int(other_worker.get(key)) for key in other_worker.keys("*rl:*")]
    limited = register(client, seminar, 99, "203.0.113.9")

    assert counts == [3]
    assert limited.status_code == 429
    caches["default"].clear()
