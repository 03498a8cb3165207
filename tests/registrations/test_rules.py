"""Who holds a bursary: organisers never learn it. Places held for bursary offers stay in every
count, shown as an anonymous number, never as rows, filter values or export lines; superusers
alone see those rows (registrations.rules)."""

import csv
import io

import pytest
from django.urls import reverse

from registrations import rules, services
from registrations.models import Registration, RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.roles import ROLES, make_staff
from tests.utils import text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registrations/registration/"

# Written by hand: whether each kind of staff account sees held places as rows...
SEES_HELD_ROWS = {
    "organiser": False,
    "panel": False,
    "door": False,
    "superuser": True,
    "no_group": False,
    "organiser_and_panel": False,
    "panel_conflicted": False,
}
# ...and whether it reaches the registrations list at all.
REACHES_LIST = {
    "organiser": 200,
    "panel": 403,
    "door": 403,
    "superuser": 200,
    "no_group": 403,
    "organiser_and_panel": 200,
    "panel_conflicted": 403,
}
REACHES_DOOR = {
    "organiser": 200,
    "panel": 403,
    "door": 200,
    "superuser": 200,
    "no_group": 403,
    "organiser_and_panel": 200,
    "panel_conflicted": 403,
}


@pytest.fixture
def places():
    """A seminar with one confirmed place, two places held for bursary offers (one made for the
    offer, one that was a waiting-list entry) and a row made for an offer that ended."""
    seminar = SeminarFactory(capacity=10)
    confirmed = RegistrationFactory(seminar=seminar, name="Carol Confirmed")
    held = services.hold_place(seminar, name="Hana Held", email="hana@example.org")
    RegistrationFactory(
        seminar=seminar,
        name="Wes Waiting",
        email="wes@example.org",
        status=RegistrationStatus.WAITING,
    )
    from_waiting = services.hold_place(seminar, name="Wes Waiting", email="wes@example.org")
    ended = services.hold_place(seminar, name="Ella Ended", email="ella@example.org")
    services.release_held_place(ended)
    return seminar, confirmed, held, from_waiting, Registration.objects.get(pk=ended.pk)


HIDDEN_NAMES = ["Hana Held", "Wes Waiting", "Ella Ended"]


def test_the_rows_are_what_the_fixture_says(places):
    _, confirmed, held, from_waiting, ended = places

    assert (held.status, held.held_for_offer) == (RegistrationStatus.HELD, True)
    assert (from_waiting.status, from_waiting.held_for_offer) == (RegistrationStatus.HELD, False)
    assert (ended.status, ended.held_for_offer) == (RegistrationStatus.CANCELLED, True)
    assert confirmed.held_for_offer is False


@pytest.mark.parametrize("role", ROLES)
def test_the_rule_answers_as_the_table_says(role, django_user_model, places):
    user = make_staff(django_user_model, role)
    _, confirmed, held, from_waiting, ended = places

    assert rules.may_see_held_places(user) is SEES_HELD_ROWS[role]
    assert rules.may_see_registration(user, confirmed) is True
    for row in (held, from_waiting, ended):
        assert rules.may_see_registration(user, row) is SEES_HELD_ROWS[role]
    assert set(rules.visible_registrations(user).values_list("name", flat=True)) == (
        {"Carol Confirmed", *HIDDEN_NAMES} if SEES_HELD_ROWS[role] else {"Carol Confirmed"}
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_list_its_filters_and_its_export_show_held_places_only_to_superusers(
    role, client, django_user_model, places
):
    seminar, confirmed, held, from_waiting, ended = places
    client.force_login(make_staff(django_user_model, role))

    listing = client.get(CHANGELIST, {"seminar__id__exact": seminar.pk})
    filtered = client.get(CHANGELIST, {"status__exact": "held"})
    exported = client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": [r.pk for r in (confirmed, held, from_waiting, ended)],
        },
    )
    change_page = client.get(f"{CHANGELIST}{held.pk}/change/")

    assert listing.status_code == REACHES_LIST[role]
    if REACHES_LIST[role] != 200:
        assert exported.status_code == 403
        assert change_page.status_code == 403
        return
    sees = SEES_HELD_ROWS[role]
    words = text(listing)
    assert "Carol Confirmed" in words
    for name in HIDDEN_NAMES:
        assert (name in words) is sees
    assert ("status__exact=held" in listing.content.decode()) is sees
    assert ("Hana Held" in text(filtered)) is sees
    names = [
        row[1]
        for row in csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig")))
    ][1:]
    assert sorted(names) == sorted(
        ["Carol Confirmed", *HIDDEN_NAMES] if sees else ["Carol Confirmed"]
    )
    assert change_page.status_code == (200 if sees else 302)  # the admin's "no such object"


