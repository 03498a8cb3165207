"""The project's shape, checked: `.venv/bin/python scripts/architecture.py [ROOT]` prints each
problem as `path:line: what is wrong, and what to do instead`, and exits 1 when there is any.
It needs nothing but Python: no Django, no database. tests/test_layers.py runs it too.

The rules (the README's "Layout", and the house style's HS-1):

- "import": dependencies point one way. An app imports no app above it, nor one on its own rank,
  anywhere in a module (inside functions too). `config` composes the apps: it may import any of
  them, and none imports it (migrations included; tests are not an app).
- "template": the same for templates. A template belongs to the app whose folder it is in
  (`<app>/templates/<app>/…`, `templates/<app>/…`, and on the staff side `templates/admin/<app>/…`);
  it includes, extends and names in `{% url %}` no app above its own. `templates/includes/`,
  `templates/base.html`, `templates/admin/base_site.html` and the like are shared ground.
- "admin": no module unregisters a model from the admin site or builds an admin class from what
  another app registered: the owner's admin offers slots instead (seminars/slots.py). The one
  exception is named in REGISTRY_EDITS_ALLOWED, with its reason.
- "length": an application file (Python, in an app or config) stays within 400 lines;
  migrations and the data modules in DATA_MODULES aside.
- "cycle": the project's modules import one another without a cycle. Only module-level imports
  count: an import inside a function is the usual way to break a cycle.
"""

import ast
import re
import sys
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top; apps on one rank may not import each other either.
RANKS = [
    ["common"],
    ["outbox"],
    ["people"],
    ["seminars"],
    ["subscribers", "ledger"],
    ["registrations"],
    ["bursaries", "fees"],
    ["outputs", "certificates", "feedback"],
    ["organising"],
]
RANK = {app: rank for rank, apps in enumerate(RANKS) for app in apps}
COMPOSER = "config"
LIMIT = 400

# Modules that are data rather than code: the limit is about code a person has to hold in mind,
# and splitting a table of content across files helps nobody.
DATA_MODULES = {
    "seminars/series_data.py": "the seminars, speakers and venues as the client supplied them",
}

# Functions that may replace an admin registered by someone else.
REGISTRY_EDITS_ALLOWED = {
    "guard_second_factor_admins": (
        "django-otp's device admins are registered by its own autodiscovery, outside the project; "
        "they are swapped for admins that never add, edit or show a second factor"
    ),
}

INCLUDES = re.compile(r"""\{%-?\s*(include|extends)\s+["']([^"']+)["']""")
URLS = re.compile(r"""\{%-?\s*url\s+["'](\w+):""")
VERBS = {"include": "includes", "extends": "extends"}


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    message: str
    rule: str = field(compare=False)

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


def check(root=ROOT):
    """Every problem in the tree at `root`, in path and line order."""
    root = Path(root)
    parse.cache_clear()  # the files may have changed since the last check
    found = [
        *import_violations(root),
        *template_violations(root),
        *admin_violations(root),
        *length_violations(root),
        *cycle_violations(root),
    ]
    return sorted(set(found))


def python_files(root):
    """{path relative to root, as posix: its Path} for each Python file of the apps and config."""
    files = {}
    for app in [*RANK, COMPOSER]:
        for path in sorted((root / app).rglob("*.py")):
            files[path.relative_to(root).as_posix()] = path
    return files


@cache
def parse(path):
    return ast.parse(path.read_text(), str(path))


def module_name(relative):
    parts = relative.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(relative, node):
    """The absolute module a `from … import` names, relative imports resolved."""
    if not node.level:
        return node.module
    package = module_name(relative).split(".")
    if not relative.endswith("__init__.py"):
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported(relative, node):
    """The absolute names an import statement loads: `from a import b` loads a."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [resolve(relative, node)]


def crossing(app, target):
    """Why `app` may not depend on the app `target`, and what to do instead; None if it may."""
    if app == COMPOSER or target == app:
        return None
    if target == COMPOSER:
        return (
            f"config composes the apps and none may depend on it: move what {app} uses from it "
            f"into {'common' if app == 'common' else f'{app} or into common'}"
        )
    if target not in RANK:
        return None
    if RANK[target] > RANK[app]:
        return (
            f"{target} sits above {app}: let {target} call {app}, or have {app} offer a "
            f"registry (slots, sections, signals) that {target} fills"
        )
    if RANK[target] == RANK[app]:
        return (
            f"{target} is on {app}'s rank and neither may depend on the other: move what they "
            "share into a lower app, or let organising combine them"
        )
    return None


def import_violations(root):
    for relative, path in python_files(root).items():
        app = relative.split("/")[0]
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in imported(relative, node):
                    if reason := crossing(app, name.split(".")[0]):
                        message = f"{app} imports {name}; {reason}"
                        rule = "config" if name.split(".")[0] == COMPOSER else "import"
                        yield Violation(relative, node.lineno, message, rule)


def template_owner(name):
    """The app a template belongs to, from its name under a templates folder, or None."""
    parts = name.split("/")
    if parts[0] == "admin":
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in RANK:
        return parts[0]
    return None


def template_files(root):
    """{path relative to root: name under its templates folder} for each template in the tree."""
    folders = [root / "templates", *(root / app / "templates" for app in RANK)]
    return {
        path.relative_to(root).as_posix(): path.relative_to(folder).as_posix()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def template_violations(root):
    for relative, name in template_files(root).items():
        app = template_owner(name)
        if app is None:
            continue
        text = (root / relative).read_text()
        named = [
            (m.start(), f"{VERBS[m[1]]} {m[2]}", template_owner(m[2]))
            for m in INCLUDES.finditer(text)
        ]
        named += [(m.start(), f"names the URL {m[1]}:…", m[1]) for m in URLS.finditer(text)]
        for start, what, target in named:
            if target and (reason := crossing(app, target)):
                line = text.count("\n", 0, start) + 1
                message = f"this {app} template {what}; {reason}"
                rule = "config" if target == COMPOSER else "template"
                yield Violation(relative, line, message, rule)


def is_site(node):
    """`site`, `admin.site`, `self.admin_site` and the like."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.endswith("site")


