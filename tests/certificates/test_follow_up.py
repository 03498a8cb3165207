"""The follow-up stays cheap as seminars grow: the certificates are recorded in the register in
one go, and each PDF is drawn by the email worker as it sends the email, from that record, the
same file as the download."""

import logging
from decimal import Decimal
from email import message_from_bytes, policy

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.emails import CERTIFICATE
from certificates.models import IssuedCertificate, SeminarCertificate
from outbox import services as outbox
from outbox.models import Email, EmailStatus
from seminars.models import Seminar
from tests.certificates.conftest import past_seminar, pdf_text, signature_png
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

SIZES = (3, 30)


def queries(job):
    with CaptureQueriesContext(connection) as captured:
        job()
    return len(captured)


def seminar_with(size):
    """A seminar that has happened, `size` people who came and `size` who did not."""
    seminar = past_seminar()
    RegistrationFactory.create_batch(size, seminar=seminar, attended=True)
    RegistrationFactory.create_batch(size, seminar=seminar, attended=False)
    return seminar


def certificate_of(message):
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    [part] = [part for part in parsed.walk() if part.get_filename()]
    return part.get_filename(), part.get_content_type(), part.get_payload(decode=True)


def test_marking_attendance_complete_costs_the_same_queries_for_3_or_30_people(organiser):
    ContentType.objects.get_for_model(Seminar)  # its cache filled, as in a running site
    counts = []
    for size in SIZES:
        seminar = seminar_with(size)

        counts.append(
            queries(
                lambda seminar=seminar: services.mark_attendance_complete(seminar, by=organiser)
            )
        )

        assert IssuedCertificate.objects.filter(seminar=seminar).count() == size
        assert Email.objects.filter(to__in=seminar.registrations.values("email")).count() == (
            2 * size
        )

    assert counts[0] == counts[1]


def test_the_scheduled_follow_up_costs_the_same_queries_for_3_or_30_people():
    counts = []
    for size in SIZES:
        seminar = seminar_with(size)
        Seminar.objects.filter(pk=seminar.pk).update(attendance_completed_at=timezone.now())

        counts.append(queries(services.send_due_follow_ups))

        assert IssuedCertificate.objects.filter(seminar=seminar).count() == size

    assert counts[0] == counts[1]


def test_the_queued_thanks_keeps_no_pdf_only_what_to_draw_it_from(completed):
    completed.attendance_completed_at = None
    completed.save(update_fields=["attendance_completed_at"])
    came = RegistrationFactory(seminar=completed, attended=True)

    services.mark_attendance_complete(completed, by=None)

    email = Email.objects.get(to=came.email)
    assert email.attachments == [{"renderer": CERTIFICATE, "params": {"registration": came.pk}}]
    assert mail.outbox == []


def test_the_emailed_certificate_is_drawn_at_sending_and_is_the_download(
    completed, client, principal_investigator, sent
):
    completed.attendance_completed_at = None
    completed.save(update_fields=["attendance_completed_at"])
    came = RegistrationFactory(seminar=completed, name="Siân Ó Dálaigh", attended=True)
    services.mark_attendance_complete(completed, by=None)
    # The hours corrected after the email was queued and before it went: the certificate is
    # drawn when it is sent, and reissued under its code, as a download would be.
    SeminarCertificate.objects.filter(seminar=completed).update(cpd_hours=Decimal("6.0"))

    [message] = sent()
    download = client.get(reverse("certificates:download", kwargs={"token": came.manage_token}))

    filename, mimetype, content = certificate_of(message)
    issued = IssuedCertificate.objects.get()
    assert (filename, mimetype) == (
        f"certificate-seminar-{completed.number}.pdf",
        "application/pdf",
    )
    assert content.startswith(b"%PDF-")
    words = pdf_text(content)
    assert "This certifies that Siân Ó Dálaigh attended" in words
    assert "6 hours of continuing professional development" in words
    assert f"Certificate {issued.display_code}" in words
    assert "corrected on" in words
    assert (issued.hours, issued.reissued_at is not None) == (Decimal("6.0"), True)
    assert download.status_code == 200
    assert download.content == content
    assert Email.objects.get().status == EmailStatus.SENT


def test_a_certificate_withdrawn_before_the_email_went_fails_the_email_visibly(
    completed, organiser, sent, caplog
):
    completed.attendance_completed_at = None
    completed.save(update_fields=["attendance_completed_at"])
    came, other = (
        RegistrationFactory(seminar=completed, name=name, attended=True)
        for name in ("Siân Ó Dálaigh", "Second Person")
    )
    services.mark_attendance_complete(completed, by=organiser)
    services.withdraw_certificate(
        IssuedCertificate.objects.get(registration=came), by=organiser, reason="Given in error"
    )

    with caplog.at_level(logging.INFO):
        delivered = sent()

    assert [message.to for message in delivered] == [[other.email]]
    failed = Email.objects.get(to=came.email)
    assert failed.status == EmailStatus.FAILED
    assert failed.last_error.startswith("Not sent: their certificate cannot be drawn now.")
    assert came.email not in caplog.text
    assert came.name not in caplog.text


def test_a_certificate_that_cannot_be_drawn_for_now_is_tried_again_and_nothing_half_sent(
    completed, signature, sent, caplog
):
    completed.attendance_completed_at = None
    completed.save(update_fields=["attendance_completed_at"])
    came = RegistrationFactory(seminar=completed, name="Siân Ó Dálaigh", attended=True)
    services.mark_attendance_complete(completed, by=None)
    signature.image.storage.delete(signature.image.name)  # the signature's file went missing

    with caplog.at_level(logging.INFO):
        delivered = sent()

    email = Email.objects.get()
    assert delivered == []
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert email.last_error == "Its attachment could not be drawn, for now (FileNotFoundError)."
    assert came.email not in caplog.text
    assert came.name not in caplog.text

    signature.image.storage.save(signature.image.name, ContentFile(signature_png()))
    outbox.send_due(now=email.next_attempt_at)

    [message] = mail.outbox
    assert message.to == [came.email]
    assert certificate_of(message)[2].startswith(b"%PDF-")
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
