"""`make run PORT=…` serves on that port, with links that say so (SITE_URL follows the port).

The real command, as a newcomer types it, in a directory of its own (its own SQLite database),
stopped with the whole process group afterwards.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run stopped with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (our own)
                return response.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"Nothing answered at {url} within {seconds} s")


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_serves_on_the_port_given_with_links_that_match(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SITE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT")
    }
    env["DJANGO_VAR_DIR"] = str(tmp_path)  # its own database, not the developer's
    process = subprocess.Popen(
        [shutil.which("make"), "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/", process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page)
    assert canonical is not None
    assert canonical.group(1) == f"http://127.0.0.1:{port}/"


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_demo_rebuilds_its_own_database_and_serves_on_the_port_given():
    """What `make demo PORT=…` would run (make -n): the demo's own SQLite database removed
    first, every command pointed at it (never var/db.sqlite3, never a DATABASE_URL set in the
    shell) and at the port; and `make run` never builds the demo."""
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "PORT")}
    make = [shutil.which("make"), "--no-print-directory", "-n"]
    demo = subprocess.run(
        [*make, "demo", "PORT=8123"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    run = subprocess.run([*make, "run"], cwd=ROOT, env=env, capture_output=True, text=True).stdout

    commands = [line for line in demo.splitlines() if "manage.py" in line]
    assert demo.index("rm -rf var/demo") < demo.index("manage.py migrate")
    assert [re.search(r"manage\.py (\w+)", line)[1] for line in commands] == [
        "migrate",
        "load_series",
        "build_demo",
        "send_queued_email",
        "runserver",
    ]
    assert demo.count("DJANGO_VAR_DIR=var/demo DATABASE_URL= SITE_URL=http://127.0.0.1:8123") == 4
    assert "runserver 127.0.0.1:8123" in demo
    assert "demo" not in run  # no build_demo, no var/demo
