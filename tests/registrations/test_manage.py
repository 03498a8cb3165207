import datetime

import pytest
from django.urls import reverse

from outbox.models import Email
from registrations.models import Registration, RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db


def manage_url(registration):
    return reverse("registrations:manage", kwargs={"token": registration.manage_token})


def cancel_url(registration):
    return reverse("registrations:cancel", kwargs={"token": registration.manage_token})


def test_manage_page_shows_the_registration(client):
    registration = RegistrationFactory(name="Siân Ó Dálaigh")

    response = client.get(manage_url(registration))

    page = text(response)
    assert "Siân Ó Dálaigh" in page
    assert "Your place is confirmed." in page
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_manage_page_shows_the_waiting_list_position(client):
    seminar = SeminarFactory(capacity=0)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    second = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    assert "You are number 2 on the waiting list." in text(client.get(manage_url(second)))


@pytest.mark.parametrize(
    "token",
    [
        "x" * 43,  # the right shape, but no such registration
        "short",
        "a" * 10_000,
        "%00" * 40,
        "../../etc/passwd" + "a" * 40,
    ],
)
def test_unknown_forged_truncated_or_huge_tokens_are_404(client, token):
    RegistrationFactory()

    assert client.get(f"/registrations/{token}/").status_code == 404
    assert client.post(f"/registrations/{token}/cancel/").status_code == 404


def test_a_truncated_real_token_is_404(client):
    registration = RegistrationFactory()

    assert client.get(f"/registrations/{registration.manage_token[:-1]}/").status_code == 404


def test_get_never_changes_anything(client):
    """Mail scanners open every link: the cancel link itself only asks."""
    registration = RegistrationFactory()

    response = client.get(cancel_url(registration))

    registration.refresh_from_db()
    assert "Cancel your place?" in text(response)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not Email.objects.exists()


def test_cancel_from_the_confirmation_page(client):
    seminar = SeminarFactory(capacity=1)
    registration = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    response = client.post(cancel_url(registration), follow=True)

    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert "Your place is cancelled." in text(response)
    assert "Cancelled. You do not have a place." in text(response)
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_leave_the_waiting_list(client):
    registration = RegistrationFactory(status=RegistrationStatus.WAITING)

    response = client.post(cancel_url(registration), follow=True)

    assert "You have left the waiting list." in text(response)
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_cancel_needs_a_csrf_token():
    from django.test import Client

    registration = RegistrationFactory()

    response = Client(enforce_csrf_checks=True).post(cancel_url(registration))

    registration.refresh_from_db()
    assert response.status_code == 403
    assert registration.status == RegistrationStatus.CONFIRMED


def test_update_requirements(client):
    registration = RegistrationFactory()

    response = client.post(
        manage_url(registration),
        {
            "access_requirements": "Step-free access",
            "dietary_requirements": "Vegan",
            "health_consent": "on",
        },
        follow=True,
    )

    registration.refresh_from_db()
    assert "Your requirements are saved." in text(response)
    assert registration.access_requirements == "Step-free access"
    assert registration.dietary_requirements == "Vegan"


def test_access_requirements_without_consent_are_refused(client):
    registration = RegistrationFactory()

    response = client.post(
        manage_url(registration),
        {"access_requirements": "Step-free access", "dietary_requirements": ""},
    )

    registration.refresh_from_db()
    assert "Tick the box so that we can keep your access needs, or leave them empty." in text(
        response
    )
    assert registration.access_requirements == ""


def test_a_cancelled_registration_cannot_be_changed(client):
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)

    response = client.post(
        manage_url(registration), {"access_requirements": "", "dietary_requirements": "Vegan"}
    )

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "This registration has been cancelled" in text(response)
    assert registration.dietary_requirements == ""


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client, method):
    registration = RegistrationFactory()

    response = getattr(client, method)(cancel_url(registration))

    registration.refresh_from_db()
    assert response.status_code == 405
    assert registration.status == RegistrationStatus.CONFIRMED


def test_consent_can_be_withdrawn_and_the_health_information_goes(client):
    from django.utils import timezone

    registration = RegistrationFactory(
        group="carer", access_requirements="Quiet room", health_consent_at=timezone.now()
    )

    response = client.post(
        manage_url(registration),
        {"access_requirements": "", "dietary_requirements": "Vegan"},
        follow=True,
    )

    registration.refresh_from_db()
    assert "Your requirements are saved." in text(response)
    assert registration.group == "prefer_not_to_say"
    assert registration.access_requirements == ""
    assert registration.health_consent_at is None
    assert registration.dietary_requirements == "Vegan"


def test_manage_page_explains_how_to_withdraw_consent(client):
    registration = RegistrationFactory()

    page = text(client.get(manage_url(registration)))

    assert (
        "To take your permission back, untick the box and empty the 'anything else about "
        "access' box" in page
    )


# After the seminar, the private page says what fits (issue 20).


def _after(**fields):
    from django.utils import timezone

    return SeminarFactory(starts_at=timezone.now() - datetime.timedelta(days=3), **fields)


@pytest.mark.parametrize(
    ("attended", "complete", "says", "never"),
    [
        (True, False, "You came to this seminar. Thank you", "we have no certificate for you"),
        (None, False, "We are still recording who came", "we have no certificate for you"),
        (None, True, "we have no certificate for you. If you were there, email us", "confirmed"),
        (False, True, "We did not record you as attending", "Your place is confirmed"),
    ],
)
def test_after_the_seminar_the_page_says_what_happened(client, attended, complete, says, never):
    from django.utils import timezone

    completed = timezone.now() - datetime.timedelta(days=1) if complete else None
    registration = RegistrationFactory(
        seminar=_after(attendance_completed_at=completed), attended=attended
    )

    page = text(client.get(manage_url(registration)))

    assert says in page
    assert never not in page
    assert "Cancel my place" not in page
