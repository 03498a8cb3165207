"""Faults injected for real, against the site's own processes: a TCP proxy between them and
PostgreSQL (or Redis) that can cut or pause every connection, a Redis the tests start and stop
themselves, workers and gunicorn started and killed. The shared servers are never touched."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.proxy import Proxy, free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, *, timeout, every=0.1, what="the condition"):
    """Poll until condition() is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {timeout} s")


@pytest.fixture
def db_proxy():
    proxy = Proxy(int(connection.settings_dict["PORT"] or 5432))
    yield proxy
    proxy.close()


def database_url(proxy):
    """The test database, reached through `proxy`."""
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@127.0.0.1:{proxy.port}/{settings['NAME']}"


def site_env(tmp_path, proxy, **env):
    """The environment of a site process (worker or gunicorn) whose database is behind `proxy`."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "DATABASE_URL": database_url(proxy),
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_EMAIL_BACKEND": "tests.mail_backends.RecordingBackend",
        "FAULT_MAIL_LOG": str(tmp_path / "sent.log"),
        **env,
    }


@pytest.fixture
def start_worker(tmp_path, db_proxy):
    started = []

    def start(**env):
        with open(tmp_path / f"worker-{len(started)}.err", "w") as errors:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "send_queued_email", "--interval", "0.2"],
                cwd=ROOT,
                env=site_env(tmp_path, db_proxy, **env),
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


class Site(str):
    """A gunicorn's address ("http://127.0.0.1:port"), with `health`, the address where its
    workers answer /healthz apart from the pages (config/gunicorn.py), and `log`, its error log."""

    health: str
    log: Path


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as production has them: pages drawn with DEBUG off need the
    manifest."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(root), "DJANGO_VAR_DIR": str(root)},
        check=True,
    )
    return root


@pytest.fixture
def start_gunicorn(tmp_path, db_proxy, static_root):
    """Start gunicorn as production does (scripts/serve), its database behind `db_proxy`."""
    started = []

    def start(*, workers=1, **env):
        port, health_port = free_port(), free_port()
        log = tmp_path / f"gunicorn-{len(started)}.err"
        errors = open(log, "a")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [
                str(ROOT / "scripts" / "serve"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=site_env(
                tmp_path,
                db_proxy,
                DJANGO_DEBUG="false",
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                DJANGO_PAGE_CACHE_SECONDS="0",
                DJANGO_HEALTH_BIND=f"127.0.0.1:{health_port}",
                **{"DJANGO_STATIC_ROOT": str(static_root), **env},
            ),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        errors.close()  # the child has its own copy
        started.append(process)

        def listening():
            for each in (port, health_port):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", each)) != 0:
                        return False
            return True

        wait_for(listening, timeout=30, what="gunicorn listening")
        site = Site(f"http://127.0.0.1:{port}")
        site.health, site.log = f"http://127.0.0.1:{health_port}", log
        return site

    yield start
    for process in started:
        process.terminate()
        process.wait()


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of the test's own, on a port of its own, that the test may stop."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )

    def answering():
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_for(answering, timeout=10, what="redis-server listening")
    yield process, port
    process.kill()
    process.wait()


@pytest.fixture(scope="session")
def collected_static(static_root):
    """The static files collected once (static_root), as a value to pass as DJANGO_STATIC_ROOT."""
    return str(static_root)
