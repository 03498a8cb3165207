"""The migration that gave venues their own postcode field moved it out of the address."""

import importlib

import pytest
from django.apps import apps

from seminars.models import Venue
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("seminars.migrations.0008_venue_postcode")


def test_a_postcode_at_the_end_of_an_address_moves_to_its_field_with_the_town():
    leeds = VenueFactory(address="Woodhouse Lane, Leeds LS2 9JT", city="Leeds")
    oxford = VenueFactory(address="Manor Road\nOxford\nox1 3uj", city="Oxford")
    unknown = VenueFactory(address="Somewhere without a postcode", city="York")

    migration.split_postcodes(apps, None)

    assert Venue.objects.get(pk=leeds.pk).postal_address == "Woodhouse Lane, Leeds LS2 9JT"
    assert (Venue.objects.get(pk=leeds.pk).address, Venue.objects.get(pk=leeds.pk).postcode) == (
        "Woodhouse Lane",
        "LS2 9JT",
    )
    assert Venue.objects.get(pk=oxford.pk).postcode == "OX1 3UJ"
    assert Venue.objects.get(pk=oxford.pk).address == "Manor Road"
    assert Venue.objects.get(pk=unknown.pk).address == "Somewhere without a postcode"
