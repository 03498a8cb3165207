"""Clients that nobody here wrote, run on what the site makes (installed by scripts/ensure-clients,
which `make test` runs)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MODULES = HERE / "node_modules"


def _need(path, what):
    if not path.exists():
        pytest.skip(f"{what} is not installed: run scripts/ensure-clients (make test does)")


def ical_js(ics):
    """Mozilla's ical.js (Thunderbird's parser) reads `ics` (bytes) with its own VTIMEZONE:
    {"method": ..., "events": [{"uid", "summary", "start", "end" (UTC), "sequence"}]}."""
    _need(MODULES / "ical.js", "ical.js")
    node = shutil.which("node") or pytest.skip("Node.js is not installed")
    done = subprocess.run(
        [node, HERE / "read_calendar.mjs"], input=ics, capture_output=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_check(pages):
    """The Nu HTML Checker (the W3C's validator, run offline) reads `pages` ({name: HTML}) in one
    run, because the JVM is slow to start. Returns {name: [error, ...]} for every name, each error
    the checker's own dict ("message", "extract", "lastLine", ...); warnings are left out."""
    _need(VNU, "the Nu HTML Checker (vnu-jar)")
    java = shutil.which("java") or pytest.skip("Java is not installed: run scripts/ensure-clients")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, (name, html) in enumerate(pages.items()):
            path = Path(folder, f"page-{number}.html").resolve()
            path.write_text(html, encoding="utf-8")
            paths[path] = name
        # Exit status 1 means "errors found": the JSON says which, so it is not checked here.
        done = subprocess.run(
            [java, "-jar", VNU, "--errors-only", "--format", "json", "--stdout", *paths],
            capture_output=True,
            timeout=300,
        )
    if not done.stdout:
        raise RuntimeError(f"The Nu HTML Checker failed: {done.stderr.decode()}")
    found = {name: [] for name in pages}
    by_file = {path.name: name for path, name in paths.items()}
    for message in json.loads(done.stdout)["messages"]:
        # The checker writes "file:/tmp/…/page-3.html"; a message with no page is about the run.
        if "url" not in message:
            raise RuntimeError(f"The Nu HTML Checker could not check the pages: {message}")
        found[by_file[message["url"].rsplit("/", 1)[-1]]].append(message)
    return found
