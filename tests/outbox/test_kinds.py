"""Who reads which email in the outbox: a table written by hand, against the registry
(outbox/kinds.py) and against what each group's outbox actually shows.

A kind the code can queue that is missing from the table fails; so does a kind in the table
that nobody declared. Organisers never read bursary emails (who holds a bursary is the panel's
to know); the panel reads bursary emails only (never fees'); door helpers read none.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from common.groups import BURSARY_PANEL, DOOR_HELPERS, ORGANISERS
from outbox import kinds
from outbox.models import Email, EmailStatus
from tests.bursaries.conftest import panel_group
from tests.test_groups import organisers_group
from tests.utils import group_as_migrated

pytestmark = pytest.mark.django_db

# Who may read: O an organiser, P a bursary panel member, D a door helper, S a superuser,
# B a member of both Organisers and the panel, N staff in no group (with the outbox's view
# permission given directly, so that only the registry hides anything from them).
ORGANISER_KIND = {"O", "B", "S"}
PANEL_KIND = {"P", "B", "S"}

TABLE = {
    "registrations/place_confirmed": ORGANISER_KIND,
    "registrations/waiting_list_joined": ORGANISER_KIND,
    "registrations/place_from_waiting_list": ORGANISER_KIND,
    "registrations/registration_cancelled": ORGANISER_KIND,
    "registrations/manage_link": ORGANISER_KIND,
    "registrations/held_place_link": {"S"},  # who holds a bursary is not the organisers' to know
    "registrations/email_changed": ORGANISER_KIND,
    "registrations/email_changed_old": ORGANISER_KIND,
    "registrations/reminder": ORGANISER_KIND,
    "registrations/mode_changed": ORGANISER_KIND,
    "registrations/book_ahead_asked": ORGANISER_KIND,
    "registrations/seminar_changed": ORGANISER_KIND,
    "registrations/new_seminar": ORGANISER_KIND,
    "subscribers/confirm": ORGANISER_KIND,
    "subscribers/stay": ORGANISER_KIND,
    "subscribers/announcement": ORGANISER_KIND,
    "subscribers/registration_open": ORGANISER_KIND,
    "certificates/thanks": ORGANISER_KIND,
    "certificates/sorry_we_missed_you": ORGANISER_KIND,
    "certificates/name_change_decided": ORGANISER_KIND,
    "bursaries/application_received": PANEL_KIND,
    "bursaries/email_changed": PANEL_KIND,
    "bursaries/email_changed_old": PANEL_KIND,
    "bursaries/existing_application": PANEL_KIND,
    "bursaries/application_changed": PANEL_KIND,
    "bursaries/application_withdrawn": PANEL_KIND,
    "bursaries/offered": PANEL_KIND,
    "bursaries/reserve": PANEL_KIND,
    "bursaries/not_offered": PANEL_KIND,
    "bursaries/accepted": PANEL_KIND,
    "bursaries/declined": PANEL_KIND,
    "bursaries/lapsed": PANEL_KIND,
    "bursaries/offer_reminder": PANEL_KIND,
    "bursaries/booked": PANEL_KIND,
    "bursaries/advance_paid": PANEL_KIND,
    "bursaries/claim_received": PANEL_KIND,
    "bursaries/panel_claim": PANEL_KIND,
    "bursaries/claim_queried": PANEL_KIND,
    "bursaries/claim_approved": PANEL_KIND,
    "bursaries/claim_paid": PANEL_KIND,
    "bursaries/settled": PANEL_KIND,
    "bursaries/asked_back": PANEL_KIND,
    "bursaries/waived": PANEL_KIND,
    "bursaries/returned": PANEL_KIND,
    "bursaries/travel_released": PANEL_KIND,
    "bursaries/seminar_changed": PANEL_KIND,
    # Involvement fees are organisers' (the panel never sees them).
    "fees/offered": ORGANISER_KIND,
}
UNDECLARED = "nowhere/made_up"  # a kind nobody declared: superusers only
PERSONAS = ["O", "P", "D", "S", "B", "N"]
DOOR = importlib.import_module("organising.migrations.0001_door_helpers")
CHANGELIST = "/admin/outbox/email/"


def kinds_in_the_code():
    """Every kind the code can queue: each email template's subject (an email cannot be
    rendered without one), and every template named in the source."""
    found = {
        f"{path.parent.parent.name}/{path.name.removesuffix('_subject.txt')}"
        for path in Path(settings.BASE_DIR, "templates").glob("*/emails/*_subject.txt")
    }
    named = re.compile(r"[\"'](\w+)/emails/(\w+)[\"']")
    for folder in ["config", *settings.LOCAL_APPS]:
        for path in Path(settings.BASE_DIR, folder).rglob("*.py"):
            found |= {f"{app}/{name}" for app, name in named.findall(path.read_text())}
    return found


@pytest.fixture
def people(django_user_model):
    view_email = Permission.objects.get(content_type__app_label="outbox", codename="view_email")

    def staff(username, *groups):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(*groups)
        return user

    organisers, panel = organisers_group(), panel_group()
    door = group_as_migrated(DOOR.DOOR_HELPERS, DOOR.DOOR_PERMISSIONS)
    nobody = staff("nobody")
    nobody.user_permissions.add(view_email)
    return {
        "O": staff("organiser", organisers),
        "P": staff("panel", panel),
        "D": staff("door", door),
        "S": django_user_model.objects.create_superuser("root", "root@example.org", "pw"),
        "B": staff("both", organisers, panel),
        "N": nobody,
    }


def test_every_kind_the_code_can_queue_is_in_the_table_and_declared():
    in_code = kinds_in_the_code()

    assert in_code == set(TABLE)
    assert set(kinds.declared()) == set(TABLE)


def test_every_declared_kind_can_be_built_and_has_its_templates():
    templates = Path(settings.BASE_DIR, "templates")

    for name, kind in kinds.declared().items():
        app, message = name.split("/")
        assert kind.build is not None, name
        for suffix in ("_subject.txt", ".txt", ".html"):
            assert (templates / app / "emails" / f"{message}{suffix}").exists(), name


def test_the_group_names_are_the_ones_the_migrations_make():
    panel_migration = importlib.import_module("bursaries.migrations.0002_bursary_panel_group")
    organisers_migration = importlib.import_module("registrations.migrations.0004_organisers_group")

    assert (ORGANISERS, BURSARY_PANEL, DOOR_HELPERS) == (
        organisers_migration.GROUP,
        panel_migration.PANEL_GROUP,
        DOOR.DOOR_HELPERS,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_registry_says_who_reads_each_kind_as_the_table_does(people, persona):
    user = people[persona]

    readable = {name for name in [*TABLE, UNDECLARED] if kinds.may_read_kind(user, name)}

    expected = {name for name, readers in TABLE.items() if persona in readers}
    if persona == "S":
        expected.add(UNDECLARED)
    assert readable == expected


@pytest.fixture
def one_of_each():
    """One failed email of every kind (and of a kind nobody declared), each to its own address."""
    return {
        name: Email.objects.create(
            kind=name,
            to=f"{name.replace('/', '.')}@example.org",
            subject=f"About {name}",
            body_text="Words",
            status=EmailStatus.FAILED,
        )
        for name in [*TABLE, UNDECLARED]
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_groups_outbox_lists_and_opens_the_kinds_the_table_gives_it(
    client, people, one_of_each, persona
):
    client.force_login(people[persona])

    listing = client.get(CHANGELIST)
    opened = {
        name: client.get(f"{CHANGELIST}{email.pk}/change/").status_code
        for name, email in one_of_each.items()
    }

    expected = {name for name, readers in TABLE.items() if persona in readers}
    if persona == "S":
        expected.add(UNDECLARED)
    if persona == "D":  # door helpers have no outbox at all
        assert listing.status_code == 403
        assert set(opened.values()) == {403}
        return
    assert listing.status_code == 200
    assert {email.kind for email in listing.context["cl"].queryset} == expected
    assert {name for name, status in opened.items() if status == 200} == expected
    assert {status for name, status in opened.items() if name not in expected} <= {302, 404}
    page = listing.content.decode()
    for name, email in one_of_each.items():
        assert (email.to in page) == (name in expected)


def test_an_inactive_or_non_staff_member_of_a_group_reads_nothing(django_user_model):
    organisers = organisers_group()
    inactive = django_user_model.objects.create_user("gone", is_staff=True, is_active=False)
    not_staff = django_user_model.objects.create_user("public")
    for user in (inactive, not_staff):
        user.groups.add(organisers)

    assert not any(kinds.may_read_kind(inactive, name) for name in TABLE)
    assert not any(kinds.may_read_kind(not_staff, name) for name in TABLE)
    Email.objects.create(kind="registrations/reminder", to="a@example.org", subject="s")
    assert not Email.objects.filter(kinds.readable_by(inactive)).exists()
    assert not Email.objects.filter(kinds.readable_by(not_staff)).exists()


def test_declaring_a_kind_again_with_other_readers_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        kinds.declare("registrations/reminder", readers={BURSARY_PANEL})

    assert kinds.get("registrations/reminder").readers == {ORGANISERS}


def test_no_app_registers_the_outbox_admin_again():
    from django.contrib import admin

    from outbox.admin import EmailAdmin

    assert type(admin.site._registry[Email]) is EmailAdmin