def is_registered_admin(node):
    """`site.get_model_admin(…)` or `site._registry[…]`: an admin someone else registered."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Call):
        node = node.func
    return isinstance(node, ast.Attribute) and node.attr in {"get_model_admin", "_registry"}


def registry_edit(node):
    """What `node` does to the admin registry, or None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "unregister"
        and is_site(node.func.value)
    ):
        return "unregisters a model from the admin site"
    if isinstance(node, ast.Attribute) and node.attr == "_registry" and is_site(node.value):
        return "reads the admin site's registry"
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "type"
        and len(node.args) == 1
        and is_registered_admin(node.args[0])
    ):
        return "builds an admin class from the one registered"
    if (
        isinstance(node, ast.Attribute)
        and node.attr == "__class__"
        and is_registered_admin(node.value)
    ):
        return "builds an admin class from the one registered"
    if isinstance(node, ast.ClassDef):
        for base in node.bases:
            if isinstance(base, ast.Call) and getattr(base.func, "id", "") == "type":
                return "subclasses the class of an admin instance"
    return None


def walk_outside(node, skip):
    """Every node under `node`, leaving out the bodies of functions that `skip` names."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and skip(child):
            continue
        yield child
        yield from walk_outside(child, skip)


def allowed_to_edit_registry(function):
    return function.name in REGISTRY_EDITS_ALLOWED


def admin_violations(root):
    for relative, path in python_files(root).items():
        tree = parse(path)
        for node in walk_outside(tree, allowed_to_edit_registry):
            if what := registry_edit(node):
                yield Violation(
                    relative,
                    node.lineno,
                    f"{what}: an app adds to another app's admin only through what that admin "
                    "offers (seminars/slots.py, inlines), never by replacing it",
                    "admin",
                )


def length_violations(root):
    for relative, path in python_files(root).items():
        if "/migrations/" in relative or relative in DATA_MODULES:
            continue
        lines = len(path.read_text().splitlines())
        if lines > LIMIT:
            yield Violation(
                relative,
                LIMIT + 1,
                f"{lines} lines, over {LIMIT}: split it by concern into a package of modules "
                f"(HS-1), or list it in scripts/architecture.py's DATA_MODULES if it is data",
                "length",
            )


def is_type_checking(node):
    return isinstance(node, ast.If) and ast.unparse(node.test) in {
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    }


def module_imports(tree):
    """The imports that run when the module is imported: not inside a function, nor under
    `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif is_type_checking(node):
            yield from module_imports(ast.Module(body=node.orelse, type_ignores=[]))
        elif isinstance(node, ast.stmt) and not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            yield from module_imports(node)


def import_graph(root):
    """{module: {module it imports at load time: (path, line) of the first such import}}."""
    files = python_files(root)
    modules = {module_name(relative): relative for relative in files}
    graph = {}
    for module, relative in modules.items():
        edges = graph.setdefault(module, {})
        for node in module_imports(parse(files[relative])):
            names = imported(relative, node)
            if isinstance(node, ast.ImportFrom):
                # `from a import b` needs the module a.b when there is one, else a itself.
                names = [f"{names[0]}.{alias.name}" for alias in node.names]
            for name in names:
                # Judge the most specific module we own (`import a.b.c` loads a.b.c).
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    edges.setdefault(name, (relative, node.lineno))
    return graph


def shortest_cycle(graph, start):
    """The shortest list of modules from `start` back to it, or None."""
    came_from = {start: None}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for target in graph[module]:
            if target == start:
                path = [module]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target not in came_from:
                came_from[target] = module
                queue.append(target)
    return None


def cycle_violations(root):
    graph = import_graph(root)
    seen = set()
    for start in sorted(graph):
        cycle = shortest_cycle(graph, start)
        if cycle is None or frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        relative, line = graph[cycle[0]][cycle[1]]  # a module never imports itself here
        loop = " -> ".join([*cycle, cycle[0]])
        yield Violation(
            relative,
            line,
            f"import cycle {loop}: move one of these imports into the function that uses it, "
            "or move what both need into a lower module",
            "cycle",
        )


def main(argv=()):
    found = check(argv[0] if argv else ROOT)
    for violation in found:
        print(violation)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
