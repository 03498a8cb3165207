"""Clients that nobody here wrote, run on what the site makes (installed by scripts/ensure-clients,
which `make test` runs)."""

import json
import shutil
import subprocess
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
