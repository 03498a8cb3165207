import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates import services
from certificates.models import (
    CODE_ALPHABET,
    IssuedCertificate,
    NameChangeRequest,
    SeminarCertificate,
    normalise_code,
)
from certificates.rules import may_have_certificate
from common.audit import entries_for
from registrations import services as registration_services
from registrations.models import Registration
from tests.certificates.conftest import pdf_text
from tests.certificates.test_services import parsed
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def came(completed):
    return RegistrationFactory(seminar=completed, name="Siân Ó Dálaigh", attended=True)


def test_first_certificate_is_recorded_with_what_it_prints(came):
    content = services.certificate_for(came)

    issued = IssuedCertificate.objects.get()
    assert (issued.registration, issued.seminar, issued.name_printed, issued.hours) == (
        came,
        came.seminar,
        "Siân Ó Dálaigh",
        Decimal("5.5"),
    )
    assert len(issued.code) == 12
    assert set(issued.code) <= set(CODE_ALPHABET)
    words = pdf_text(content)
    assert f"Certificate {issued.display_code}" in words
    assert f"Check this certificate at {issued.check_url}" in words
    assert issued.check_url.endswith(f"/certificates/check/{issued.display_code}/")


def test_downloading_again_keeps_the_one_record_and_its_code(came):
    services.certificate_for(came)
    first = IssuedCertificate.objects.get()

    services.certificate_for(came)

    assert list(IssuedCertificate.objects.all()) == [first]
    assert not entries_for(first).exists()


def test_codes_are_unguessable_and_forgive_how_they_are_typed():
    codes = {IssuedCertificate._meta.get_field("code").default() for _ in range(200)}

    assert len(codes) == 200
    assert normalise_code("abcd-efgh-jkmn") == "ABCDEFGHJKMN"
    assert normalise_code(" 7KQ2 M9XD 4HPT ") == "7KQ2M9XD4HPT"
    assert normalise_code("OIL0-0000-0000") == "011000000000"  # O, I and L read as digits
    assert normalise_code("ABCD-EFGH-JKM") == ""  # too short
    assert normalise_code("ABCD-EFGH-JKMU") == ""  # U is not in the alphabet
    assert normalise_code("\uff21\uff22\uff23\uff24-EFGH-JKMN") == ""  # full-width: not ASCII


def test_an_organisers_correction_of_the_name_reissues_under_the_same_code(came, organiser):
    services.certificate_for(came)
    code = IssuedCertificate.objects.get().code

    registration_services.correct_details(came, by=organiser, name="Siân Ní Dhálaigh")
    came.refresh_from_db()
    words = pdf_text(services.certificate_for(came))

    issued = IssuedCertificate.objects.get()
    assert (issued.code, issued.name_printed) == (code, "Siân Ní Dhálaigh")
    assert issued.reissued_at is not None
    assert "This certifies that Siân Ní Dhálaigh attended" in words
    assert "corrected on" in words
    [entry] = entries_for(issued)
    assert (entry.action, entry.fields) == ("reissued", ["name_printed"])


def test_withdrawn_certificate_cannot_be_downloaded_and_is_recorded(came, organiser):
    services.certificate_for(came)
    issued = IssuedCertificate.objects.get()

    with pytest.raises(services.CertificateError, match="Say why"):
        services.withdraw_certificate(issued, by=organiser, reason="  ")
    services.withdraw_certificate(issued, by=organiser, reason="Given in error")

    issued.refresh_from_db()
    assert (issued.withdrawn_by, issued.withdrawn_reason) == (organiser, "Given in error")
    assert not may_have_certificate(Registration.objects.get(pk=came.pk))
    with pytest.raises(services.CertificateError):
        services.certificate_for(Registration.objects.get(pk=came.pk))
    with pytest.raises(services.CertificateError, match="already withdrawn"):
        services.withdraw_certificate(issued, by=organiser, reason="Twice")
    assert [(e.action, e.by) for e in entries_for(issued)] == [("withdrawn", organiser)]


def test_reissuing_a_withdrawn_certificate_makes_it_valid_again(came, organiser):
    services.certificate_for(came)
    issued = IssuedCertificate.objects.get()
    services.withdraw_certificate(issued, by=organiser, reason="Wrong person")

    services.reissue_certificate(issued, by=organiser)

    issued.refresh_from_db()
    assert (issued.withdrawn_at, issued.withdrawn_reason) == (None, "")
    assert may_have_certificate(Registration.objects.get(pk=came.pk))


def test_attendance_corrected_to_not_attended_withdraws_the_certificate(came, organiser):
    services.certificate_for(came)

    registration_services.correct_attendance(
        came, attended=False, by=organiser, reason="Left before it began"
    )

    issued = IssuedCertificate.objects.get()
    assert issued.is_withdrawn
    assert issued.withdrawn_reason == ("The attendance record was corrected: Left before it began")
    assert issued.withdrawn_by == organiser
    with pytest.raises(services.CertificateError, match="not marked as attended"):
        services.reissue_certificate(issued, by=organiser)


def test_attendance_corrected_back_reissues_it_and_sends_the_thanks_email(came, organiser, sent):
    services.certificate_for(came)
    registration_services.correct_attendance(came, attended=False, by=organiser, reason="Wrong")

    registration_services.correct_attendance(came, attended=True, by=organiser, reason="Right")

    issued = IssuedCertificate.objects.get()
    assert not issued.is_withdrawn
    [email] = sent()
    assert email.to == [came.email]
    assert len(email.attachments) == 1


