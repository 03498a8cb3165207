"""The permission groups made by data migrations, and what an organiser can and cannot reach."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from bursaries.models import BursaryPolicy
from tests.factories import BursaryApplicationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# What the data migrations give organisers: their group, then the series' bursary rules (no
# applicant's data is in them).
ORGANISER_PERMISSIONS = [
    *importlib.import_module("registrations.migrations.0004_organisers_group").PERMISSIONS,
    *importlib.import_module("bursaries.migrations.0009_bursary_rules_permissions").ORGANISERS,
]


def organisers_group():
    """The migration's group; a transactional test elsewhere may have flushed it."""
    group, created = Group.objects.get_or_create(name="Organisers")
    if created:
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in ORGANISER_PERMISSIONS
        )
    return group


def test_the_organisers_group_has_exactly_its_permissions():
    granted = set(organisers_group().permissions.values_list("content_type__app_label", "codename"))

    assert granted == set(ORGANISER_PERMISSIONS)
    assert {codename for app, codename in granted if app == "bursaries"} == {
        "view_bursarypolicy",
        "change_bursarypolicy",
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
