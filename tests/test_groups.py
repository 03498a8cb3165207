"""The permission groups made by data migrations, and what an organiser can and cannot reach."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bursaries.models import BursaryPolicy
from tests.factories import BursaryApplicationFactory, RegistrationFactory
from tests.utils import group_as_migrated

pytestmark = pytest.mark.django_db

# What the data migrations give organisers: their group, then the series' bursary rules and each
# seminar's bursary settings (no applicant's data is in them).
ORGANISER_PERMISSIONS = [
    *importlib.import_module("registrations.migrations.0004_organisers_group").PERMISSIONS,
    *importlib.import_module("subscribers.migrations.0002_carry_over_future_seminars").PERMISSIONS,
    *importlib.import_module("bursaries.migrations.0009_bursary_rules_permissions").ORGANISERS,
    *importlib.import_module("bursaries.migrations.0014_organisers_seminar_bursaries").ORGANISERS,
    *importlib.import_module("organising.migrations.0001_door_helpers").DOOR_PERMISSIONS,
    *importlib.import_module("outputs.migrations.0002_organisers_permissions").ORGANISERS,
    *importlib.import_module("outputs.migrations.0004_organisers_recording_consent").ORGANISERS,
    *importlib.import_module("organising.migrations.0002_organisers_easy_read").ORGANISERS,
    *importlib.import_module("feedback.migrations.0002_organisers_permissions").ORGANISERS,
    *importlib.import_module("certificates.migrations.0002_organisers_permissions").ORGANISERS,
    *importlib.import_module("certificates.migrations.0004_organisers_register").ORGANISERS,
    *importlib.import_module(
        "certificates.migrations.0007_organisers_seminar_certificate"
    ).ORGANISERS,
    *importlib.import_module("ledger.migrations.0002_organisers_budget").ORGANISERS,
    *importlib.import_module("fees.migrations.0002_organisers_fees").ORGANISERS,
]


def organisers_group():
    """The migration's group; a transactional test elsewhere may have flushed it."""
    return group_as_migrated("Organisers", ORGANISER_PERMISSIONS)


def test_the_organisers_group_has_exactly_its_permissions():
    granted = set(organisers_group().permissions.values_list("content_type__app_label", "codename"))

    assert granted == set(ORGANISER_PERMISSIONS)
    assert {codename for app, codename in granted if app == "bursaries"} == {
        "view_bursarypolicy",
        "change_bursarypolicy",
        "add_seminarbursaries",
        "change_seminarbursaries",
        "view_seminarbursaries",
        # How bursaries work, in Easy Read: words and pictures for the public, no one's data.
        "add_bursaryeasyreadline",
        "change_bursaryeasyreadline",
        "delete_bursaryeasyreadline",
        "view_bursaryeasyreadline",
    }
    assert "auth" not in {app for app, _ in granted}
    assert ("registrations", "delete_registration") not in granted


def test_an_organiser_reaches_seminars_and_registrations_but_not_bursaries_or_users(
    client, django_user_model
):
    organiser = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    organiser.groups.add(organisers_group())
    client.force_login(organiser)
    registration = RegistrationFactory()
    application = BursaryApplicationFactory()
    BursaryPolicy.objects.get_or_create(pk=1)  # a transactional test may have flushed it

    reachable = {
        url: client.get(url).status_code
        for url in (
            "/admin/seminars/seminar/",
            "/admin/people/person/add/",
            "/admin/registrations/registration/",
            f"/admin/registrations/registration/{registration.pk}/change/",
            "/admin/outbox/email/",
            "/admin/bursaries/bursarypolicy/1/change/",
        )
    }
    refused = {
        url: client.get(url).status_code
        for url in (
            "/admin/bursaries/bursaryapplication/",
            f"/admin/bursaries/bursaryapplication/{application.pk}/change/",
            "/admin/auth/user/",
            "/admin/auth/group/",
        )
    }

    assert set(reachable.values()) == {200}
    assert set(refused.values()) == {403}


def test_the_admin_address_is_configurable(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(DJANGO_ADMIN_URL="backstage", DJANGO_VAR_DIR=str(tmp_path))
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout.strip() == "/backstage/", result.stderr


def sections(client):
    """The staff home page's sections, each with the names of its tables."""
    return {
        app["name"]: [model["name"] for model in app["models"]]
        for app in client.get("/admin/").context["app_list"]
    }


def test_each_role_sees_sections_named_for_the_work(client, django_user_model):
    from tests.bursaries.conftest import panel_group

    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    panel = django_user_model.objects.create_user("panel", is_staff=True)
    panel.groups.add(panel_group())
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")

    seen = {}
    for user in (organiser, panel, boss):
        client.force_login(user)
        seen[user.username] = sections(client)

    assert list(seen["organiser"]) == [
        "Seminars and pages",
        "People and partners",
        "Registrations",
        "Mailing list",
        "Outputs",
        "Feedback",
        "Certificates",
        "Money",
        "Emails",
    ]
    assert list(seen["panel"]) == ["Seminars and pages", "Bursaries", "Emails"]
    assert seen["panel"]["Seminars and pages"] == ["Bursary rules for the series"]
    assert list(seen["boss"]) == [
        "Seminars and pages",
        "People and partners",
        "Registrations",
        "Mailing list",
        "Outputs",
        "Feedback",
        "Certificates",
        "Bursaries",
        "Money",
        "Emails",
        "Security",
    ]  # every table has its place: nothing falls into "Other"
    assert "Sign-in lockouts" in seen["boss"]["Security"]


def test_no_list_offers_to_delete_rows_in_bulk(client, organiser):
    RegistrationFactory()
    BursaryApplicationFactory()

    pages = [
        client.get(f"/admin/{label}/")
        for label in (
            "seminars/seminar",
            "seminars/venue",
            "people/person",
            "registrations/registration",
            "bursaries/bursaryapplication",
            "outbox/email",
            "auth/user",
        )
    ]

    assert [page.status_code for page in pages] == [200] * len(pages)
    assert not [page for page in pages if b"delete_selected" in page.content]
