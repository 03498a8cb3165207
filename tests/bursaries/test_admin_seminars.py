"""What the bursaries add to the seminar's admin page: their settings as an inline, with the
counts by group, and a warning when decisions come late."""

import datetime

import pytest

from bursaries.models import BursaryStatus, SeminarBursaries
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.seminars.test_changes import admin_data
from tests.utils import london, text

pytestmark = pytest.mark.django_db


def change_page(seminar):
    return f"/admin/seminars/seminar/{seminar.pk}/change/"


def test_the_seminar_page_shows_the_bursary_settings_and_counts_by_group(client, organiser):
    seminar = SeminarFactory(bursaries_per_group=2)
    BursaryApplicationFactory(seminar=seminar)
    BursaryApplicationFactory(seminar=seminar, status=BursaryStatus.WITHDRAWN)

    response = client.get(change_page(seminar))

    html, page = response.content.decode(), text(response)
    assert 'name="bursaries-0-per_group"' in html
    assert (
        "People who work or volunteer for charities: 1 applied, 0 offered, 0 accepted, 2 free"
        in (page)
    )
    assert "Service users and carers: 0 applied, 0 offered, 0 accepted, 2 free" in page


def test_saving_late_decisions_warns_the_organiser(client, organiser):
    seminar = SeminarFactory(starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16))

    response = client.post(
        change_page(seminar),
        admin_data(seminar, **{"bursaries-0-decisions_by": "2030-02-20"}),
        follow=True,
    )

    assert SeminarBursaries.objects.get(seminar=seminar).decisions_by == datetime.date(2030, 2, 20)
    assert "Bursary decisions by 20 February leave less than three weeks" in text(response)


def test_saving_decisions_in_good_time_gives_no_warning(client, organiser):
    seminar = SeminarFactory(starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16))

    response = client.post(
        change_page(seminar),
        admin_data(
            seminar,
            **{"bursaries-0-deadline_0": "2030-02-01", "bursaries-0-decisions_by": "2030-02-12"},
        ),
        follow=True,
    )

    assert SeminarBursaries.objects.get(seminar=seminar).decisions_by == datetime.date(2030, 2, 12)
    assert "less than three weeks" not in text(response)


def test_moving_the_start_before_the_bursary_deadline_is_refused(client, organiser):
    seminar = SeminarFactory(starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16))
    deadline = seminar.bursaries.deadline

    response = client.post(
        change_page(seminar),
        admin_data(
            seminar,
            starts_at_0="2030-02-01",
            ends_at_0="2030-02-01",
            registration_opens_at_0="",
            registration_opens_at_1="",
            registration_deadline_0="",
            registration_deadline_1="",
        ),
    )

    assert response.status_code == 200
    assert "Bursary applications must close before the seminar starts." in text(response)
    seminar.refresh_from_db()
    assert seminar.starts_at == london(2030, 3, 5, 10)
    assert SeminarBursaries.objects.get(seminar=seminar).deadline == deadline


def test_a_seminar_without_bursaries_gets_them_on_its_page(client, organiser):
    seminar = SeminarFactory(starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16))
    SeminarBursaries.objects.filter(seminar=seminar).delete()

    response = client.post(
        change_page(seminar),
        admin_data(
            seminar,
            **{
                "bursaries-0-deadline_0": "2030-01-31",
                "bursaries-0-decisions_by": "2030-02-07",
                "bursaries-0-per_group": "4",
            },
        ),
    )

    assert response.status_code == 302, text(response)
    bursaries = SeminarBursaries.objects.get(seminar=seminar)
    assert (bursaries.deadline, bursaries.per_group) == (london(2030, 2, 1), 4)
