import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import IssuedCertificate, NameChangeRequest
from common.audit import entries_for
from outbox.models import Email
from tests.certificates.conftest import pdf_text
from tests.factories import RegistrationFactory
from tests.utils import text

pytestmark = pytest.mark.django_db


def certificate_url(registration):
    return reverse("certificates:download", kwargs={"token": registration.manage_token})


def test_attendee_downloads_their_certificate_from_their_private_link(client, completed):
    registration = RegistrationFactory(seminar=completed, name="Siân Ó Dálaigh", attended=True)

    response = client.get(certificate_url(registration))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-seminar-{completed.number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "This certifies that Siân Ó Dálaigh attended" in pdf_text(response.content)
    assert not Email.objects.exists()


@pytest.mark.parametrize("attended", [False, None])
def test_no_certificate_for_anyone_not_marked_as_attended(client, seminar, attended):
    registration = RegistrationFactory(seminar=seminar, attended=attended)

    response = client.get(certificate_url(registration))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_unknown_token_is_404(client):
    response = client.get(reverse("certificates:download", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def test_certificate_refuses_post(client, seminar):
    registration = RegistrationFactory(seminar=seminar, attended=True)

    response = client.post(certificate_url(registration))

    assert response.status_code == 405


def test_a_corrected_name_gives_a_corrected_certificate(client, completed):
    registration = RegistrationFactory(seminar=completed, name="Sian O Dalaigh", attended=True)
    client.get(certificate_url(registration))
    registration.name = "Siân Ó Dálaigh"
    registration.save()

    response = client.get(certificate_url(registration))

    words = pdf_text(response.content)
    assert "Siân Ó Dálaigh" in words
    assert "Sian O Dalaigh" not in words


def test_manage_page_links_the_certificate_only_when_attended(client, completed):
    came = RegistrationFactory(seminar=completed, attended=True)
    missed = RegistrationFactory(seminar=completed, attended=False)

    came_page = client.get(came.manage_path)
    missed_page = client.get(missed.manage_path)

    assert "Download your certificate (PDF)" in text(came_page)
    assert certificate_url(came) in came_page.content.decode()
    assert "Your certificate" not in text(missed_page)
    assert "/certificate/" not in missed_page.content.decode()


def test_the_person_corrects_their_own_name_until_attendance_is_complete(client, seminar):
    registration = RegistrationFactory(seminar=seminar, name="Sian O Dalaigh", attended=True)
    name_page = reverse("registrations:name", kwargs={"token": registration.manage_token})
    assert "correct how it is spelt" in text(client.get(registration.manage_path))

    empty = client.post(name_page, {"name": "   "})
    done = client.post(name_page, {"name": "  Siân   Ó Dálaigh "})

    assert "Enter your full name" in text(empty)
    assert done.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.sort_name) == ("Siân Ó Dálaigh", "Dálaigh")
    [entry] = entries_for(registration)
    assert (entry.action, entry.fields, entry.by) == ("corrected their own name", ["name"], None)
    seminar.attendance_completed_at = timezone.now()
    seminar.save(update_fields=["attendance_completed_at"])
    words = pdf_text(client.get(certificate_url(registration)).content)
    assert "This certifies that Siân Ó Dálaigh attended" in words


def test_once_attendance_is_complete_the_own_name_change_is_refused(client, completed):
    registration = RegistrationFactory(seminar=completed, name="Sian O Dalaigh", attended=True)
    client.get(certificate_url(registration))
    name_page = reverse("registrations:name", kwargs={"token": registration.manage_token})

    manage = text(client.get(registration.manage_path))
    page = text(client.get(name_page))
    refused = client.post(name_page, {"name": "Someone Else"})

    assert "correct how it is spelt" not in manage
    assert "Ask for the name on your certificate to be changed" in manage
    assert "can no longer be changed" in page
    assert "Save my name" not in page
    assert refused.status_code == 200
    assert "can no longer be changed" in text(refused)
    registration.refresh_from_db()
    assert registration.name == "Sian O Dalaigh"
    assert registration.issued_certificate.name_printed == "Sian O Dalaigh"
    words = pdf_text(client.get(certificate_url(registration)).content)
    assert "This certifies that Sian O Dalaigh attended" in words


def test_a_name_change_asked_for_waits_for_an_organiser(client, completed):
    registration = RegistrationFactory(seminar=completed, name="Sian O Dalaigh", attended=True)
    client.get(certificate_url(registration))
    code = registration.issued_certificate.code
    page = reverse("certificates:name-change", kwargs={"token": registration.manage_token})

    bad = client.post(page, {"name": "Siân\u202eO"})
    sent = client.post(page, {"name": "Siân Ó Dálaigh"})

    assert "Names cannot contain control or text-direction characters" in text(bad)
    assert sent.status_code == 302
    [request] = NameChangeRequest.objects.all()
    assert (request.registration, request.name, request.decided_at) == (
        registration,
        "Siân Ó Dálaigh",
        None,
    )
    registration.refresh_from_db()
    assert registration.name == "Sian O Dalaigh"
    words = pdf_text(client.get(certificate_url(registration)).content)
    assert "Sian O Dalaigh" in words
    assert "Siân Ó Dálaigh" not in words
    assert IssuedCertificate.objects.get().code == code


def test_no_name_change_page_without_a_certificate(client, seminar):
    registration = RegistrationFactory(seminar=seminar, attended=True)
    page = reverse("certificates:name-change", kwargs={"token": registration.manage_token})

    assert client.get(page).status_code == 404
    assert client.post(page, {"name": "X"}).status_code == 404
    assert not NameChangeRequest.objects.exists()


def test_a_chosen_sort_name_stays_and_a_cancelled_registration_cannot_change(client, seminar):
    from registrations.models import RegistrationStatus

    chosen = RegistrationFactory(seminar=seminar, name="Ann Lee", sort_name="Ann")
    gone = RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)

    client.post(reverse("registrations:name", args=[chosen.manage_token]), {"name": "Ann Leigh"})
    refused = client.post(reverse("registrations:name", args=[gone.manage_token]), {"name": "X"})

    chosen.refresh_from_db()
    assert (chosen.name, chosen.sort_name) == ("Ann Leigh", "Ann")
    assert "This registration has been cancelled, so it cannot change." in text(refused)
    assert "correct how it is spelt" not in text(client.get(gone.manage_path))


def test_no_certificate_until_attendance_is_complete(client, seminar):
    came = RegistrationFactory(seminar=seminar, attended=True)

    assert client.get(certificate_url(came)).status_code == 404
    assert "Your certificate" not in text(client.get(came.manage_path))
