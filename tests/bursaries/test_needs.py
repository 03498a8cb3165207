"""The checklist of needs on a bursary application: kept only with the applicant's consent,
carried to their place when they accept, and gone when the application is anonymised."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, PaymentMethod
from registrations.models import Registration
from registrations.needs import Need
from tests.bursaries.test_payments import offered, staff_outside_panel  # noqa: F401
from tests.bursaries.test_views import apply_url, form_data
from tests.factories import BursaryApplicationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", Need.access)
def test_each_access_need_is_kept_with_consent_only(client, code):
    seminar = SeminarFactory(bursaries_per_group=5)

    client.post(apply_url(seminar), form_data(needs=[code]))
    client.post(
        apply_url(seminar), form_data(email="bo@example.org", needs=[code], health_consent="on")
    )

    without = BursaryApplication.objects.get(email="sian@example.org")
    with_consent = BursaryApplication.objects.get(email="bo@example.org")
    assert (without.needs, without.health_consent_at) == ([], None)
    assert with_consent.needs == [code]
    assert with_consent.health_consent_at is not None


def test_the_database_refuses_needs_without_consent():
    application = BursaryApplicationFactory(group="third_sector", organisation="Leeds Mind")
    application.needs = ["quiet_room"]

    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_accepting_carries_the_needs_ticked_to_the_place(staff_outside_panel):  # noqa: F811
    application = offered(
        staff_outside_panel,
        group="carer",
        organisation="",
        needs=["hearing_loop", "met_on_arrival"],
        health_consent_at=timezone.now(),
    )

    done = services.accept(application, payment_method=PaymentMethod.BOOK)

    place = Registration.objects.get(pk=done.registration_id)
    assert place.needs == ["hearing_loop", "met_on_arrival"]
    assert place.health_consent_at == application.health_consent_at


def test_anonymising_removes_the_needs():
    application = BursaryApplicationFactory(needs=["step_free"], health_consent_at=timezone.now())

    services.anonymise([application], now=timezone.now())

    application.refresh_from_db()
    assert application.needs == []
