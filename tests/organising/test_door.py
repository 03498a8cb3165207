"""The day itself: the door list, walk-ins, the printed sheets, badges and totals."""

import datetime
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
    """On its day: the door list is open from three hours before the start."""
    return SeminarFactory(capacity=3, starts_at=timezone.now() + datetime.timedelta(hours=1))


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
    consent = timezone.now()
    RegistrationFactory(seminar=seminar, name="Ann Zed", needs=["vegan"], health_consent_at=consent)
    RegistrationFactory(
        seminar=seminar, name="Bo Ng", needs=["vegan"], health_consent_at=consent, companion=True
    )
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


# When arrivals may be recorded: the seminar's phase decides (registrations/rules.py).


@pytest.fixture
def organiser(django_user_model):
    from tests.test_groups import organisers_group

    user = django_user_model.objects.create_user("olu", is_staff=True)
    user.groups.add(organisers_group())
    return user


def tap(client, seminar, person):
    return client.post(
        door(seminar, f"door/{person.pk}/arrived/"),
        {"arrived": "yes"},
        HTTP_ACCEPT="application/json",
    )


def test_nobody_marks_arrivals_before_the_day(client, helper, organiser):
    seminar = SeminarFactory(starts_at=timezone.now() + datetime.timedelta(hours=3, minutes=5))
    person = RegistrationFactory(seminar=seminar)

    as_helper = tap(client, seminar, person)
    client.force_login(organiser)
    as_organiser = tap(client, seminar, person)
    walk_in = client.post(door(seminar, "door/walk-in/"), {"name": "Dee Walker"})
    page = text(client.get(door(seminar, "door/")))
    person.refresh_from_db()

    assert as_helper.status_code == as_organiser.status_code == 409
    assert "Arrivals can be marked from" in json.loads(as_organiser.content)["error"]
    assert walk_in.status_code == 403
    assert person.attended is None
    assert Registration.objects.filter(seminar=seminar).count() == 1
    assert "Arrivals can be marked from" in page
    assert "Not arrived yet" in page  # the list is there to read and print
    assert f"door/{person.pk}/arrived/" not in page  # but has no buttons


def test_after_the_day_only_organisers_enter_attendance_from_the_sheet(client, helper, organiser):
    seminar = SeminarFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=10),
        ends_at=timezone.now() - datetime.timedelta(hours=3, minutes=1),
    )
    person = RegistrationFactory(seminar=seminar)

    as_helper = tap(client, seminar, person)
    helper_walk_in = client.post(door(seminar, "door/walk-in/"), {"name": "Dee Walker"})
    client.force_login(organiser)
    as_organiser = tap(client, seminar, person)
    organiser_walk_in = client.post(door(seminar, "door/walk-in/"), {"name": "Eve Walker"})
    person.refresh_from_db()

    assert as_helper.status_code == 409
    assert "The door list has closed" in json.loads(as_helper.content)["error"]
    assert as_organiser.status_code == 200
    assert person.attended is True
    assert [e.by for e in entries_for(person)] == [organiser]
    assert helper_walk_in.status_code == 403
    assert organiser_walk_in.status_code == 302
    assert list(
        Registration.objects.filter(seminar=seminar, attended=True).values_list("name", flat=True)
    ) == [person.name, "Eve Walker"]


def test_once_attendance_is_complete_only_a_recorded_correction_changes_it(
    client, helper, organiser
):
    from registrations import services

    seminar = SeminarFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        attendance_completed_at=timezone.now() - datetime.timedelta(days=1),
        cpd_hours=5,
        learning="What was covered.",
    )
    came = RegistrationFactory(seminar=seminar, attended=True)
    absent = RegistrationFactory(seminar=seminar)

    client.force_login(organiser)
    undo = client.post(
        door(seminar, f"door/{came.pk}/arrived/"),
        {"arrived": "no"},
        HTTP_ACCEPT="application/json",
    )
    walk_in = client.post(door(seminar, "door/walk-in/"), {"name": "Late Comer"})
    with pytest.raises(services.RegistrationError, match="Only an organiser"):
        services.correct_attendance(absent, attended=True, by=helper, reason="On the sheet")
    with pytest.raises(services.RegistrationError, match="Say why"):
        services.correct_attendance(absent, attended=True, by=organiser, reason="  ")
    services.correct_attendance(absent, attended=True, by=organiser, reason="Signed the sheet")
    came.refresh_from_db()
    absent.refresh_from_db()

    assert undo.status_code == 409
    assert "marked as complete" in json.loads(undo.content)["error"]
    assert walk_in.status_code == 403
    assert not Registration.objects.filter(name="Late Comer").exists()
    assert came.attended is True
    assert absent.attended is True
    assert [e.action for e in entries_for(absent)] == [
        "marked as attended (correction: Signed the sheet)"
    ]


def test_a_walk_in_already_registered_is_marked_arrived_on_their_place(client, helper, seminar):
    person = RegistrationFactory(seminar=seminar, email="ann@example.org")
    waiting = RegistrationFactory(
        seminar=seminar, email="bo@example.org", status=RegistrationStatus.WAITING
    )
    emails_before = Email.objects.count()

    first = client.post(
        door(seminar, "door/walk-in/"), {"name": "Ann Other", "email": "ANN@example.org"}
    )
    second = client.post(
        door(seminar, "door/walk-in/"), {"name": "Bo Waits", "email": "bo@example.org"}
    )
    person.refresh_from_db()
    waiting.refresh_from_db()

    page = text(client.get(first["Location"]))

    assert first.status_code == second.status_code == 302
    assert f"{person.name} already had a place: marked as arrived." in page
    assert person.attended is True
    assert (waiting.status, waiting.attended) == (RegistrationStatus.CONFIRMED, True)
    assert Registration.objects.filter(seminar=seminar).count() == 2  # nobody added twice
    assert Email.objects.count() == emails_before  # no link sent to someone standing there