@pytest.mark.parametrize("role", ["organiser", "organiser_and_panel", "superuser"])
def test_held_places_are_counted_anonymously_on_the_seminar_and_the_overview(
    role, client, django_user_model, places
):
    seminar, *_ = places
    client.force_login(make_staff(django_user_model, role))

    seminar_page = text(client.get(f"/admin/seminars/seminar/{seminar.pk}/change/"))
    overview = text(client.get("/admin/"))

    assert "Places taken: 3" in seminar_page.replace("Places taken 3", "Places taken: 3")
    assert "Of them held for bursary offers: 2" in seminar_page.replace(
        "Of them held for bursary offers 2", "Of them held for bursary offers: 2"
    )
    assert "Of them held for bursary holders 2" in overview
    if role != "superuser":
        for name in HIDDEN_NAMES:
            assert name not in seminar_page
            assert name not in overview


@pytest.mark.parametrize("role", ROLES)
def test_the_door_list_and_sheets_never_show_a_held_place(role, client, django_user_model, places):
    seminar, _, held, _, _ = places
    client.force_login(make_staff(django_user_model, role))
    base = f"/staff/seminars/{seminar.pk}/"

    pages = {
        path: client.get(base + path)
        for path in ("door/", "staff-sheet/", "sign-in-sheet/", "badges/")
    }
    tap = client.post(base + f"door/{held.pk}/arrived/", {"arrived": "yes"})

    for response in pages.values():
        assert response.status_code == REACHES_DOOR[role]
        for name in HIDDEN_NAMES:
            assert name not in text(response)
    if REACHES_DOOR[role] == 200:
        assert "Carol Confirmed" in text(pages["door/"])
        if not SEES_HELD_ROWS[role]:
            assert tap.status_code == 404
    held.refresh_from_db()
    assert held.attended is None


def test_organisers_email_everyone_registered_but_not_the_held_places(places, django_user_model):
    seminar, *_ = places
    organiser = make_staff(django_user_model, "organiser")

    count = services.notify_registrants(seminar, reason="update", message="", by=organiser)

    from outbox.models import Email

    assert count == 1
    assert list(Email.objects.values_list("to", flat=True)) == [
        Registration.objects.get(name="Carol Confirmed").email
    ]


def test_the_link_email_of_a_held_place_is_a_kind_organisers_do_not_read(places):
    seminar, *_ = places

    services.send_manage_link(seminar, email="hana@example.org")

    from outbox.models import Email

    assert list(Email.objects.values_list("kind", "to")) == [
        ("registrations/held_place_link", "hana@example.org")
    ]


def test_registering_an_address_whose_place_is_held_opens_no_held_row(
    client, django_user_model, places
):
    seminar, *_ = places
    client.force_login(make_staff(django_user_model, "organiser"))

    response = client.post(
        reverse("organising:register-someone"),
        {
            "seminar": seminar.pk,
            "name": "Hana Held",
            "email": "hana@example.org",
            "group": "practitioner",
            "privacy_agreed": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert Registration.objects.filter(email="hana@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_mark_the_rows_made_for_offers_before_the_field_existed(
    django_user_model,
):
    """bursaries 0011 reads StatusChange, since folded into the log: the bursaries app goes
    back to 0011 (its status moves copied back into StatusChange) to run it as it ran."""
    import importlib

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from bursaries import services as bursary_services
    from bursaries.models import CostLine, PaymentMethod
    from tests.factories import BursaryApplicationFactory

    member = make_staff(django_user_model, "panel")
    seminar = SeminarFactory(bursaries_closed=True, capacity=10)

    def offer(application):
        return bursary_services.offer(
            application,
            lines={CostLine.TRAVEL: 40},
            reply_by=seminar.registration_deadline,
            by=member,
        )

    held = offer(BursaryApplicationFactory(seminar=seminar)).registration
    declined = bursary_services.decline(offer(BursaryApplicationFactory(seminar=seminar)))
    accepted = bursary_services.accept(
        offer(BursaryApplicationFactory(seminar=seminar)), payment_method=PaymentMethod.REIMBURSE
    )
    own = RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)
    Registration.objects.update(held_for_offer=False)  # as the rows were before the field

    importlib.import_module("registrations.migrations.0012_held_for_offer").mark_held_places(
        apps, None
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("bursaries", "0011_ended_holds_hidden")]
    executor.migrate(before)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(before).apps
        importlib.import_module("bursaries.migrations.0011_ended_holds_hidden").mark_ended_holds(
            old_apps, None
        )
    finally:
        MigrationExecutor(connection).migrate(leaves)

    marked = dict(Registration.objects.values_list("pk", "held_for_offer"))
    assert marked == {
        held.pk: True,
        declined.registration_id: True,
        accepted.registration_id: False,
        own.pk: False,
    }
