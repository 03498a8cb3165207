import datetime
import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bursaries import services
from bursaries.models import BursaryStatus, Claim, Receipt
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.factories.bursaries import claim_money
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 24.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png_bomb():
    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def accepted():
    """An accepted bursary of up to £40 for a seminar that took place yesterday."""
    start = timezone.now() - datetime.timedelta(days=1)
    seminar = SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_deadline=start - datetime.timedelta(days=10),
        registration_opens_at=start - datetime.timedelta(days=40),
        bursary_deadline=start - datetime.timedelta(days=20),
    )
    return BursaryApplicationFactory(
        seminar=seminar,
        status=BursaryStatus.ACCEPTED,
        offer_amount=Decimal("40.00"),
        reply_by=start - datetime.timedelta(days=5),
    )


def claim_url(application):
    return reverse("bursaries:claim", kwargs={"token": application.token})


def post_claim(client, application, *files, amount="38.20", reason=""):
    return client.post(
        claim_url(application),
        {"amount": amount, "reason_over_offer": reason, "receipts": list(files)},
    )


def upload(content, name, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_claim_with_a_pdf_and_a_photo_whose_gps_is_removed(client, accepted, sent):
    response = post_claim(
        client,
        accepted,
        upload(PDF, "train.pdf", "application/pdf"),
        upload(jpeg_with_gps(), "taxi.jpg", "image/jpeg"),
    )

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == BursaryStatus.CLAIMED
    claim = Claim.objects.get()
    assert claim.amount == Decimal("38.20")
    pdf, photo = claim.receipts.all()
    assert (pdf.content_type, photo.content_type) == ("application/pdf", "image/jpeg")
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
    assert "train" not in pdf.file.name
    assert "taxi" not in photo.file.name
    assert any(email.subject.startswith("We have your travel claim") for email in sent())


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "receipt.svg",
            "This file is not a receipt we can accept.",
        ),
        (png_bomb(), "bomb.png", "This image is too big."),
        (b"\x00" * (20 * 1024 * 1024), "big.pdf", "This file is too large."),
        (b"MZ\x90\x00 not a document", "receipt.pdf", "This file is not a receipt we can accept."),
        (
            b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n",
            "receipt.pdf",
            "This PDF contains scripts, attached files or actions that run by themselves",
        ),
    ],
)
def test_unsafe_or_unknown_files_are_refused_and_nothing_saved(
    client, accepted, content, name, message
):
    response = post_claim(client, accepted, upload(content, name))

    assert response.status_code == 200
    assert message in text(response)
    assert not Claim.objects.exists()
    assert not Receipt.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == BursaryStatus.ACCEPTED


def test_a_png_called_pdf_is_kept_as_the_png_it_is(client, accepted):
    post_claim(client, accepted, upload(png_bytes(), "receipt.pdf", "application/pdf"))

    receipt = Receipt.objects.get()
    assert receipt.content_type == "image/png"
    assert receipt.file.name.endswith(".png")


def test_claim_above_the_offer_needs_a_reason(client, accepted):
    refused = post_claim(client, accepted, upload(PDF, "r.pdf"), amount="55")
    accepted_claim = post_claim(
        client, accepted, upload(PDF, "r.pdf"), amount="55", reason="The train was cancelled."
    )

    assert "You are claiming more than the £40.00 left in your bursary." in text(refused)
    assert accepted_claim.status_code == 302
    assert Claim.objects.get().reason_over_offer == "The train was cancelled."


def test_no_claim_before_the_seminar(accepted):
    with pytest.raises(services.BursaryError) as error:
        services.submit_claim(
            accepted,
            amount=Decimal("10"),
            files=[(upload(PDF, "r.pdf"), "application/pdf")],
            now=accepted.seminar.starts_at - datetime.timedelta(seconds=1),
        )

    assert str(error.value) == "You can send your claim once the seminar has taken place."


def test_receipts_reach_only_their_applicant_and_the_panel(
    client, accepted, django_user_model, make_panel_member
):
    post_claim(client, accepted, upload(PDF, "r.pdf", "application/pdf"))
    receipt = Receipt.objects.get()
    other = BursaryApplicationFactory()
    own_url = reverse("bursaries:receipt", kwargs={"token": accepted.token, "receipt": receipt.pk})
    others_url = reverse("bursaries:receipt", kwargs={"token": other.token, "receipt": receipt.pk})
    admin_url = reverse("organising:bursary-receipt", args=[accepted.pk, receipt.pk])

    own = client.get(own_url)
    with_another_token = client.get(others_url)
    anonymous_admin = client.get(admin_url)
    staff = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)
    non_panel = client.get(admin_url)
    client.force_login(make_panel_member())
    panel = client.get(admin_url)

    own_content = b"".join(own.streaming_content)
    own.close()
    panel.close()
    assert own.status_code == 200
    assert "no-store" in own["Cache-Control"]
    assert own["Content-Disposition"] == f'attachment; filename="receipt-{receipt.pk}.pdf"'
    assert own_content == PDF
    assert with_another_token.status_code == 404
    assert anonymous_admin.status_code == 302  # to the login page
    assert non_panel.status_code == 403
    assert panel.status_code == 200
    assert "no-store" in panel["Cache-Control"]


def test_receipts_are_not_under_the_public_media_url(client, accepted, settings):
    post_claim(client, accepted, upload(PDF, "r.pdf", "application/pdf"))
    receipt = Receipt.objects.get()

    assert not str(receipt.file.path).startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{receipt.file.name}").status_code == 404


def test_panel_queries_then_the_applicant_answers_then_the_panel_pays(
    client, accepted, make_panel_member, sent
):
    post_claim(client, accepted, upload(PDF, "r.pdf", "application/pdf"))
    member = make_panel_member()
    client.force_login(member)
    client.post(f"{STAFF}{accepted.pk}/actions/query/", {"question": "Which date?"})
    accepted.refresh_from_db()
    status_after_query = accepted.status
    client.logout()

    page = text(client.get(accepted.status_path))
    client.post(
        reverse("bursaries:answer", kwargs={"token": accepted.token}),
        {"answer": "The 5th of January."},
    )
    client.force_login(member)
    client.post(f"{STAFF}{accepted.pk}/actions/approve/", {"amount_approved": "38.20"})
    accepted.refresh_from_db()
    status_after_approval = accepted.status
    client.post(f"{STAFF}{accepted.pk}/actions/pay/", {"paid_on": "2026-01-20"})

    accepted.refresh_from_db()
    claim = Claim.objects.get()
    assert status_after_query == BursaryStatus.QUERIED
    assert "Which date?" in page
    assert claim.answer == "The 5th of January."
    assert status_after_approval == BursaryStatus.APPROVED  # approving is not paying
    assert accepted.status == BursaryStatus.PAID
    assert claim_money(accepted) == (
        Decimal("38.20"),
        Decimal("38.20"),
        datetime.date(2026, 1, 20),
    )
    subjects = [email.subject for email in sent()]
    assert any(s.startswith("Action needed: a question about your travel claim") for s in subjects)
    assert any(s.startswith("Your travel claim is approved") for s in subjects)
    assert any(s.startswith("We have paid your travel claim") for s in subjects)


def test_posting_a_claim_without_an_accepted_bursary_is_refused_not_an_error(client):
    application = BursaryApplicationFactory()  # submitted: no offer, no amount

    response = client.post(claim_url(application), {"amount": "10"}, follow=True)

    assert response.status_code == 200
    assert "There is no accepted bursary to claim for." in text(response)
    assert not Claim.objects.exists()
