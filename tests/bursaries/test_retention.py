import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, Claim, Receipt, Review
from common.storage import private_storage
from tests.factories import BursaryApplicationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def seminar_ended(days_ago):
    start = timezone.now() - datetime.timedelta(days=days_ago, hours=6)
    return SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_deadline=start - datetime.timedelta(days=10),
        registration_opens_at=start - datetime.timedelta(days=40),
        bursary_deadline=start - datetime.timedelta(days=20),
    )


def paid_award(seminar, django_user_model):
    application = BursaryApplicationFactory(
        seminar=seminar,
        name="Secret Person",
        email="secret@example.org",
        statement="Private words",
        status=BursaryStatus.ACCEPTED,
        offer_amount=Decimal("40"),
        reply_by=seminar.starts_at,
    )
    services.submit_claim(
        application,
        amount=Decimal("38.20"),
        files=[(SimpleUploadedFile("r.pdf", PDF), "application/pdf")],
    )
    reviewer = django_user_model.objects.create_user(f"r{application.pk}")
    Review.objects.create(application=application, reviewer=reviewer, score=4, comment="Mine")
    return application


def test_retention_removes_names_and_receipt_files_keeps_amounts_and_is_safe_twice(
    settings, django_user_model, django_capture_on_commit_callbacks
):
    settings.BURSARY_KEEP_MONTHS = 12
    old = paid_award(seminar_ended(370), django_user_model)
    recent = paid_award(seminar_ended(300), django_user_model)
    old_file = Receipt.objects.get(claim__application=old).file.name
    old_token = old.token

    with django_capture_on_commit_callbacks(execute=True):
        first = services.apply_retention()
    second = services.apply_retention()

    old.refresh_from_db()
    assert (first, second) == (1, 0)
    assert old.name == ""
    assert old.statement == ""
    assert old.email == f"removed-{old.pk}@invalid"
    assert old.token != old_token
    assert old.anonymised_at is not None
    assert (old.status, old.group, old.offer_amount) == ("claimed", "third_sector", Decimal("40"))
    assert Claim.objects.get(application=old).amount == Decimal("38.20")
    assert not Receipt.objects.filter(claim__application=old).exists()
    assert not private_storage().exists(old_file)
    assert Review.objects.get(application=old).comment == ""
    assert Review.objects.get(application=old).score == 4
    recent.refresh_from_db()
    assert recent.name == "Secret Person"
    assert Receipt.objects.filter(claim__application=recent).count() == 1


def test_retention_command(capsys, settings):
    settings.BURSARY_KEEP_MONTHS = 12
    BursaryApplicationFactory(seminar=seminar_ended(400))

    call_command("apply_bursary_retention")

    assert capsys.readouterr().out == "Anonymised 1 bursary application.\n"
    assert BursaryApplication.objects.get().name == ""


def test_finance_export_lists_awards_and_claims_with_formulas_escaped(
    client, make_panel_member, django_user_model
):
    award = paid_award(seminar_ended(2), django_user_model)
    BursaryApplication.objects.filter(pk=award.pk).update(name="=SUM(A1:A9)")
    BursaryApplicationFactory()  # not an award: not exported
    client.force_login(make_panel_member())

    response = client.get(reverse("organising:bursary-finance"))

    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "no-store" in response["Cache-Control"]
    assert rows[0][:4] == ["Reference", "Seminar", "Group", "Name"]
    assert len(rows) == 2
    assert rows[1][:2] == [f"B{award.pk}", f"{award.seminar.number}: {award.seminar.title}"]
    assert rows[1][3] == "'=SUM(A1:A9)"
    assert rows[1][6:] == [
        "We pay them back after the seminar",
        *["40.00", "0.00", "0.00", "38.20", "", "0.00", "0.00", "0.00", "0.00", "0.00"],
        "",
    ]


def test_finance_export_is_for_the_panel_only(client, django_user_model):
    staff = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)

    assert client.get(reverse("organising:bursary-finance")).status_code == 403
