"""The panel changes an applicant's email address: the application's private link follows the
person (a new one to the new address, the old one a 404), the old address is told only when it
was theirs (no seminar, no bursary, no link), and a place at the seminar under the old address
moves too."""

import datetime
from decimal import Decimal
from email import message_from_bytes, policy

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import CostLine, PaymentMethod
from common.models import AuditEntry
from outbox.models import Email
from registrations.models import RegistrationStatus
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_member_signed_in(client, make_panel_member):
    user = make_panel_member()
    client.force_login(user)
    return user


def change(client, application, **data):
    return client.post(
        reverse("organising:bursary-action", args=[application.pk, "email"]),
        data,
        follow=True,
    )


def application_for(**kwargs):
    return BursaryApplicationFactory(
        name="Ivy Applicant",
        email="ivy@old.example.org",
        seminar=SeminarFactory(title="Co-production in practice", bursaries_closed=True, **kwargs),
    )


def offer(application, panel_member_signed_in):
    return services.offer(
        application,
        lines={CostLine.TRAVEL: Decimal("40.00")},
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=panel_member_signed_in,
    )


def test_a_typing_mistake_gives_a_new_link_to_the_new_address_only(
    client, panel_member_signed_in, sent
):
    application = application_for()
    old_path, old_token = application.status_path, application.token

    response = change(client, application, email="ivy@new.example.org", reason="typo")
    delivered = sent()

    application.refresh_from_db()
    assert "The email address of" in text(response)
    assert "ivy@old.example.org" not in text(response)
    assert application.email == "ivy@new.example.org"
    [email] = delivered
    message = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    plain = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "ivy@new.example.org"
    assert application.status_url in plain
    assert old_token not in plain
    assert client.get(old_path).status_code == 404
    assert client.get(application.status_path).status_code == 200
    assert list(AuditEntry.objects.values_list("action", "by")) == [
        (
            "email address corrected by the panel (a typing mistake); new private link",
            panel_member_signed_in.pk,
        )
    ]


def test_a_new_address_tells_the_old_one_nothing_of_the_seminar_or_the_bursary(
    client, panel_member_signed_in, sent
):
    application = application_for()
    old_token = application.token

    change(client, application, email="ivy@new.example.org", reason="new_address")
    delivered = {email.to[0]: email for email in sent()}

    assert sorted(delivered) == ["ivy@new.example.org", "ivy@old.example.org"]
    message = message_from_bytes(
        delivered["ivy@old.example.org"].message().as_bytes(), policy=policy.default
    )
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "The email address for your application on our seminar series" in plain
    for secret in (
        "Co-production",
        "Seminar",
        "bursary",
        "Ivy",
        "ivy@new.example.org",
        old_token,
        settings.SITE_URL,
    ):
        assert secret not in plain
        assert secret not in html
    assert sorted(Email.objects.values_list("kind", flat=True)) == [
        "bursaries/email_changed",
        "bursaries/email_changed_old",
    ]


def test_a_held_place_moves_with_the_application_silently(client, panel_member_signed_in, sent):
    application = offer(application_for(), panel_member_signed_in)
    before = len(sent())  # the offer
    place = application.registration
    place_token = place.manage_token

    change(client, application, email="ivy@new.example.org", reason="new_address")
    delivered = sent()[before:]

    place.refresh_from_db()
    assert (place.status, place.email) == (RegistrationStatus.HELD, "ivy@new.example.org")
    assert place.manage_token != place_token
    assert sorted(email.to[0] for email in delivered) == [
        "ivy@new.example.org",
        "ivy@old.example.org",
    ]
    assert not Email.objects.filter(kind__startswith="registrations/").exists()


def test_an_accepted_place_moves_too_with_its_own_new_link_and_one_notice(
    client, panel_member_signed_in, sent
):
    application = offer(application_for(), panel_member_signed_in)
    application = services.accept(application, payment_method=PaymentMethod.REIMBURSE)
    before = len(sent())
    place = application.registration
    old_place_path = place.manage_path
    number = application.seminar.number

    change(client, application, email="ivy@new.example.org", reason="new_address")
    delivered = sent()[before:]

    place.refresh_from_db()
    assert place.email == "ivy@new.example.org"
    assert sorted((email.to[0], email.subject) for email in delivered) == [
        ("ivy@new.example.org", f"Your new link for Seminar {number}, Co-production in practice"),
        ("ivy@new.example.org", f"Your new link for your bursary application: Seminar {number}"),
        ("ivy@old.example.org", "Your email address has changed"),  # one notice, not two
    ]
    assert client.get(old_place_path).status_code == 404
    assert client.get(place.manage_path).status_code == 200


def test_under_blind_review_the_member_changes_it_without_seeing_the_old_address(
    client, panel_member_signed_in, sent
):
    application = application_for(bursary_blind_review=True)

    page = client.get(f"/admin/bursaries/bursaryapplication/{application.pk}/change/")
    response = change(client, application, email="ivy@new.example.org", reason="typo")

    assert "Change the applicant's email address" in text(page)
    assert "ivy@old.example.org" not in page.content.decode()
    assert "ivy@old.example.org" not in response.content.decode()
    application.refresh_from_db()
    assert application.email == "ivy@new.example.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "ivy@new.example.org"}, "Say whether it was a typing mistake or a new address."),
        ({"email": "nonsense", "reason": "typo"}, "Enter an email address in the correct format"),
        ({"email": "taken@example.org", "reason": "typo"}, "already has a bursary application"),
    ],
)
def test_a_refused_change_changes_nothing(client, panel_member_signed_in, data, message):
    application = application_for()
    BursaryApplicationFactory(seminar=application.seminar, email="taken@example.org")
    token = application.token

    response = change(client, application, **data)

    application.refresh_from_db()
    assert message in text(response)
    assert (application.email, application.token) == ("ivy@old.example.org", token)
    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_member_with_a_conflict_cannot_change_it(client, panel_member_signed_in):
    application = application_for()
    services.declare_conflict(application, reviewer=panel_member_signed_in)

    response = change(client, application, email="ivy@new.example.org", reason="typo")

    application.refresh_from_db()
    assert response.status_code == 404
    assert application.email == "ivy@old.example.org"


def test_under_blind_review_the_outbox_hides_both_emails_from_the_panel(
    client, panel_member_signed_in
):
    """Tied to the application it was built from, not only to an address it no longer has."""
    application = application_for(bursary_blind_review=True)

    change(client, application, email="ivy@new.example.org", reason="new_address")
    listed = client.get("/admin/outbox/email/").content.decode()

    assert Email.objects.filter(to="ivy@old.example.org").exists()
    assert Email.objects.filter(to="ivy@new.example.org").exists()
    assert "ivy@old.example.org" not in listed
    assert "ivy@new.example.org" not in listed
