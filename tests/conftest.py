import datetime
import os
import shutil

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from common import cache as shared_cache
from outbox import services as outbox
from tests.factories import SeminarFactory
from tests.utils import london

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this is deliberate (the browser tests only read pages served by live_server).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic; tests use the plain storage (and one test runs
    # collectstatic to prove the manifest builds).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Tests post forms at once; tests/test_forms.py checks the minimum time to fill one in.
    settings.FORM_MIN_SECONDS = 0
    # Pages are cached as in production (development turns the cache off).
    settings.PAGE_CACHE_SECONDS = 600
    # What is kept beneath it (common/fragments.py) is renewed when a change commits, which a
    # test's own changes never do; tests/common/test_fragments.py turns it on.
    settings.PAGE_FRAGMENTS = False
    # A test request on a busy machine may take longer than production's 5 s without anything
    # being wrong; tests/faults/test_hung_database.py checks the deadline itself.
    settings.DB_REQUEST_TIMEOUT = 30
    # imagekit remembers in the cache which renditions exist; each test has its own media folder.
    cache.clear()
    shared_cache.reset()  # no test starts in a cache outage another test caused


# The test client's own login, before the fixture below makes staff logins verified.
UNVERIFIED_FORCE_LOGIN = Client.force_login


@pytest.fixture(autouse=True)
def _staff_logins_pass_the_second_factor(monkeypatch):
    """force_login for a staff user also completes the second factor, as a real sign-in with
    their device would. tests/test_two_factor.py checks what happens without it."""

    def force_login(self, user, backend=None):
        UNVERIFIED_FORCE_LOGIN(self, user, backend)
        if user.is_staff:
            device, _ = StaticDevice.objects.get_or_create(user=user, name="test device")
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (CI installs Debian's chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """Playwright's browser, started after the live server so that it closes first. The other
    way round, Chromium's kept-alive connections outlive the server: their threads then close a
    database connection that is no longer shared with them, and the run ends in errors."""
    return browser


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL (row locks, concurrency); skip them elsewhere.
    Tests marked `sqlite` are about SQLite's own files: on PostgreSQL they are left out (not
    skipped), as they say nothing there; their PostgreSQL counterparts run instead."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sqlite_only = [item for item in items if item.get_closest_marker("sqlite")]
        if sqlite_only:
            config.hook.pytest_deselected(items=sqlite_only)
            items[:] = [item for item in items if not item.get_closest_marker("sqlite")]
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sent():
    """Deliver the outbox as the worker would, and return what went out."""

    def deliver():
        outbox.send_due()
        return list(mail.outbox)

    return deliver


@pytest.fixture
def organiser(client, django_user_model):
    """An administrator, signed in (for staff pages where the role does not matter)."""
    user = django_user_model.objects.create_superuser("organiser", "o@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def seminar_1():
    """Seminar 1 as the client gave it: Tuesday 5 January 2016, 10am to 4pm (GMT); register
    from 9am on 1 November until 23:59 on Thursday 10 December 2015; bursary applications until
    23:59 on Monday 30 November, decisions by Tuesday 8 December."""
    return SeminarFactory(
        starts_at=london(2016, 1, 5, 10),
        ends_at=london(2016, 1, 5, 16),
        registration_opens_at=london(2015, 11, 1, 9),
        registration_deadline=london(2015, 12, 11),
        bursary_deadline=london(2015, 12, 1),
        bursary_decisions_by=datetime.date(2015, 12, 8),
    )


def pytest_sessionfinish(session, exitstatus):
    """CI's PostgreSQL run sets CI_FAIL_ON_SKIP: a test skipped there (one that needs
    PostgreSQL, or a Redis of its own) did not run, so the run fails rather than pass quietly."""
    if not os.environ.get("CI_FAIL_ON_SKIP") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if skipped := (reporter.stats.get("skipped", []) if reporter else []):
        reporter.write_line(f"CI_FAIL_ON_SKIP: {len(skipped)} test(s) skipped", red=True)
        session.exitstatus = 1
