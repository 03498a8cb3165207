"""The day itself: the door list, walk-ins, the printed sheets, badges and totals."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.audit import entries_for
from outbox.models import Email
from registrations.models import Registration, RegistrationStatus
from tests.bursaries.conftest import panel_group
from tests.factories import RegistrationFactory, SeminarFactory
from tests.organising.test_overview import door_helpers
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper(client, django_user_model):
    user = django_user_model.objects.create_user("dee", is_staff=True)
    user.groups.add(door_helpers())
    client.force_login(user)
    return user


@pytest.fixture
def seminar():
    return SeminarFactory(capacity=3)


def door(seminar, path=""):
    return f"/staff/seminars/{seminar.pk}/{path}"


def test_only_staff_who_check_people_in_reach_the_door(client, seminar, django_user_model):
    anonymous = client.get(door(seminar, "door/"))
    panel = django_user_model.objects.create_user("pat", is_staff=True)
    panel.groups.add(panel_group())
    client.force_login(panel)
    refused = client.get(door(seminar, "door/"))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert refused.status_code == 403


def test_a_door_helper_can_use_nothing_else(client, helper, seminar):
    pages = [
        "/admin/registrations/registration/",
        "/admin/seminars/seminar/",
        "/admin/outbox/email/",
    ]

    assert {client.get(page).status_code for page in pages} == {403}
    assert client.get(door(seminar, "door/")).status_code == 200


def test_the_list_is_by_surname_whatever_the_accents_and_the_sort_name_can_change(
    client, helper, seminar
):
    RegistrationFactory(seminar=seminar, name="Ann Zed")
    RegistrationFactory(seminar=seminar, name="Bo Ábel")
    RegistrationFactory(seminar=seminar, name="Cy ode")
    Registration.objects.filter(name="Ann Zed").update(sort_name="Aaron")

    page = text(client.get(door(seminar, "door/")))

    assert page.index("Ann Zed") < page.index("Bo Ábel") < page.index("Cy ode")


def test_finding_a_name_ignores_accents(client, helper, seminar):
    RegistrationFactory(seminar=seminar, name="Siân Ó Dálaigh")
    RegistrationFactory(seminar=seminar, name="Bob Smith")

    page = text(client.get(door(seminar, "door/"), {"q": "sian o dal"}))

    assert "Siân Ó Dálaigh" in page
    assert "Bob Smith" not in page


def test_arrived_and_undo_without_javascript(client, helper, seminar):
    person = RegistrationFactory(seminar=seminar)

    arrived = client.post(door(seminar, f"door/{person.pk}/arrived/"), {"arrived": "yes"})
    person.refresh_from_db()
    was = person.attended
    client.post(door(seminar, f"door/{person.pk}/arrived/"), {"arrived": "no"})
    person.refresh_from_db()

    assert arrived.status_code == 302
    assert arrived["Location"].endswith(f"door/#person-{person.pk}")
    assert was is True
    assert person.attended is None  # undone: not recorded, rather than "did not come"
    assert [(e.action, e.by) for e in entries_for(person).order_by("at", "pk")] == [
        ("marked as attended", helper),
        ("attendance cleared", helper),
    ]


def test_a_tap_with_javascript_answers_in_json_and_a_refusal_says_why(client, helper, seminar):
    person = RegistrationFactory(seminar=seminar)
    gone = RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)
    other = RegistrationFactory()

    ok = client.post(
        door(seminar, f"door/{person.pk}/arrived/"),
        {"arrived": "yes"},
        HTTP_ACCEPT="application/json",
    )
    refused = client.post(
        door(seminar, f"door/{gone.pk}/arrived/"),
        {"arrived": "yes"},
        HTTP_ACCEPT="application/json",
    )
    elsewhere = client.post(door(seminar, f"door/{other.pk}/arrived/"), {"arrived": "yes"})
    read = client.get(door(seminar, f"door/{person.pk}/arrived/"))

    assert json.loads(ok.content) == {"arrived": True, "companion": False}
    assert refused.status_code == 409
    assert "has no confirmed place" in json.loads(refused.content)["error"]
    assert elsewhere.status_code == 404
    assert read.status_code == 405


def test_a_companion_is_noted_and_counted(client, helper, seminar):
    person = RegistrationFactory(seminar=seminar, attended=True)

    client.post(door(seminar, f"door/{person.pk}/companion/"), {"companion": "yes"})
    person.refresh_from_db()
    page = text(client.get(door(seminar, "door/")))

    assert person.companion is True
    assert "1 of 1 arrived , with 1 companion ." in page  # (tags leave spaces)


def test_a_walk_in_with_only_a_name_is_registered_and_arrived_without_an_email(
    client, helper, seminar
):
    response = client.post(door(seminar, "door/walk-in/"), {"name": "  Dee Walker "})
    again = client.post(door(seminar, "door/walk-in/"), {"name": "Eve Walker"})

    walk_ins = Registration.objects.filter(seminar=seminar).order_by("pk")
    assert response.status_code == 302
    assert again.status_code == 302
    assert [(r.name, r.email, r.attended, r.registered_by) for r in walk_ins] == [
        ("Dee Walker", "", True, helper),
        ("Eve Walker", "", True, helper),
    ]
    assert walk_ins[0].sort_name == "Walker"
    assert not Email.objects.exists()  # nobody to send to: the organiser tells them


def test_a_walk_in_when_full_needs_the_room_to_say_yes(client, helper, seminar):
    RegistrationFactory.create_batch(3, seminar=seminar)

    refused = client.post(door(seminar, "door/walk-in/"), {"name": "Dee Walker"})
    added = client.post(
        door(seminar, "door/walk-in/"), {"name": "Dee Walker", "beyond_capacity": "on"}
    )

    assert "The seminar is full" in text(refused)
    assert added.status_code == 302
    assert Registration.objects.filter(seminar=seminar, name="Dee Walker").count() == 1


def test_a_walk_in_who_says_they_are_a_carer_needs_their_agreement(client, helper, seminar):
    response = client.post(door(seminar, "door/walk-in/"), {"name": "Dee", "group": "carer"})

    assert "Tick the box if they agreed" in text(response)
    assert not Registration.objects.exists()


def test_the_staff_sheet_has_needs_and_the_sign_sheet_only_names(client, helper, seminar):
    RegistrationFactory(
        seminar=seminar,
        name="Ann Zed",
        organisation="Leeds Mind",
        access_requirements="Step-free route",
        dietary_requirements="Vegan",
        health_consent_at=timezone.now(),
    )
    RegistrationFactory(seminar=seminar, name="Wendy Waiting", status=RegistrationStatus.WAITING)

    staff_sheet = text(client.get(door(seminar, "staff-sheet/")))
    sign_sheet = text(client.get(door(seminar, "sign-in-sheet/")))
    badges = text(client.get(door(seminar, "badges/")))

    assert "Ann Zed Leeds Mind Step-free route Vegan" in staff_sheet
    assert "Ann Zed" in sign_sheet
    assert "Step-free" not in sign_sheet
    assert "Vegan" not in sign_sheet
    assert "Leeds Mind" not in sign_sheet
    assert "Ann Zed Leeds Mind" in badges
    assert not [page for page in (staff_sheet, sign_sheet, badges) if "Wendy Waiting" in page]


def test_the_totals_have_counts_and_no_names(client, helper, seminar):
    RegistrationFactory(seminar=seminar, name="Ann Zed", dietary_requirements="vegan ")
    RegistrationFactory(seminar=seminar, name="Bo Ng", dietary_requirements="Vegan", companion=True)
    RegistrationFactory(seminar=seminar, name="Cy Ode")

    page = text(client.get(door(seminar, "totals/")))

    assert "People with a place 3" in page
    assert "Companions and support workers noted 1" in page
    assert "Vegan: 2" in page
    assert not [name for name in ("Ann Zed", "Bo Ng", "Cy Ode") if name in page]


@pytest.mark.parametrize("path", ["door/", "staff-sheet/", "sign-in-sheet/", "badges/", "totals/"])
def test_each_page_runs_the_same_queries_for_one_person_or_many(client, helper, seminar, path):
    client.get(door(seminar, path))  # a staff session's first request writes the session once
    counts = []
    for size in (1, 6):
        seminar.capacity += size
        seminar.save()
        RegistrationFactory.create_batch(size, seminar=seminar, attended=True)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(door(seminar, path)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
