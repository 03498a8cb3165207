"""Online registrants are not at the door; organisers record who joined online, from the
seminar's day until attendance is complete, and a walk-in registered online moves to the room."""

import datetime

import pytest
from django.utils import timezone

from common.audit import entries_for
from registrations import services
from registrations.models import Mode, Registration, RegistrationStatus
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.registrations import SeminarOnlineFactory
from tests.organising.test_door import door
from tests.organising.test_overview import door_helpers
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar():
    """On its day, with room for 1 and 3 online places."""
    seminar = SeminarFactory(capacity=1, starts_at=timezone.now() + datetime.timedelta(hours=1))
    SeminarOnlineFactory(seminar=seminar, capacity=3)
    return seminar


@pytest.fixture
def helper(client, django_user_model):
    user = django_user_model.objects.create_user("dee", is_staff=True)
    user.groups.add(door_helpers())
    client.force_login(user)
    return user


@pytest.fixture
def organiser(client, django_user_model):
    user = django_user_model.objects.create_user("org", is_staff=True)
    user.groups.add(door_helpers(), organisers_group())
    client.force_login(user)
    return user


def page(seminar):
    return door(seminar, "online-attendance/")


def test_online_registrants_are_on_no_door_page_and_not_in_the_totals(client, helper, seminar):
    consent = {"health_consent_at": timezone.now()}
    RegistrationFactory(seminar=seminar, name="Ann Room", needs=["vegan"], **consent)
    RegistrationFactory(
        seminar=seminar, name="Olly Online", mode=Mode.ONLINE, needs=["halal"], **consent
    )
    RegistrationFactory(
        seminar=seminar, name="Wyn Waiting", mode=Mode.ONLINE, status=RegistrationStatus.WAITING
    )

    pages = {
        path: text(client.get(door(seminar, path)))
        for path in ("door/", "staff-sheet/", "sign-in-sheet/", "badges/", "totals/")
    }

    assert "Ann Room" in pages["door/"]
    assert [path for path, words in pages.items() if "Olly" in words or "Wyn" in words] == []
    assert "People with a place 1" in pages["totals/"]
    assert "Halal" not in pages["totals/"]
    assert "Vegan: 1" in pages["totals/"]


def test_a_walk_in_registered_online_is_moved_to_the_room(client, helper, seminar):
    person = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, email="ann@example.org")

    response = client.post(
        door(seminar, "door/walk-in/"), {"name": "Ann", "email": "ANN@example.org"}
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.mode, person.status, person.attended) == (Mode.ROOM, "confirmed", True)
    assert [e.action for e in entries_for(person)] == [
        "moved to the room at the door",
        "marked as attended",
    ]


def test_a_walk_in_registered_online_is_refused_when_the_room_is_full(client, helper, seminar):
    RegistrationFactory(seminar=seminar)
    person = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, email="ann@example.org")

    refused = client.post(
        door(seminar, "door/walk-in/"), {"name": "Ann", "email": "ann@example.org"}
    )

    person.refresh_from_db()
    assert "The seminar is full" in text(refused)
    assert (person.mode, person.attended) == (Mode.ONLINE, None)


def test_an_organiser_ticks_who_joined_online(client, organiser, seminar):
    ann = RegistrationFactory(seminar=seminar, name="Ann Online", mode=Mode.ONLINE)
    bo = RegistrationFactory(seminar=seminar, name="Bo Online", mode=Mode.ONLINE)
    room = RegistrationFactory(seminar=seminar, name="Cy Room")

    shown = text(client.get(page(seminar)))
    client.post(page(seminar), {"joined": [ann.pk, room.pk]})

    assert "Ann Online" in shown
    assert "Cy Room" not in shown
    attended = dict(Registration.objects.values_list("name", "attended"))
    assert attended == {"Ann Online": True, "Bo Online": None, "Cy Room": None}
    assert [e.action for e in entries_for(ann)] == ["marked as joined online"]
    assert not entries_for(bo).exists()


def test_unticking_clears_who_joined(client, organiser, seminar):
    ann = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, attended=True)

    client.post(page(seminar), {})

    ann.refresh_from_db()
    assert ann.attended is None


def test_pasting_the_platforms_list_marks_those_in_it_and_lists_the_rest(
    client, organiser, seminar
):
    ann = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, email="Ann@Example.org")
    bo = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, email="bo@example.org")
    room = RegistrationFactory(seminar=seminar, email="cy@example.org")
    pasted = (
        "Name,Email,Join time\n"
        "Ann,ann@example.org,10:02\n"
        "Cy,cy@example.org,10:05\n"
        "Stranger <dee@example.net>; 10:07\n"
    )

    response = client.post(page(seminar), {"paste": "yes", "addresses": pasted})

    words = text(response)
    assert "1 matched in the list. 1 change saved." in words
    assert "cy@example.org" in words
    assert "dee@example.net" in words
    for registration in (ann, bo, room):
        registration.refresh_from_db()
    assert (ann.attended, bo.attended, room.attended) == (True, None, None)


def test_an_empty_paste_says_what_to_do_and_saves_nothing(client, organiser, seminar):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)

    response = client.post(page(seminar), {"paste": "yes", "addresses": ""})

    assert "Paste the list from your meeting platform." in text(response)
    assert not Registration.objects.filter(attended=True).exists()


def test_no_online_attendance_before_the_day(client, organiser):
    seminar = SeminarFactory()
    ann = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    SeminarOnlineFactory(seminar=seminar)

    response = client.post(page(seminar), {"joined": [ann.pk]})

    assert "Online attendance can be recorded from" in text(response)
    ann.refresh_from_db()
    assert ann.attended is None


def test_once_attendance_is_complete_only_a_correction_changes_it(client, organiser, seminar):
    ann = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    Seminar.objects.filter(pk=seminar.pk).update(attendance_completed_at=timezone.now())
    seminar.refresh_from_db()

    client.post(page(seminar), {"joined": [ann.pk]})

    ann.refresh_from_db()
    assert ann.attended is None
    with pytest.raises(services.RegistrationError, match="marked as complete"):
        services.record_online_attendance(seminar, joined=[ann.pk], by=organiser)


def test_a_door_helper_may_not_record_online_attendance(client, helper, seminar):
    assert client.get(page(seminar)).status_code == 403


def test_the_addresses_are_found_wherever_they_are():
    assert services.online_attendance.addresses_in(
        'A <A@x.org>, b@y.co.uk;\n"c@z.net" a@x.org'
    ) == ["a@x.org", "b@y.co.uk", "c@z.net"]


def test_the_overview_counts_places_in_the_room_and_online_apart(client, django_user_model):
    seminar = SeminarFactory(capacity=2)
    SeminarOnlineFactory(seminar=seminar, capacity=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, status=RegistrationStatus.WAITING)
    user = django_user_model.objects.create_user("ann", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)

    page = text(client.get("/admin/"))

    assert "Places taken 1 of 2" in page
    assert "Places left 1 Waiting list 0 Online 1 taking part, 1 waiting" in page


def test_an_organiser_registers_someone_online_where_online_places_are_offered(
    client, organiser, seminar
):
    in_the_room_only = SeminarFactory()
    data = {
        "name": "Phone Caller",
        "email": "caller@example.org",
        "group": "academic",
        "privacy_agreed": "on",
        "mode": "online",
    }
    url = "/staff/registrations/register-someone/"

    refused = client.post(url, {**data, "seminar": in_the_room_only.pk})
    client.post(url, {**data, "seminar": seminar.pk})

    assert "This seminar has no online places." in text(refused)
    assert list(Registration.objects.values_list("seminar", "mode")) == [(seminar.pk, "online")]
