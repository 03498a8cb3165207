"""Dependencies point one way: a lower app never imports, includes or names a higher one (its
Python imports, and the templates under templates/<app>/). The higher app reacts through the
lower one's registries (seminars.slots, registrations.sections, outbox.kinds) and signals."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

# Bottom to top; apps on one rank do not depend on each other either way in the layering.
RANKS = [
    ["common"],
    ["outbox"],
    ["people"],
    ["seminars"],
    ["subscribers"],
    ["registrations"],
    ["bursaries"],
    ["outputs", "certificates", "feedback"],
    ["organising"],
]
RANK = {app: rank for rank, apps in enumerate(RANKS) for app in apps}
ROOT = Path(settings.BASE_DIR)
NAMED = re.compile(r"""\{%\s*(?:include|extends)\s+["'](\w+)/|\{%\s*url\s+["'](\w+):""")


def test_the_ranks_name_every_app():
    assert set(RANK) == set(settings.LOCAL_APPS)


def _imported(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", settings.LOCAL_APPS)
def test_an_app_imports_no_app_above_it(app):
    higher = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in (ROOT / app).rglob("*.py")
        for name in _imported(path)
        if RANK.get(name, -1) > RANK[app]
    }

    assert not higher


@pytest.mark.parametrize("app", settings.LOCAL_APPS)
def test_an_apps_templates_name_no_app_above_it(app):
    higher = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in (ROOT / "templates" / app).rglob("*")
        if path.is_file()
        for match in NAMED.finditer(path.read_text())
        for name in match.groups()
        if name and RANK.get(name, -1) > RANK[app]
    }

    assert not higher
