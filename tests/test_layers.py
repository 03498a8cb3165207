"""The project's shape (scripts/architecture.py): dependencies point one way, no app rebuilds
another's admin, no application file passes 400 lines, no import cycles. Each rule is tried on
small trees made for it, one that keeps it and one that breaks it, then on the project itself."""

import subprocess
import sys
from textwrap import dedent

import pytest
from django.conf import settings

from scripts import architecture


def make_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    return root


def problems(root, rule):
    """(path, line) of each problem of one rule."""
    return [(v.path, v.line) for v in architecture.check(root) if v.rule == rule]


def test_the_ranks_name_every_app():
    assert set(architecture.RANK) == set(settings.LOCAL_APPS)


# Imports


def test_an_app_may_import_the_apps_below_it_and_itself(tmp_path):
    make_tree(
        tmp_path,
        {
            "registrations/services.py": """\
                import common.audit
                from seminars.models import Seminar
                from people import models
                from . import emails
                from .queries import left
                from django.db import transaction
            """,
            "organising/views.py": "from certificates import services\nfrom feedback import x\n",
        },
    )

    assert problems(tmp_path, "import") == []


def test_an_app_importing_one_above_it_fails(tmp_path):
    make_tree(tmp_path, {"seminars/models.py": "import os\nfrom bursaries.models import Policy\n"})

    found = architecture.check(tmp_path)

    assert [str(v) for v in found] == [
        "seminars/models.py:2: seminars imports bursaries.models; bursaries sits above seminars: "
        "let bursaries call seminars, or have seminars offer a registry (slots, sections, "
        "signals) that bursaries fills"
    ]


def test_an_app_importing_one_above_it_inside_a_function_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "registrations/apps.py": """\
                class RegistrationsConfig:
                    def ready(self):
                        import bursaries.services
            """
        },
    )

    assert problems(tmp_path, "import") == [("registrations/apps.py", 3)]


def test_apps_on_one_rank_may_not_import_each_other(tmp_path):
    make_tree(
        tmp_path,
        {
            "certificates/services.py": "from feedback.models import Answer\n",
            "feedback/views.py": "def f():\n    from outputs import models\n",
        },
    )

    assert problems(tmp_path, "import") == [
        ("certificates/services.py", 1),
        ("feedback/views.py", 2),
    ]


def test_config_may_import_any_app(tmp_path):
    make_tree(tmp_path, {"config/urls.py": "from organising import views\nimport bursaries.urls\n"})

    assert architecture.check(tmp_path) == []


def test_no_app_imports_config_not_even_a_migration(tmp_path):
    make_tree(
        tmp_path,
        {
            "common/limits.py": "from config import cache\n",
            "outputs/apps.py": "def ready():\n    from config import pagecache\n",
            "seminars/migrations/0001_initial.py": "import config.models\n",
        },
    )

    assert problems(tmp_path, "config") == [
        ("common/limits.py", 1),
        ("outputs/apps.py", 2),
        ("seminars/migrations/0001_initial.py", 1),
    ]


def test_tests_are_not_an_app(tmp_path):
    make_tree(tmp_path, {"tests/seminars/test_x.py": "import config.settings\nimport organising\n"})

    assert architecture.check(tmp_path) == []


# Templates


def test_an_apps_template_may_use_its_own_those_below_it_and_shared_ones(tmp_path):
    make_tree(
        tmp_path,
        {
            "templates/registrations/manage.html": """\
                {% extends "base.html" %}
                {% include "includes/_error_summary.html" %}
                {% include "seminars/includes/_when.html" %}
                {% include "registrations/includes/_place.html" %}
                {% include template_name %}
                <a href="{% url 'seminars:detail' seminar.slug %}">{% url "admin:index" %}</a>
            """,
            "templates/includes/_share.html": '{% include "organising/_anything.html" %}\n',
        },
    )

    assert problems(tmp_path, "template") == []


def test_an_apps_template_naming_one_above_it_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "templates/seminars/seminar_detail.html": """\
                {% extends "base.html" %}
                {% block content %}
                  {% include "bursaries/includes/_box.html" %}
                  <a href="{% url 'registrations:register' seminar.slug %}">Register</a>
                {% endblock content %}
            """,
            "seminars/templates/seminars/page.html": '{% extends "organising/base.html" %}\n',
            "templates/admin/registrations/compose.html": (
                '{% include "admin/bursaries/_held.html" %}\n'
            ),
            "templates/certificates/verify.html": '{%include "feedback/_form.html"%}\n',
        },
    )

    found = architecture.check(tmp_path)

    assert [(v.path, v.line) for v in found if v.rule == "template"] == [
        ("seminars/templates/seminars/page.html", 1),
        ("templates/admin/registrations/compose.html", 1),
        ("templates/certificates/verify.html", 1),
        ("templates/seminars/seminar_detail.html", 3),
        ("templates/seminars/seminar_detail.html", 4),
    ]
    assert str(found[-1]).startswith(
        "templates/seminars/seminar_detail.html:4: this seminars template names the URL "
        "registrations:…; registrations sits above seminars"
    )


# The admin registry


def test_an_app_adding_its_own_admin_passes(tmp_path):
    make_tree(
        tmp_path,
        {
            "registrations/admin.py": """\
                from django.contrib import admin
                from seminars.admin import SeminarAdmin

                @admin.register(Registration)
                class RegistrationAdmin(admin.ModelAdmin):
                    pass

                class Helper(SeminarAdmin):
                    def f(self, request):
                        return self.admin_site.is_registered(Seminar)
            """
        },
    )

    assert architecture.check(tmp_path) == []


