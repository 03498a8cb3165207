"""The checklist of needs: kept only with consent, counted, and gone with the other details."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import CallBack, GroupCount, Registration, RegistrationStatus
from registrations.needs import Need, in_order
from registrations.queries import need_counts
from tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def register(seminar, **details):
    registration, _ = services.register(
        seminar,
        name="Ana Lee",
        email=details.pop("email", "ana@example.org"),
        group="academic",
        **details,
    )
    return registration


def form_data(**overrides):
    return {
        "name": "Ana Lee",
        "email": "ana@example.org",
        "group": "academic",
        "access_requirements": "",
        "dietary_requirements": "",
        "privacy_agreed": "on",
        "website": "",
        **overrides,
    }


def register_url(seminar):
    return reverse("registrations:register", kwargs={"slug": seminar.slug})


@pytest.mark.parametrize("code", Need.values)
def test_each_need_is_kept_with_consent_only(client, code):
    seminar = SeminarFactory()
    group = "access_needs" if code in Need.access else "food_needs"

    client.post(register_url(seminar), form_data(**{group: [code]}))
    client.post(
        register_url(seminar),
        form_data(email="bo@example.org", health_consent="on", **{group: [code]}),
    )

    without = Registration.objects.get(email="ana@example.org")
    with_consent = Registration.objects.get(email="bo@example.org")
    assert (without.needs, without.health_consent_at) == ([], None)
    assert with_consent.needs == [code]
    assert with_consent.health_consent_at is not None


def test_the_service_saves_no_needs_without_consent_whoever_calls_it():
    seminar = SeminarFactory()

    registration = register(seminar, needs=["hearing_loop", "halal"])

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.needs == []
    assert registration.health_consent_at is None


def test_the_service_keeps_needs_in_the_checklists_order_without_repeats_or_strangers():
    seminar = SeminarFactory()

    registration = register(
        seminar, needs=["vegan", "step_free", "vegan", "no_such_need"], health_consent=True
    )

    registration.refresh_from_db()
    assert registration.needs == ["step_free", "vegan"]


def test_the_database_refuses_needs_without_consent():
    registration = RegistrationFactory()
    registration.needs = ["nut_allergy"]

    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_the_model_refuses_a_code_not_on_the_checklist():
    registration = RegistrationFactory(health_consent_at=timezone.now())
    registration.needs = ["jetpack"]

    with pytest.raises(services.RegistrationError, match="Choose needs from the checklist only"):
        services.places.check_rules(registration)


def test_changing_requirements_keeps_needs_with_consent_and_drops_them_when_withdrawn():
    registration = RegistrationFactory()

    services.update_requirements(
        registration,
        access_requirements="",
        dietary_requirements="",
        health_consent=True,
        needs=["quiet_room", "kosher"],
    )
    kept = Registration.objects.get(pk=registration.pk).needs
    services.update_requirements(
        registration,
        access_requirements="",
        dietary_requirements="",
        health_consent=False,
        needs=["quiet_room", "kosher"],
    )

    registration.refresh_from_db()
    assert kept == ["quiet_room", "kosher"]
    assert (registration.needs, registration.health_consent_at) == ([], None)


def test_needs_from_elsewhere_come_only_with_the_consent_given_there():
    without = RegistrationFactory()
    with_consent = RegistrationFactory()

    services.complete_details(without, needs=["step_free"])
    services.complete_details(with_consent, needs=["step_free"], health_consent_at=timezone.now())

    without.refresh_from_db()
    with_consent.refresh_from_db()
    assert without.needs == []
    assert with_consent.needs == ["step_free"]


def test_in_order_follows_the_checklist():
    assert in_order(["other_allergy", "hearing_loop"]) == ["hearing_loop", "other_allergy"]


def test_need_counts_counts_places_only_in_one_query_for_many_seminars():
    consent = timezone.now()
    first, second, empty = SeminarFactory(), SeminarFactory(), SeminarFactory()
    RegistrationFactory(seminar=first, needs=["hearing_loop", "vegan"], health_consent_at=consent)
    RegistrationFactory(seminar=first, needs=["hearing_loop"], health_consent_at=consent)
    RegistrationFactory(
        seminar=first,
        needs=["hearing_loop"],
        health_consent_at=consent,
        status=RegistrationStatus.WAITING,
    )
    RegistrationFactory(
        seminar=first,
        needs=["bsl_interpreter"],
        health_consent_at=consent,
        status=RegistrationStatus.CANCELLED,
    )
    RegistrationFactory(seminar=second, dietary_requirements="No mushrooms")

    with CaptureQueriesContext(connection) as queries:
        counts = need_counts([first, second, empty.pk])

    assert len(queries) == 1
    assert counts[first.pk]["hearing_loop"] == 2
    assert counts[first.pk]["vegan"] == 1
    assert counts[first.pk]["bsl_interpreter"] == 0
    assert counts[second.pk]["anything_else_food"] == 1
    assert not +counts[empty.pk]


# Retention: the checklist and the phone number go with the other details.


def test_retention_removes_needs_and_call_backs_at_the_edge_and_counts_them(settings):
    settings.REGISTRATION_DETAILS_KEEP_MONTHS = 3
    ends = datetime.datetime(2025, 1, 15, 16, 0, tzinfo=datetime.UTC)
    seminar = SeminarFactory(
        starts_at=ends - datetime.timedelta(hours=6),
        ends_at=ends,
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
    )
    registration = RegistrationFactory(
        seminar=seminar, needs=["step_free", "gluten_free"], health_consent_at=ends
    )
    CallBack.objects.create(registration=registration, phone="07700 900123")
    three_months_later = datetime.datetime(2025, 4, 15, 15, 0, tzinfo=datetime.UTC)

    at_edge = services.apply_retention(now=three_months_later)
    kept_at_edge = (
        Registration.objects.get(pk=registration.pk).needs,
        CallBack.objects.filter(registration=registration).exists(),
    )
    after_edge = services.apply_retention(now=three_months_later + datetime.timedelta(seconds=1))

    registration.refresh_from_db()
    assert at_edge == (0, 0)
    assert kept_at_edge == (["step_free", "gluten_free"], True)
    assert after_edge == (1, 0)
    assert registration.needs == []
    assert not CallBack.objects.exists()
    count = GroupCount.objects.get(seminar=seminar)
    assert (count.with_access_requirements, count.with_dietary_requirements) == (1, 1)


def test_the_own_page_says_needs_were_not_kept_without_consent(client):
    registration = RegistrationFactory()
    url = reverse("registrations:manage", kwargs={"token": registration.manage_token})

    response = client.post(
        url,
        {"access_requirements": "", "dietary_requirements": "", "food_needs": ["kosher"]},
        follow=True,
    )

    registration.refresh_from_db()
    assert "we have kept none of the needs you ticked" in response.content.decode()
    assert registration.needs == []
