"""A database that hangs (a paused server: connections stay up, nothing answers), on
PostgreSQL through the tests' own proxy: first this process's own requests and health probes
(common/deadline.py, config/health.py), then gunicorn as production runs it, with every worker
busy.

In the last test the hang lasts 40 s, longer than gunicorn's 30 s timeout, with the
production settings (config/gunicorn.py, a request deadline of 5 s): that is what lets the
control, a second gunicorn with the request deadline off, show the failure this guards against
(its worker is killed and the person gets a dropped connection), and shows that the site's own
workers go on answering for longer than gunicorn would ever let one request wait.
"""

import http.client
import threading
import time
import urllib.parse

import pytest
from django.db import connection, connections
from django.test import Client

from config.health import HEALTH_BUDGET, database_answers, serve_health
from tests.factories import SeminarFactory
from tests.faults.conftest import wait_for
from tests.faults.proxy import free_port
from tests.utils import text

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HANG = 40
# What the README promises: a page answers within 10 s while the database hangs (its database
# work gives up after 5 s, a new connection's attempt after 3 s, and the 503 page needs none).
PAGE_LIMIT = 10
HEALTH_LIMIT = 1
UNAVAILABLE = "try again in a minute"  # the calm 503 page (templates/503.html)


def fetch(url, *, timeout=60):
    """(status, body, seconds): status None, and the error as body, when the connection was
    dropped without an answer."""
    parts = urllib.parse.urlsplit(url)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        status, body = response.status, response.read().decode()
    except (OSError, http.client.HTTPException) as error:
        status, body = None, repr(error)
    finally:
        connection.close()
    return status, body, time.monotonic() - started


def keep_fetching(urls, until, answers):
    while time.monotonic() < until:
        for url in urls:
            answers.append(fetch(url))


@pytest.fixture
def hung_database(db_proxy):
    """This process's new connections, in every thread, reach PostgreSQL through `db_proxy`
    (pause it to hang the database)."""
    settings_dict = connection.settings_dict  # the one dict every thread's connection reads
    port = settings_dict["PORT"]
    connections.close_all()
    settings_dict["PORT"] = str(db_proxy.port)
    yield db_proxy
    db_proxy.resume()
    connections.close_all()
    settings_dict["PORT"] = port


def test_a_request_whose_database_hangs_gets_the_503_page_at_its_deadline(hung_database, settings):
    settings.DB_REQUEST_TIMEOUT = 1
    settings.PAGE_CACHE_SECONDS = 0  # every request asks the database
    client = Client(raise_request_exception=False)
    seminar = SeminarFactory()
    assert client.get(seminar.get_absolute_url()).status_code == 200  # a kept connection

    hung_database.pause()
    started = time.monotonic()
    response = client.get(seminar.get_absolute_url())
    took = time.monotonic() - started
    hung_database.resume()

    assert response.status_code == 503
    assert UNAVAILABLE in text(response)
    assert 1 <= took < 2
    assert connection.connection is None  # the cut connection is gone, not kept for the next
    assert client.get(seminar.get_absolute_url()).status_code == 200


def test_without_the_deadline_a_request_waits_as_long_as_the_database_hangs(
    hung_database, settings
):
    """The control for the test above: the hang is real, and nothing else gives up on it."""
    settings.DB_REQUEST_TIMEOUT = 0
    settings.PAGE_CACHE_SECONDS = 0
    client = Client(raise_request_exception=False)
    seminar = SeminarFactory()
    assert client.get(seminar.get_absolute_url()).status_code == 200

    hung_database.pause()
    threading.Timer(4, hung_database.resume).start()
    started = time.monotonic()
    response = client.get(seminar.get_absolute_url())
    took = time.monotonic() - started

    assert response.status_code == 200
    assert took >= 4


