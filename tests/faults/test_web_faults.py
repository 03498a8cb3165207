"""The site under real faults, on PostgreSQL: database connections cut between requests, a
database that hangs, a Redis that stops, and a database that fails while a form is saved."""

import time
import urllib.error
import urllib.request

import psycopg
import pytest
import redis
from django.db import connection
from django.urls import reverse

from common import cache as shared_cache
from registrations.models import Registration
from tests.factories import SeminarFactory
from tests.faults.conftest import wait_for
from tests.registrations.test_views import form_data
from tests.utils import text

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def status(url, *, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("health_checks", ["true", "false"])
def test_connections_cut_between_requests_cost_nobody_a_500(
    db_proxy, start_gunicorn, collected_static, health_checks
):
    """With health checks off (the control) the fault gives the 503 page: it is real."""
    SeminarFactory()
    site = start_gunicorn(
        DJANGO_DB_HEALTH_CHECKS=health_checks, DJANGO_STATIC_ROOT=collected_static
    )
    before = status(f"{site}/seminars/calendar.ics")  # opens the worker's kept connection

    db_proxy.cut()
    after = status(f"{site}/seminars/calendar.ics")

    assert db_proxy.cuts >= 1
    assert before == 200
    assert after == (200 if health_checks == "true" else 503)  # the database's error page


def test_a_hung_database_gets_a_503_from_healthz_within_a_second(db_proxy, start_gunicorn):
    site = start_gunicorn()
    assert status(f"{site}/healthz") == 200

    db_proxy.pause()
    with pytest.raises(psycopg.OperationalError):  # the control: the database really hangs
        psycopg.connect(
            host="127.0.0.1",
            port=db_proxy.port,
            user="postgres",
            dbname="postgres",
            connect_timeout=2,
        )
    started = time.monotonic()
    paused = status(f"{site}/healthz")
    took = time.monotonic() - started
    db_proxy.resume()

    assert paused == 503
    assert took < 1.0
    wait_for(lambda: status(f"{site}/healthz") == 200, timeout=15, what="healthz back to 200")


def test_a_stopped_redis_leaves_registration_and_pages_working(client, settings, redis_server):
    process, port = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        }
    }
    seminar = SeminarFactory(capacity=10)
    register = reverse("registrations:register", args=[seminar.slug])
    client.get(seminar.get_absolute_url())
    client.post(register, form_data(email="first@example.org"))
    kept = redis.Redis(port=port).dbsize()

    process.terminate()
    process.wait()
    with pytest.raises(redis.exceptions.ConnectionError):  # the control: Redis is gone
        redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    shared_cache.reset()
    started = time.monotonic()
    posts = [client.post(register, form_data(email=f"p{n}@example.org")) for n in range(5)]
    pages = [client.get(url) for url in ("/", "/seminars/", seminar.get_absolute_url())]
    took = time.monotonic() - started

    assert kept >= 2  # pages and the rate limit really lived in this Redis
    assert [post.status_code for post in posts] == [302] * 5
    assert Registration.objects.count() == 6
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert took < 3


def test_a_database_failing_while_a_form_is_saved_gives_the_form_back_as_typed(client):
    """The seminar's row is locked by another session, and this session gives up on a
    statement after half a second: the registration's transaction fails, as it would if the
    database went away."""
    seminar = SeminarFactory()
    settings = connection.settings_dict
    with psycopg.connect(
        host="127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    ) as other:
        other.execute("SELECT id FROM seminars_seminar WHERE id = %s FOR UPDATE", [seminar.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 500")

        response = client.post(
            reverse("registrations:register", args=[seminar.slug]),
            form_data(
                name="Siân Ó Dálaigh",
                access_requirements="A hearing loop, please",
                health_consent="on",
            ),
        )
        other.rollback()
        with connection.cursor() as cursor:  # the flush after the test needs longer than 0.5 s
            cursor.execute("RESET statement_timeout")

    page = text(response)
    assert response.status_code == 503
    assert "We could not save this just now. Nothing was saved" in page
    assert 'value="Siân Ó Dálaigh"' in response.content.decode()
    assert "A hearing loop, please" in page
    assert not Registration.objects.exists()
