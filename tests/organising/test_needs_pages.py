"""The pages built on the checklist: the caterer's and venue's totals, the staff sheet, the
call-back list and "Please phone me" on the forms."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.audit import entries_for
from organising.registrations.forms import OrganiserRegistrationForm
from registrations.forms import RegistrationForm
from registrations.models import CallBack, Registration, RegistrationStatus
from registrations.services import PHONE_MISSING
from tests.factories import RegistrationFactory, SeminarFactory
from tests.organising.test_overview import door_helpers
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["Zanzibarian", "quokka", "marmalade-flavoured", "Okonkwo"]


@pytest.fixture
def organiser(client, django_user_model):
    user = django_user_model.objects.create_user("olu", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return user


@pytest.fixture
def seminar():
    """Open for registration, with room for everyone the tests register."""
    return SeminarFactory(capacity=30)


def totals_url(seminar):
    return reverse("organising:totals", args=[seminar.pk])


def test_the_totals_never_show_anyones_own_words(client, organiser, seminar):
    consent = timezone.now()
    RegistrationFactory(
        seminar=seminar,
        needs=["hearing_loop", "nut_allergy", "vegan"],
        health_consent_at=consent,
        access_requirements=f"My {SECRET_WORDS[0]} guide dog",
        dietary_requirements=f"No {SECRET_WORDS[1]}, please",
    )
    RegistrationFactory(
        seminar=seminar,
        needs=["hearing_loop", "other_allergy"],
        health_consent_at=consent,
        dietary_requirements=f"Allergic to {SECRET_WORDS[2]} jam",
    )
    RegistrationFactory(seminar=seminar, name=f"Ada {SECRET_WORDS[3]}")

    page = text(client.get(totals_url(seminar)))

    assert [word for word in SECRET_WORDS if word.lower() in page.lower()] == []
    assert "Hearing loop: 2" in page
    assert "Allergy: nuts: 1" in page
    assert "Allergy: another (the staff sheet says which): 1" in page
    assert "Vegan: 1" in page
    assert "2 people wrote more about food: the staff sheet has the details." in page
    assert "1 person wrote more about access" in page


def test_the_staff_sheet_shows_needs_ticked_and_own_words(client, organiser, seminar):
    RegistrationFactory(
        seminar=seminar,
        name="Ann Zed",
        needs=["step_free", "halal"],
        health_consent_at=timezone.now(),
        dietary_requirements="No mushrooms",
    )

    page = text(client.get(reverse("organising:staff-sheet", args=[seminar.pk])))

    assert "Ann Zed Step-free access Halal; No mushrooms" in page


@pytest.mark.parametrize("name", ["organising:totals", "organising:call-backs"])
def test_pages_run_the_same_queries_for_one_person_or_many(client, organiser, seminar, name):
    url = reverse(name, args=[seminar.pk] if name == "organising:totals" else [])
    client.get(url)  # a staff session's first request writes the session once
    counts = []
    for size in (1, 5):
        for registration in RegistrationFactory.create_batch(
            size, seminar=seminar, needs=["vegan"], health_consent_at=timezone.now()
        ):
            CallBack.objects.create(registration=registration, phone="0113 496 0000")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# "Please phone me": the number is required only when the box is ticked.


def register_url(seminar):
    return reverse("registrations:register", kwargs={"slug": seminar.slug})


def form_data(**overrides):
    return {
        "name": "Ana Lee",
        "email": "ana@example.org",
        "group": "academic",
        "privacy_agreed": "on",
        "website": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone_call": "on"}, PHONE_MISSING),
        ({"phone_call": "on", "phone": "call me maybe"}, PHONE_MISSING),
        ({"phone_call": "on", "phone": "12"}, PHONE_MISSING),
        (
            {"phone": "07700 900123"},
            "Tick 'Please phone me' if you would like us to call you, or delete the phone number.",
        ),
    ],
)
def test_the_phone_rule_says_what_to_do_and_saves_nothing(client, seminar, data, message):
    response = client.post(register_url(seminar), form_data(**data))

    assert response.status_code == 200
    assert message in text(response)
    assert not Registration.objects.exists()
    assert not CallBack.objects.exists()


def test_ticking_phone_me_puts_the_person_on_the_call_back_list(client, seminar):
    client.post(register_url(seminar), form_data(phone_call="on", phone=" 07700  900123 "))
    client.post(register_url(seminar), form_data(email="bo@example.org"))

    call = CallBack.objects.get()
    assert call.registration.email == "ana@example.org"
    assert call.phone == "07700 900123"
    assert call.called_at is None


def test_the_own_page_can_stop_asking_for_a_call(client, seminar):
    registration = RegistrationFactory(seminar=seminar)
    CallBack.objects.create(registration=registration, phone="07700 900123")
    url = reverse("registrations:manage", kwargs={"token": registration.manage_token})

    shown = client.get(url).content.decode()
    client.post(url, {"access_requirements": "", "dietary_requirements": ""})

    assert 'value="07700 900123"' in shown
    assert not CallBack.objects.exists()


# The call-back list.


def test_organisers_see_who_asked_and_mark_them_called(client, organiser, seminar):
    registration = RegistrationFactory(seminar=seminar, name="Cleo Banda")
    call = CallBack.objects.create(registration=registration, phone="0113 496 0000")
    held = RegistrationFactory(seminar=seminar, name="Hal Held", status=RegistrationStatus.HELD)
    CallBack.objects.create(registration=held, phone="0113 496 0001")

    before = text(client.get(reverse("organising:call-backs")))
    response = client.post(reverse("organising:call-back-called", args=[call.pk]))
    after = text(client.get(reverse("organising:call-backs")))

    call.refresh_from_db()
    assert "Cleo Banda 0113 496 0000" in before
    assert "Hal Held" not in before
    assert response.status_code == 302
    assert call.called_by == organiser
    assert call.called_at is not None
    assert "Called (1) " in after
    assert "olu" in after
    assert [e.action for e in entries_for(registration)] == ["phoned about what would help"]


def test_marking_called_twice_keeps_the_first_record(client, organiser, seminar):
    call = CallBack.objects.create(
        registration=RegistrationFactory(seminar=seminar), phone="0113 496 0000"
    )
    url = reverse("organising:call-back-called", args=[call.pk])

    client.post(url)
    first = CallBack.objects.get().called_at
    client.post(url)

    assert CallBack.objects.get().called_at == first
    assert len(entries_for(call.registration)) == 1


def test_door_helpers_never_see_the_list(client, django_user_model, seminar):
    helper = django_user_model.objects.create_user("dee", is_staff=True)
    helper.groups.add(door_helpers())
    call = CallBack.objects.create(
        registration=RegistrationFactory(seminar=seminar), phone="0113 496 0000"
    )
    client.force_login(helper)

    page = client.get(reverse("organising:call-backs"))
    mark = client.post(reverse("organising:call-back-called", args=[call.pk]))

    assert (page.status_code, mark.status_code) == (403, 403)
    assert CallBack.objects.get().called_at is None


def test_the_own_page_runs_the_same_queries_with_or_without_needs_and_a_call(client, seminar):
    plain = RegistrationFactory(seminar=seminar)
    full = RegistrationFactory(
        seminar=seminar,
        needs=["step_free", "vegan", "nut_allergy"],
        health_consent_at=timezone.now(),
    )
    CallBack.objects.create(registration=full, phone="0113 496 0000")
    counts = []
    for registration in (plain, full):
        url = reverse("registrations:manage", kwargs={"token": registration.manage_token})
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert 'value="0113 496 0000"' in page
    assert 'value="nut_allergy" id="id_food_needs_6" checked' in page


def test_an_organiser_registers_someone_with_needs_and_a_call(client, organiser, seminar):
    form = client.get(reverse("organising:register-someone")).content.decode()
    response = client.post(
        reverse("organising:register-someone"),
        {
            "seminar": seminar.pk,
            "name": "Pat Oduya",
            "email": "",
            "group": "carer",
            "access_needs": ["quiet_room"],
            "food_needs": ["halal"],
            "health_consent": "on",
            "phone_call": "on",
            "phone": "0113 496 0002",
            "privacy_agreed": "on",
        },
    )

    registration = Registration.objects.get()
    assert 'value="quiet_room"' in form
    assert "This person would like a call to talk about what would help" in form
    assert response.status_code == 302
    assert registration.needs == ["quiet_room", "halal"]
    assert registration.call_back.phone == "0113 496 0002"


def test_the_overview_says_how_many_are_waiting_for_a_call(client, organiser, seminar):
    waiting, done = RegistrationFactory.create_batch(2, seminar=seminar)
    CallBack.objects.create(registration=waiting, phone="0113 496 0000")
    CallBack.objects.create(registration=done, phone="0113 496 0001", called_at=timezone.now())

    page = text(client.get("/admin/"))

    assert "1 person asked us to phone them about what would help" in page


def test_the_register_someone_form_speaks_about_this_person_not_to_them(organiser):
    """Every label and hint the public form addresses to the person ("your", "me") is said
    about "this person" here; "you" is the organiser."""
    public = RegistrationForm(offers_online=True)
    staff = OrganiserRegistrationForm()
    to_the_person = re.compile(r"\b(you|your|me|my|I)\b", re.I)

    kept = [
        (name, text)
        for name, field in public.fields.items()
        for text, ours in (
            (str(field.label), str(staff.fields[name].label)),
            (str(field.help_text), str(staff.fields[name].help_text)),
        )
        if to_the_person.search(text) and text == ours
    ]

    assert kept == []
    choices = [
        label for name in ("access_needs", "food_needs") for _, label in staff.fields[name].choices
    ]
    assert [label for label in choices if to_the_person.search(label)] == []
    assert staff.fields["name"].label == "This person's full name"
    assert staff.fields["group"].label == "Which group is this person part of?"


def test_register_someone_errors_speak_about_this_person():
    """The errors too: an organiser who leaves the name empty reads "Enter this person's full
    name", not the public form's "Enter your full name"."""
    staff = OrganiserRegistrationForm()
    to_the_person = re.compile(r"\b(your|me|my|I)\b", re.I)

    kept = [
        (name, code, str(message))
        for name, field in staff.fields.items()
        for code, message in field.error_messages.items()
        if to_the_person.search(str(message))
    ]

    assert kept == []
    assert staff.fields["name"].error_messages["required"] == "Enter this person's full name."