def test_healthz_says_503_within_its_budget_while_the_database_hangs_with_one_probe_at_a_time(
    hung_database,
):
    wait_for(database_answers, timeout=10, what="the database answering")  # any earlier probe done
    hung_database.pause()

    answers = []
    for _ in range(3):  # within the stuck probe's connect timeout (3 s)
        started = time.monotonic()
        answers.append((database_answers(), time.monotonic() - started))
    probes = [thread for thread in threading.enumerate() if thread.name == "healthz"]
    hung_database.resume()

    assert [answer for answer, _ in answers] == [False] * 3
    assert max(took for _, took in answers) < HEALTH_BUDGET + 0.1
    assert len(probes) == 1  # the calls shared one stuck probe; none piled up
    wait_for(database_answers, timeout=10, what="the database answering again")


def test_the_health_server_answers_apart_from_the_pages(hung_database):
    server = serve_health(f"127.0.0.1:{free_port()}")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        wait_for(database_answers, timeout=10, what="the database answering")
        answered = fetch(f"{url}/healthz")
        elsewhere = fetch(f"{url}/seminars/")
        hung_database.pause()
        hung = fetch(f"{url}/healthz")
        hung_database.resume()
    finally:
        server.shutdown()
        server.server_close()

    assert answered[:2] == (200, "ok\n")
    assert elsewhere[0] == 404
    assert hung[:2] == (503, "database unavailable\n")
    assert hung[2] < 1


def test_a_hung_database_costs_each_person_a_503_page_and_healthz_says_so_within_a_second(
    db_proxy, start_gunicorn
):
    seminar = SeminarFactory()
    site = start_gunicorn(workers=2)
    control = start_gunicorn(workers=1, DJANGO_DB_REQUEST_TIMEOUT="0")
    pages = [f"{site}{path}" for path in ("/", "/seminars/", seminar.get_absolute_url())]
    assert [fetch(url)[0] for url in pages] == [200, 200, 200]
    assert fetch(f"{site.health}/healthz")[:2] == (200, "ok\n")
    assert fetch(f"{control}/seminars/")[0] == 200

    db_proxy.pause()
    until = time.monotonic() + HANG
    dropped, answers, health = [], [[], []], []
    clients = [
        threading.Thread(target=lambda: dropped.append(fetch(f"{control}/seminars/"))),
        # one person per worker, each asking for page after page: every worker stays busy
        *(
            threading.Thread(target=keep_fetching, args=(pages[n:] + pages[:n], until, answers[n]))
            for n in range(2)
        ),
    ]
    for client in clients:
        client.start()
    time.sleep(1)  # the workers have taken their first requests
    while time.monotonic() < until - 1:
        health.append(fetch(f"{site.health}/healthz", timeout=5))
        time.sleep(0.5)
    for client in clients:
        client.join()
    db_proxy.resume()

    # The control: without the deadline, the worker waited until gunicorn killed it, and the
    # person got no page at all.
    [(status, error, took)] = dropped
    assert status is None, error
    assert took >= 25
    assert "WORKER TIMEOUT" in control.log.read_text()
    # The site: every page answered, each with the 503 page within the limit, all through.
    for person in answers:
        assert len(person) >= HANG // PAGE_LIMIT
        assert {status for status, _, _ in person} == {503}
        assert all(UNAVAILABLE in body for _, body, _ in person)
        assert max(took for _, _, took in person) < PAGE_LIMIT
    assert "WORKER TIMEOUT" not in site.log.read_text()  # no worker was killed
    # /healthz said 503 within a second, every time, while both workers were busy.
    assert len(health) >= (HANG - 2) // 1.5
    assert {(status, body) for status, body, _ in health} == {(503, "database unavailable\n")}
    assert max(took for _, _, took in health) < HEALTH_LIMIT
    # And once the database answers again, so does everything.
    wait_for(
        lambda: fetch(f"{site.health}/healthz")[0] == 200, timeout=15, what="healthz back to 200"
    )
    assert [fetch(url)[0] for url in pages] == [200, 200, 200]