def test_an_app_unregistering_an_admin_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "bursaries/admin.py": """\
                from django.contrib import admin

                admin.site.unregister(Seminar)
                admin.site.register(Seminar, BursarySeminarAdmin)

                def swap(site):
                    site.unregister(Seminar)
            """
        },
    )

    assert problems(tmp_path, "admin") == [("bursaries/admin.py", 3), ("bursaries/admin.py", 7)]


def test_an_app_building_an_admin_from_the_registered_one_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "certificates/admin.py": """\
                from django.contrib import admin

                Base = type(admin.site.get_model_admin(Seminar))
                Other = admin.site._registry[Seminar].__class__
                class WithCertificates(type(registered)):
                    pass
            """
        },
    )

    found = architecture.check(tmp_path)

    assert [(v.line, v.message.split(":")[0]) for v in found] == [
        (3, "builds an admin class from the one registered"),
        (4, "builds an admin class from the one registered"),
        (4, "reads the admin site's registry"),
        (5, "subclasses the class of an admin instance"),
    ]


def test_the_second_factor_guard_may_replace_django_otps_admins(tmp_path):
    make_tree(
        tmp_path,
        {
            "organising/admin.py": """\
                def guard_second_factor_admins(site):
                    for model, model_admin in pairs:
                        if site.is_registered(model):
                            site.unregister(model)
                        site.register(model, model_admin)
            """
        },
    )

    assert architecture.check(tmp_path) == []
    assert set(architecture.REGISTRY_EDITS_ALLOWED) == {"guard_second_factor_admins"}


# File length


def test_an_application_file_of_400_lines_passes_and_of_401_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "seminars/views.py": "x = 1\n" * 400,
            "config/settings.py": "x = 1\n" * 401,
        },
    )

    found = architecture.check(tmp_path)

    assert [str(v) for v in found] == [
        "config/settings.py:401: 401 lines, over 400: split it by concern into a package of "
        "modules (HS-1), or list it in scripts/architecture.py's DATA_MODULES if it is data"
    ]


def test_tests_migrations_and_data_modules_may_be_longer(tmp_path):
    make_tree(
        tmp_path,
        {
            "tests/seminars/test_views.py": "x = 1\n" * 900,
            "seminars/migrations/0001_initial.py": "x = 1\n" * 900,
            "seminars/series_data.py": "x = 1\n" * 900,
        },
    )

    assert architecture.check(tmp_path) == []
    assert set(architecture.DATA_MODULES) == {"seminars/series_data.py"}


# Import cycles


def test_a_module_level_import_cycle_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "seminars/__init__.py": "",
            "seminars/models.py": "from seminars.phase import Phase\n",
            "seminars/phase.py": "import os\n\nfrom . import models\n",
        },
    )

    found = architecture.check(tmp_path)

    assert [str(v) for v in found] == [
        "seminars/models.py:1: import cycle seminars.models -> seminars.phase -> seminars.models: "
        "move one of these imports into the function that uses it, or move what both need into "
        "a lower module"
    ]


def test_a_longer_cycle_through_a_class_body_and_a_try_fails(tmp_path):
    make_tree(
        tmp_path,
        {
            "registrations/a.py": "class A:\n    from registrations.b import B\n",
            "registrations/b.py": """\
                try:
                    import registrations.c
                except ImportError:
                    c = None
            """,
            "registrations/c.py": "from registrations import a\n",
        },
    )

    assert problems(tmp_path, "cycle") == [("registrations/a.py", 2)]


def test_an_import_inside_a_function_or_for_type_checking_breaks_a_cycle(tmp_path):
    make_tree(
        tmp_path,
        {
            "seminars/models.py": "from seminars.phase import Phase\n",
            "seminars/phase.py": """\
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from seminars.models import Seminar

                def phase(seminar):
                    from seminars import models
            """,
        },
    )

    assert architecture.check(tmp_path) == []


def test_a_package_importing_its_modules_is_no_cycle(tmp_path):
    make_tree(
        tmp_path,
        {
            "registrations/admin/__init__.py": "from . import bookings, registrations, seminars\n",
            "registrations/admin/seminars.py": "from . import registrations\n",
            "registrations/admin/bookings.py": "from registrations.admin.registrations import A\n",
            "registrations/admin/registrations.py": "from ..queries import left\n",
            "registrations/queries.py": "",
        },
    )

    assert architecture.check(tmp_path) == []


# The script


def test_the_script_prints_each_problem_and_fails(tmp_path):
    make_tree(tmp_path, {"people/models.py": "\n\nimport seminars\n"})

    run = subprocess.run(
        [sys.executable, "scripts/architecture.py", str(tmp_path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "people/models.py:3: people imports seminars; seminars sits above people: let seminars "
        "call people, or have people offer a registry (slots, sections, signals) that seminars "
        "fills"
    ]


def test_the_script_passes_a_tree_that_keeps_the_rules(tmp_path):
    make_tree(tmp_path, {"seminars/models.py": "import people\n"})

    run = subprocess.run(
        [sys.executable, "scripts/architecture.py", str(tmp_path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (run.returncode, run.stdout) == (0, "")


# The project itself


@pytest.fixture(scope="module")
def project():
    """The project's problems, found once (a few seconds)."""
    return architecture.check()


def test_the_project_keeps_its_architecture(project):
    assert [str(v) for v in project] == []
