import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import FollowUp, Signature
from outbox.models import Email
from tests.certificates.conftest import pdf_text, signature_png
from tests.factories import RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:seminars_seminar_changelist")
ACTION = "mark_attendance_complete"


@pytest.fixture
def organiser_in_group(client, django_user_model):
    user = django_user_model.objects.create_user("org", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return user


@pytest.fixture
def registrations(seminar):
    return [
        RegistrationFactory(seminar=seminar, attended=True, email="came@example.org"),
        RegistrationFactory(seminar=seminar, attended=False, email="missed@example.org"),
    ]


def test_action_first_asks_saying_who_gets_what_and_sends_nothing(
    client, organiser_in_group, seminar, registrations
):
    response = client.post(CHANGELIST, {"action": ACTION, "_selected_action": [seminar.pk]})

    page = text(response)
    assert response.status_code == 200
    assert "1 thank-you email with a certificate" in page
    assert '1 "sorry we missed you" email' in page
    preview = reverse("organising:certificate-preview", args=[seminar.pk])
    assert f'href="{preview}"' in response.content.decode()
    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is None
    assert not Email.objects.exists()


def test_confirming_marks_attendance_complete_and_queues_the_follow_up(
    client, organiser_in_group, seminar, registrations
):
    response = client.post(
        CHANGELIST, {"action": ACTION, "_selected_action": [seminar.pk], "post": "yes"}, follow=True
    )

    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is not None
    assert sorted(Email.objects.values_list("to", flat=True)) == [
        "came@example.org",
        "missed@example.org",
    ]
    assert FollowUp.objects.get().sent_by == organiser_in_group
    assert "Queued 1 thank-you email with certificates" in text(response)


def test_confirming_for_a_future_seminar_shows_why_and_changes_nothing(client, organiser_in_group):
    seminar = SeminarFactory(cpd_hours=3, learning="Things.")
    RegistrationFactory(seminar=seminar, attended=True)

    response = client.post(
        CHANGELIST, {"action": ACTION, "_selected_action": [seminar.pk], "post": "yes"}, follow=True
    )

    assert "has not happened yet" in text(response)
    seminar.refresh_from_db()
    assert seminar.attendance_completed_at is None
    assert not Email.objects.exists()


def test_attendance_complete_is_read_only_on_the_seminar_page(client, organiser_in_group, seminar):
    response = client.get(reverse("admin:seminars_seminar_change", args=[seminar.pk]))

    html = response.content.decode()
    assert 'name="attendance_completed_at' not in html
    assert 'name="certificate-0-cpd_hours"' in html  # on the certificates inline
    assert "Preview the certificate" in text(response)
    assert f'href="{reverse("organising:certificate-preview", args=[seminar.pk])}"' in html
    assert "Follow-up emails" in text(response)


def test_preview_shows_the_certificate_with_a_sample_name(client, organiser_in_group, seminar):
    response = client.get(reverse("organising:certificate-preview", args=[seminar.pk]))

    assert response["Content-Type"] == "application/pdf"
    words = pdf_text(response.content)
    assert "This certifies that Sample Name attended" in words
    assert "5.5 hours" in words


def test_preview_is_for_staff_only(client, seminar):
    response = client.get(reverse("organising:certificate-preview", args=[seminar.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_organisers_upload_a_signature_and_see_follow_ups(client, organiser_in_group):
    assert client.get(reverse("admin:certificates_signature_add")).status_code == 200
    assert client.get(reverse("admin:certificates_followup_changelist")).status_code == 200
    assert client.get(reverse("admin:certificates_followup_add")).status_code == 403


def test_signature_uploaded_in_the_admin_is_kept_privately_and_signs(
    client, organiser_in_group, principal_investigator, seminar, settings
):
    upload = SimpleUploadedFile("sig.png", signature_png(), content_type="image/png")

    response = client.post(
        reverse("admin:certificates_signature_add"),
        {"person": principal_investigator.pk, "image": upload},
    )

    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    change = client.get(reverse("admin:certificates_signature_change", args=[signature.pk]))
    assert change.status_code == 200


REGISTER = reverse("admin:certificates_issuedcertificate_changelist")
REQUESTS = reverse("admin:certificates_namechangerequest_changelist")


@pytest.fixture
def issued(completed):
    from certificates import services

    registration = RegistrationFactory(seminar=completed, name="Ann Lee", attended=True)
    return services.issue_certificate(registration)


def test_organisers_withdraw_a_certificate_saying_why(client, organiser_in_group, issued):
    asked = client.post(REGISTER, {"action": "withdraw", "_selected_action": [issued.pk]})
    without_reason = client.post(
        REGISTER,
        {"action": "withdraw", "_selected_action": [issued.pk], "post": "yes", "reason": ""},
    )
    issued.refresh_from_db()
    assert "Why are these certificates withdrawn?" in text(asked)
    assert issued.withdrawn_at is None
    assert without_reason.status_code == 200

    done = client.post(
        REGISTER,
        {
            "action": "withdraw",
            "_selected_action": [issued.pk],
            "post": "yes",
            "reason": "Not at the seminar",
        },
        follow=True,
    )

    issued.refresh_from_db()
    assert (issued.withdrawn_by, issued.withdrawn_reason) == (
        organiser_in_group,
        "Not at the seminar",
    )
    assert f"{issued} is withdrawn." in text(done)


def test_the_register_cannot_be_edited_by_hand(client, organiser_in_group, issued):
    change = reverse("admin:certificates_issuedcertificate_change", args=[issued.pk])

    page = client.get(change)
    client.post(change, {"name_printed": "Someone Else"})

    assert page.status_code == 200
    assert 'name="name_printed"' not in page.content.decode()
    issued.refresh_from_db()
    assert issued.name_printed == "Ann Lee"
    assert client.get(reverse("admin:certificates_issuedcertificate_add")).status_code == 403


def test_organisers_approve_a_name_change_and_the_code_stays(client, organiser_in_group, issued):
    from certificates import services

    request = services.request_name_change(issued.registration, name="Ann Leigh")

    listed = client.get(REQUESTS)
    client.post(REQUESTS, {"action": "approve", "_selected_action": [request.pk]})

    assert "Ann Leigh" in text(listed)
    code = issued.code
    issued.refresh_from_db()
    assert (issued.code, issued.name_printed) == (code, "Ann Leigh")
    request.refresh_from_db()
    assert (request.approved, request.decided_by) == (True, organiser_in_group)


def test_door_helpers_and_the_public_never_see_the_register(client, django_user_model, issued):
    from tests.organising.test_overview import door_helpers

    anonymous = client.get(REGISTER)
    helper = django_user_model.objects.create_user("dee", is_staff=True)
    helper.groups.add(door_helpers())
    client.force_login(helper)

    assert anonymous.status_code == 302  # to the sign-in page
    assert client.get(REGISTER).status_code == 403
    assert client.get(REQUESTS).status_code == 403
    assert (
        client.post(REGISTER, {"action": "erase_name", "_selected_action": [issued.pk]}).status_code
        == 403
    )
    issued.refresh_from_db()
    assert issued.name_printed == "Ann Lee"