def test_someone_corrected_to_attended_gets_their_first_certificate(completed, organiser, sent):
    absent = RegistrationFactory(seminar=completed, email="late@example.org", attended=False)

    registration_services.correct_attendance(
        absent, attended=True, by=organiser, reason="Signed the sheet on page 2"
    )

    [email] = sent()
    assert email.to == ["late@example.org"]
    assert len(email.attachments) == 1
    assert IssuedCertificate.objects.get().registration_id == absent.pk


def test_follow_up_issues_each_attendees_certificate(completed, organiser, sent):
    completed.attendance_completed_at = None
    completed.save(update_fields=["attendance_completed_at"])
    came = RegistrationFactory(seminar=completed, email="came@example.org", attended=True)
    RegistrationFactory(seminar=completed, email="missed@example.org", attended=False)

    services.mark_attendance_complete(completed, by=organiser)

    [issued] = IssuedCertificate.objects.all()
    assert issued.registration == came
    [thanks] = [message for message in sent() if message.to == ["came@example.org"]]
    [certificate] = [p for p in parsed(thanks).walk() if p.get_filename()]
    assert f"Certificate {issued.display_code}" in pdf_text(certificate.get_payload(decode=True))


def test_the_register_outlives_the_registration_and_erases_the_name_later(came, settings):
    services.certificate_for(came)
    later = timezone.now() + datetime.timedelta(days=400)

    registration_services.apply_retention(now=later)

    issued = IssuedCertificate.objects.get()
    assert not Registration.objects.exists()
    assert (issued.registration, issued.name_printed) == (None, "Siân Ó Dálaigh")
    assert services.erase_old_names(now=later) == 0

    much_later = timezone.now() + datetime.timedelta(
        days=366 * settings.CERTIFICATE_NAME_KEEP_YEARS
    )
    assert services.erase_old_names(now=much_later) == 1

    issued.refresh_from_db()
    assert (issued.name_printed, issued.seminar, issued.hours) == ("", came.seminar, Decimal("5.5"))
    assert issued.name_erased_at == much_later
    out = io.StringIO()
    call_command("apply_certificate_retention", stdout=out)
    assert out.getvalue().startswith("Erased 0 names")


def test_approved_name_change_corrects_the_name_and_keeps_the_code(came, organiser, sent):
    services.certificate_for(came)
    code = IssuedCertificate.objects.get().code
    request = services.request_name_change(came, name="  Siân  Ní Dhálaigh ")

    services.approve_name_change(request, by=organiser)

    came.refresh_from_db()
    issued = IssuedCertificate.objects.get()
    request.refresh_from_db()
    assert came.name == "Siân Ní Dhálaigh"
    assert (issued.code, issued.name_printed) == (code, "Siân Ní Dhálaigh")
    assert (request.approved, request.decided_by) == (True, organiser)
    assert ("reissued", organiser) in [(e.action, e.by) for e in entries_for(issued)]
    assert "corrected by an organiser" in [e.action for e in entries_for(came)]
    with pytest.raises(services.CertificateError, match="already been decided"):
        services.approve_name_change(request, by=organiser)
    [email] = sent()
    assert (email.to, email.subject) == (
        [came.email],
        f"Your certificate has your new name: Seminar {came.seminar.number}",
    )
    assert "Dear Siân Ní Dhálaigh," in email.body
    assert came.manage_url in email.body


def test_declined_name_change_changes_nothing_and_says_so(came, organiser, sent):
    services.certificate_for(came)
    request = services.request_name_change(came, name="Someone Else")

    services.decline_name_change(request, by=organiser)

    came.refresh_from_db()
    request.refresh_from_db()
    assert came.name == "Siân Ó Dálaigh"
    assert IssuedCertificate.objects.get().name_printed == "Siân Ó Dálaigh"
    assert (request.approved, request.decided_by) == (False, organiser)
    assert [(e.action, e.by) for e in entries_for(request)] == [("declined", organiser)]
    [email] = sent()
    assert email.subject == f"The name on your certificate: Seminar {came.seminar.number}"
    assert "We have not changed it." in email.body


def test_a_new_request_replaces_the_one_waiting(came):
    services.request_name_change(came, name="First Try")

    services.request_name_change(came, name="Second Try")

    assert list(NameChangeRequest.objects.values_list("name", flat=True)) == ["Second Try"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter your full name."),
        ("Siân Ó Dálaigh", "This is the name on your certificate already."),
        ("Siân\u202eO", "Names cannot contain control or text-direction characters."),
    ],
)
def test_name_change_requests_refused(came, name, message):
    with pytest.raises(services.CertificateError, match=message):
        services.request_name_change(came, name=name)

    assert not NameChangeRequest.objects.exists()


def test_no_name_change_request_without_a_certificate(seminar):
    registration = RegistrationFactory(seminar=seminar, attended=True)

    with pytest.raises(services.CertificateError):
        services.request_name_change(registration, name="Another Name")

    assert not NameChangeRequest.objects.exists()


def test_a_name_erased_on_request_keeps_the_rest_of_the_record(came, organiser):
    issued = services.issue_certificate(came)

    services.erase_name(issued, by=organiser)

    issued.refresh_from_db()
    assert (issued.name_printed, issued.seminar, issued.hours) == ("", came.seminar, Decimal("5.5"))
    assert issued.name_erased_at is not None
    assert [(e.action, e.by) for e in entries_for(issued)] == [
        ("name erased on request", organiser)
    ]


def test_no_certificate_while_the_cpd_hours_are_missing(came):
    SeminarCertificate.objects.filter(seminar=came.seminar).update(cpd_hours=None)

    with pytest.raises(services.CertificateError, match="CPD hours"):
        services.certificate_for(Registration.objects.get(pk=came.pk))

    assert not IssuedCertificate.objects.exists()
