"""The cache (Redis) stopped, unreachable or frozen: forms still work, pages still render, and a
frozen Redis costs one request a fraction of a second, the rest nothing (common/cache.py)."""

import socket
import time

import pytest
import redis
from django.urls import reverse

from common import cache as shared_cache
from common import pagecache
from registrations.models import Registration
from tests.factories import SeminarFactory
from tests.faults.proxy import free_port
from tests.registrations.test_views import form_data
from tests.utils import text

pytestmark = pytest.mark.django_db


def redis_at(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        }
    }


@pytest.fixture
def frozen_redis():
    """A server that takes connections and never answers, as a frozen Redis does."""
    server = socket.create_server(("127.0.0.1", free_port()), backlog=100)
    yield server.getsockname()[1]
    server.close()


def test_with_redis_unreachable_registering_works_and_pages_render(client, settings, caplog):
    redis_at(settings, free_port())  # nothing listens there
    seminar = SeminarFactory(title="Still served")

    started = time.monotonic()
    posted = client.post(reverse("registrations:register", args=[seminar.slug]), form_data())
    page = client.get(seminar.get_absolute_url())
    took = time.monotonic() - started

    assert posted.status_code == 302
    assert Registration.objects.count() == 1
    assert page.status_code == 200
    assert "Still served" in text(page)
    assert took < 1.5
    assert "cache unavailable (ConnectionError): doing without it for 30 s" in caplog.text


def test_a_frozen_redis_costs_one_request_a_moment_and_the_next_nothing(
    client, settings, frozen_redis
):
    with socket.create_connection(("127.0.0.1", frozen_redis)) as probe:  # the control:
        probe.settimeout(0.3)  # it takes the connection and never answers a PING
        probe.sendall(b"PING\r\n")
        with pytest.raises(TimeoutError):
            probe.recv(10)
    redis_at(settings, frozen_redis)
    seminar = SeminarFactory()

    first = time.monotonic()
    first_page = client.get(seminar.get_absolute_url())
    first_took = time.monotonic() - first
    second = time.monotonic()
    posted = client.post(reverse("registrations:register", args=[seminar.slug]), form_data())
    second_took = time.monotonic() - second

    assert first_page.status_code == 200
    assert first_took < 1.0
    assert posted.status_code == 302
    assert second_took < first_took  # the cache is not tried again during the outage


def test_after_an_outage_pages_get_a_new_version(monkeypatch):
    version = pagecache.content_version()

    def redis_stopped():
        raise redis.exceptions.ConnectionError("Connection refused")

    shared_cache.attempt(redis_stopped, default=None)  # an outage begins
    monkeypatch.setattr(shared_cache, "OUTAGE_SECONDS", 0)
    monkeypatch.setattr(shared_cache, "_down_until", time.monotonic() - 1)
    shared_cache.attempt(lambda: None, default=None)  # the cache answers again

    assert pagecache.content_version() != version
