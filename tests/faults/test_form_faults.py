"""Forms under real database faults, on PostgreSQL, through gunicorn: connections cut while a
hundred people register at once, and the database unreachable while people register. Whatever
fails, nobody is told something untrue, nothing is overbooked, and every answer is either "saved"
(302) or the 503 page that keeps what was typed."""

import concurrent.futures
import http.client
import re
import threading
import time
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from django.urls import reverse

from registrations.models import Registration, RegistrationStatus
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ALREADY = "already has a place"


def call(url, method="GET", *, fields=None, cookie=None):
    """One request on a connection of its own: (status, location, page)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = f"csrftoken={cookie}"
    connection.request(
        method, parts.path, body=urlencode(fields or {}, doseq=True), headers=headers
    )
    response = connection.getresponse()
    page = response.read().decode()
    if cookie is None and (set_cookie := response.getheader("Set-Cookie")):
        response.csrf_cookie = SimpleCookie(set_cookie)["csrftoken"].value
    connection.close()
    return response.status, response.getheader("Location") or "", page, response


def open_form(url):
    """The form's CSRF token and cookie: one pair serves every post."""
    _, _, page, response = call(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    return token, response.csrf_cookie


def person(n, token):
    return {
        "csrfmiddlewaretoken": token,
        "name": f"Person Number{n}",
        "email": f"person-{n}@example.org",
        "group": "academic",
        "access_requirements": f"Needs number {n}",
        "health_consent": "on",
        "dietary_requirements": "",
        "privacy_agreed": "on",
        "website": "",
    }


def said_nothing_saved(answers, n):
    return "Nothing was saved" in unescape(answers[n][2])


def email(n):
    return f"person-{n}@example.org"


def kept_input(page, n):
    """The 503 page carries this person's answers, to send again."""
    page = unescape(page)
    return f"Person Number{n}" in page and f"Needs number {n}" in page


def register_all(url, count, *, threads, during=None):
    """`count` people send the form at once from `threads` connections; `during()` starts
    beside them, once the form is open. Returns {n: (status, location, page)}."""
    token, cookie = open_form(url)
    if during:
        threading.Thread(target=during, daemon=True).start()

    def send(n):
        status, location, page, _ = call(url, "POST", fields=person(n, token), cookie=cookie)
        return n, (status, location, page)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return dict(pool.map(send, range(count)))


def test_connections_cut_while_100_people_register_for_20_places(
    db_proxy, start_gunicorn, collected_static
):
    seminar = SeminarFactory(capacity=20)
    site = start_gunicorn(
        workers=4, DJANGO_FORM_MIN_SECONDS="0", DJANGO_STATIC_ROOT=collected_static
    )
    url = site + reverse("registrations:register", args=[seminar.slug])
    finished = threading.Event()

    def cut_every_so_often():
        while not finished.wait(0.2):
            db_proxy.cut()

    started = time.monotonic()
    try:
        answers = register_all(url, 100, threads=20, during=cut_every_so_often)
    finally:
        finished.set()
    took = time.monotonic() - started

    statuses = {status for status, _, _ in answers.values()}
    saved = {r.email for r in Registration.objects.all()}
    told_saved = {f"person-{n}@example.org" for n, (s, _, _) in answers.items() if s == 302}
    kept = [n for n, (status, _, _) in answers.items() if status == 503]
    # The controls: cuts hit live connections, and some requests really failed.
    assert db_proxy.cuts >= 5
    assert kept
    assert told_saved
    assert statuses <= {302, 503}
    assert not [n for n, (_, _, page) in answers.items() if ALREADY in page]
    assert all(kept_input(answers[n][2], n) for n in kept)
    assert told_saved <= saved
    # A cut while the database confirmed a save leaves it unknown: those pages say so.
    assert not {email(n) for n in kept if said_nothing_saved(answers, n)} & saved
    assert len(saved) == Registration.objects.count()
    assert (
        Registration.objects.filter(seminar=seminar, status=RegistrationStatus.CONFIRMED).count()
        <= 20
    )
    assert took < 30


def test_the_database_unreachable_while_people_register(db_proxy, start_gunicorn, collected_static):
    seminar = SeminarFactory(capacity=100)
    site = start_gunicorn(
        workers=2, DJANGO_FORM_MIN_SECONDS="0", DJANGO_STATIC_ROOT=collected_static
    )
    url = site + reverse("registrations:register", args=[seminar.slug])
    down = threading.Event()

    def away_for_a_while():
        time.sleep(0.3)
        db_proxy.refuse()
        down.set()
        time.sleep(1.5)
        db_proxy.resume()

    answers = register_all(url, 64, threads=4, during=away_for_a_while)
    time.sleep(1.5)  # the database back, before the test reads it

    saved = {r.email for r in Registration.objects.all()}
    told_saved = {f"person-{n}@example.org" for n, (s, _, _) in answers.items() if s == 302}
    kept = [n for n, (status, _, _) in answers.items() if status == 503]
    assert down.is_set()
    assert db_proxy.refused >= 1  # the control: the site really could not reach the database
    assert kept
    assert {status for status, _, _ in answers.values()} <= {302, 503}
    assert all(kept_input(answers[n][2], n) for n in kept)
    assert told_saved <= saved
    assert not {email(n) for n in kept if said_nothing_saved(answers, n)} & saved
    assert not [n for n, (_, _, page) in answers.items() if ALREADY in page]


def test_while_the_database_is_down_a_page_says_try_again_and_a_form_keeps_its_input(
    db_proxy, start_gunicorn, collected_static
):
    seminar = SeminarFactory(capacity=10)
    site = start_gunicorn(DJANGO_FORM_MIN_SECONDS="0", DJANGO_STATIC_ROOT=collected_static)
    url = site + reverse("registrations:register", args=[seminar.slug])
    token, cookie = open_form(url)

    db_proxy.refuse()
    with pytest.raises(psycopg.OperationalError):  # the control: the database is out of reach
        psycopg.connect(host="127.0.0.1", port=db_proxy.port, user="postgres", dbname="postgres")
    page_status, _, page, _ = call(url)
    post_status, _, kept, _ = call(url, "POST", fields=person(1, token), cookie=cookie)
    db_proxy.resume()
    again = dict(
        (unescape(name), unescape(value))
        for name, value in re.findall(r'type="hidden" name="([^"]*)" value="([^"]*)"', kept)
    )
    sent_again, location, _, _ = call(url, "POST", fields=again, cookie=cookie)

    assert page_status == 503
    assert "Please try again in a minute" in unescape(page)
    assert post_status == 503
    assert kept_input(kept, 1)
    assert "Send again" in kept
    assert sent_again == 302
    assert "check-your-email" in location
    assert Registration.objects.get().name == "Person Number1"
