import importlib

import pytest
from django.apps import apps

from registrations.models import Registration, RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

fill_search_names = importlib.import_module(
    "registrations.migrations.0011_search_name"
).fill_search_names


def test_search_name_is_name_sort_name_and_organisation_without_accents_or_capitals():
    registration = RegistrationFactory(name="Seán Ó Dálaigh", organisation="Université de Liège")

    assert registration.search_name == "sean o dalaigh dalaigh universite de liege"


def test_search_name_follows_a_change_saved_with_update_fields():
    registration = RegistrationFactory(name="Ann Example", organisation="")

    registration.name = "Áine Ní Bhraonáin"
    registration.save(update_fields=["name"])
    registration.organisation = "Cúram"
    registration.save(update_fields=["organisation", "updated"])

    registration.refresh_from_db()
    assert registration.search_name == "aine ni bhraonain example curam"


def test_the_data_migration_fills_the_search_names_of_existing_registrations():
    registration = RegistrationFactory(name="Siân Owen", organisation="Mind")
    Registration.objects.filter(pk=registration.pk).update(search_name="")

    fill_search_names(apps, None)

    registration.refresh_from_db()
    assert registration.search_name == "sian owen owen mind"


def test_place_in_line_is_counted_over_the_whole_waiting_list_whatever_the_filter():
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    first, second, third = RegistrationFactory.create_batch(
        3, seminar=seminar, status=RegistrationStatus.WAITING
    )
    # Two at the same moment: the earlier row is first in line.
    Registration.objects.filter(pk=second.pk).update(created=third.created)
    for registration in (first, second, third):
        registration.refresh_from_db()
    RegistrationFactory(status=RegistrationStatus.WAITING)  # another seminar's list

    everyone = dict(
        Registration.objects.filter(seminar=seminar)
        .with_place_in_line()
        .values_list("pk", "place_in_line")
    )
    only_third = Registration.objects.with_place_in_line().get(pk=third.pk)

    assert [everyone[r.pk] for r in (first, second, third)] == [1, 2, 3]
    assert [r.waiting_position() for r in (first, second, third)] == [1, 2, 3]
    assert list(everyone.values()).count(None) == 1  # the confirmed place
    assert only_third.place_in_line == third.waiting_position()
