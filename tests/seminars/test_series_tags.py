import datetime

import pytest
from django.test import override_settings

from seminars.models import SeminarStatus
from seminars.templatetags.series_tags import series_dates
from tests.factories import SeminarFactory, TentativeSeminarFactory
from tests.utils import london, text

pytestmark = pytest.mark.django_db


def test_series_dates_run_from_first_to_last_public_seminar():
    SeminarFactory(starts_at=london(2015, 11, 18, 10), ends_at=london(2015, 11, 18, 16))
    TentativeSeminarFactory(tentative_month=datetime.date(2017, 11, 1))
    SeminarFactory(starts_at=london(2016, 6, 1, 10), ends_at=london(2016, 6, 1, 16))
    SeminarFactory(
        status=SeminarStatus.DRAFT,
        starts_at=london(2018, 3, 1, 10),
        ends_at=london(2018, 3, 1, 16),
    )

    assert series_dates() == "November 2015 to November 2017"


def test_series_dates_use_uk_time_at_a_months_edge():
    """Midnight at the start of 1 December in UK winter time is still 1 December."""
    SeminarFactory(starts_at=london(2015, 12, 1, 0, 30), ends_at=london(2015, 12, 1, 2))
    SeminarFactory(starts_at=london(2016, 7, 1, 0, 30), ends_at=london(2016, 7, 1, 2))  # BST

    assert series_dates() == "December 2015 to July 2016"


def test_one_month_is_named_once_and_no_seminars_say_nothing():
    assert series_dates() == ""

    SeminarFactory(starts_at=london(2016, 1, 5, 10), ends_at=london(2016, 1, 5, 16))

    assert series_dates() == "January 2016"


@override_settings(PAGE_CACHE_SECONDS=0)
def test_footer_and_seminar_list_show_the_computed_dates(client):
    SeminarFactory(starts_at=london(2015, 11, 18, 10), ends_at=london(2015, 11, 18, 16))
    TentativeSeminarFactory(tentative_month=datetime.date(2017, 11, 1))

    home = text(client.get("/"))
    listing = text(client.get("/seminars/"))

    assert "(ESRC), November 2015 to November 2017." in home
    assert "Two free seminars, November 2015 to November 2017. Each one" in listing
