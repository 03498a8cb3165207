"""Names refuse control characters and text-direction overrides wherever they are entered,
and keep the joiners and marks that Persian and Indic names need."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bursaries.models import BursaryApplication
from certificates import services as certificate_services
from certificates.models import NameChangeRequest
from common.validators import NAME_CHARACTERS_MESSAGE, validate_name_characters
from people.models import Person
from registrations.models import Registration
from tests.bursaries.test_views import form_data as bursary_form
from tests.certificates.conftest import past_seminar
from tests.factories import RegistrationFactory, SeminarFactory, VenueFactory
from tests.organising.test_overview import door_helpers
from tests.registrations.test_views import form_data as registration_form
from tests.utils import text

pytestmark = pytest.mark.django_db

REFUSED = [
    "Ann\tLee",  # Cc: a tab
    "Ann\nLee",  # Cc: a new line
    "Ann\x1b[31mLee",  # Cc: a terminal escape
    "Ann\x7fLee",  # Cc: delete
    "Ann\u202aLee",  # left-to-right embedding
    "Ann\u202bLee",  # right-to-left embedding
    "Ann\u202cLee",  # pop directional formatting
    "Ann\u202dLee",  # left-to-right override
    "Ann\u202eeeL",  # right-to-left override: shows "Ann Lee" backwards
    "Ann\u2066Lee",  # left-to-right isolate
    "Ann\u2067Lee",  # right-to-left isolate
    "Ann\u2068Lee",  # first strong isolate
    "Ann\u2069Lee",  # pop directional isolate
]
ALLOWED = [
    "Siân Ó Dálaigh",
    "زهرا\u200cسادات",  # noqa: RUF001 (Persian: the zero-width non-joiner stays)
    "क्\u200dष",  # Devanagari with a zero-width joiner
    "محمد (Mo)\u200f",  # a right-to-left mark after a bracket
    "Σοφία",
    "王秀英",
]


@pytest.mark.parametrize("name", REFUSED)
def test_validator_refuses_control_and_direction_characters(name):
    with pytest.raises(ValidationError) as error:
        validate_name_characters(name)

    assert error.value.messages == [NAME_CHARACTERS_MESSAGE]


@pytest.mark.parametrize("name", ALLOWED)
def test_validator_keeps_joiners_marks_and_every_script(name):
    validate_name_characters(name)


BAD = "Ann\u202eeeL"


def public_registration(client, django_user_model):
    seminar = SeminarFactory()
    url = reverse("registrations:register", kwargs={"slug": seminar.slug})
    return client.post(url, registration_form(name=BAD)), Registration.objects.exists


def organiser_registers_someone(client, django_user_model):
    seminar = SeminarFactory()
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(user)
    data = registration_form(name=BAD, seminar=seminar.pk)
    url = reverse("organising:register-someone")
    return client.post(url, data), Registration.objects.exists


def walk_in(client, django_user_model):
    seminar = SeminarFactory(starts_at=timezone.now() + datetime.timedelta(hours=1))  # today
    user = django_user_model.objects.create_user("dee", is_staff=True)
    user.groups.add(door_helpers())
    client.force_login(user)
    url = f"/staff/seminars/{seminar.pk}/door/walk-in/"
    return client.post(url, {"name": BAD}), Registration.objects.exists


def bursary_application(client, django_user_model):
    seminar = SeminarFactory()
    url = reverse("bursaries:apply", kwargs={"slug": seminar.slug})
    return client.post(url, bursary_form(name=BAD)), BursaryApplication.objects.exists


def bursary_supporter(client, django_user_model):
    seminar = SeminarFactory()
    url = reverse("bursaries:apply", kwargs={"slug": seminar.slug})
    response = client.post(url, bursary_form(supporter_name="Sam\x00\u2066Lee"))
    return response, BursaryApplication.objects.exists


def own_name(client, django_user_model):
    registration = RegistrationFactory(name="Ann Lee")
    url = reverse("registrations:name", kwargs={"token": registration.manage_token})
    return client.post(url, {"name": BAD}), Registration.objects.exclude(name="Ann Lee").exists


def certificate_name_request(client, django_user_model):
    seminar = past_seminar()
    registration = RegistrationFactory(seminar=seminar, name="Ann Lee", attended=True)
    seminar.attendance_completed_at = seminar.starts_at
    seminar.save(update_fields=["attendance_completed_at"])
    certificate_services.issue_certificate(registration)
    url = reverse("certificates:name-change", kwargs={"token": registration.manage_token})
    return client.post(url, {"name": BAD}), NameChangeRequest.objects.exists


@pytest.mark.parametrize(
    "entry",
    [
        public_registration,
        organiser_registers_someone,
        walk_in,
        bursary_application,
        bursary_supporter,
        own_name,
        certificate_name_request,
    ],
)
def test_every_form_that_takes_a_name_refuses_direction_overrides(client, django_user_model, entry):
    response, saved = entry(client, django_user_model)

    assert response.status_code == 200
    assert NAME_CHARACTERS_MESSAGE in text(response)
    assert not saved()


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Person(name=BAD, slug="ann"), "name"),
        (lambda: VenueFactory.build(access_contact_name=BAD), "access_contact_name"),
        (lambda: RegistrationFactory.build(seminar=SeminarFactory(), name=BAD), "name"),
        (
            lambda: RegistrationFactory.build(
                seminar=SeminarFactory(), name="Ann Lee", sort_name="\u202eLee"
            ),
            "sort_name",
        ),
    ],
)
def test_the_models_refuse_them_too_for_the_admin_and_every_service(make, field):
    """The admin's forms (people, registrations) and services that call full_clean all
    reach the model's clean()."""
    with pytest.raises(ValidationError) as error:
        make().full_clean()

    assert error.value.message_dict[field] == [NAME_CHARACTERS_MESSAGE]
