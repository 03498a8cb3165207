"""Claims in the panel's admin: the panel is emailed when one arrives, approving and recording the
payment are two steps, and the finance spreadsheet is a link on the list."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from bursaries import services
from bursaries.models import BursaryStatus, Claim, PaymentMethod
from outbox.models import Email
from tests.bursaries.test_payments import accepted, receipt, seminar_over
from tests.factories import SeminarFactory
from tests.factories.bursaries import claim_money
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin
FINANCE = reverse("organising:bursary-finance")


@pytest.fixture
def panel_member(make_panel_member):
    user = make_panel_member("member")
    user.email = "member@example.org"
    user.save()
    return user


def claim_waiting(panel_member, **kwargs):
    application = seminar_over(
        accepted(panel_member, PaymentMethod.REIMBURSE, name="Secret Applicant", **kwargs)
    )
    return services.submit_claim(application, amount=Decimal("38.20"), files=receipt())


def panel_emails():
    return Email.objects.filter(kind="bursaries/panel_claim")


# The panel hears of a claim.


def test_a_claim_emails_each_panel_member_once_without_who_or_how_much(
    panel_member, make_panel_member, django_user_model
):
    other = make_panel_member("other")
    other.email = "other@example.org"
    other.save()
    make_panel_member("no-address")
    conflicted = make_panel_member("conflicted")
    conflicted.email = "conflicted@example.org"
    conflicted.save()
    left = make_panel_member("left")
    left.email, left.is_active = "left@example.org", False
    left.save()
    django_user_model.objects.create_user("organiser", "organiser@example.org", is_staff=True)
    seminar = SeminarFactory(bursaries_closed=True, bursary_blind_review=True)
    application = seminar_over(
        accepted(panel_member, PaymentMethod.REIMBURSE, seminar=seminar, name="Secret Applicant")
    )
    services.declare_conflict(application, reviewer=conflicted)

    services.submit_claim(application, amount=Decimal("38.20"), files=receipt())

    emails = list(panel_emails())
    assert sorted(email.to for email in emails) == ["member@example.org", "other@example.org"]
    email = emails[0]
    assert (
        email.subject
        == f"A travel claim to check: {application.reference}, seminar {seminar.number}"
    )
    assert f"A claim for application {application.reference} at seminar {seminar.number}" in (
        email.body_text
    )
    admin_url = reverse("admin:bursaries_bursaryapplication_change", args=[application.pk])
    assert admin_url in email.body_text
    for body in (email.subject, email.body_text, email.body_html):
        assert "Secret Applicant" not in body
        assert application.email not in body
        assert "£" not in body
        assert application.token not in body


def test_an_answer_to_the_panels_question_emails_the_panel_again(panel_member):
    application = claim_waiting(panel_member)
    services.query_claim(application, question="Which day?", by=panel_member)

    services.answer_query(application, answer="The 5th.")

    subjects = [email.subject for email in panel_emails().order_by("created", "pk")]
    assert subjects == [
        f"A travel claim to check: {application.reference}, seminar {application.seminar.number}",
        f"An answer about a travel claim: {application.reference}, seminar "
        f"{application.seminar.number}",
    ]


def test_the_panels_claim_emails_are_hidden_from_organisers(
    client, panel_member, django_user_model
):
    claim_waiting(panel_member)
    organiser = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    organiser.user_permissions.add(*Permission.objects.filter(content_type__app_label="outbox"))
    client.force_login(organiser)

    listing = text(client.get("/admin/outbox/email/"))
    client.force_login(panel_member)
    panel_listing = text(client.get("/admin/outbox/email/"))

    assert "A travel claim to check" not in listing
    assert "A travel claim to check" in panel_listing


# Approving is one step; recording the payment is another.


def test_approving_records_no_payment_and_offers_the_payment_step(client, panel_member):
    application = claim_waiting(panel_member)
    client.force_login(panel_member)

    before_html = client.get(f"{LIST}{application.pk}/change/").content.decode()
    before = text(before_html)
    response = client.post(
        f"{STAFF}{application.pk}/actions/approve/", {"amount_approved": "38.20"}, follow=True
    )
    approved = text(response)

    application.refresh_from_db()
    assert "Approve the claim" in before
    assert "Record the payment" not in before
    assert application.status == BursaryStatus.APPROVED
    assert claim_money(application) == (
        Decimal("38.20"),
        None,
        None,
    )
    assert "Record the payment when the finance office has paid it." in approved
    assert "Record the payment of £38.20" in approved
    assert 'value="Approve the claim"' in before_html
    assert 'value="Approve the claim"' not in response.content.decode()


def test_recording_a_payment_before_approval_is_refused_and_changes_nothing(client, panel_member):
    application = claim_waiting(panel_member)
    client.force_login(panel_member)

    page = text(client.post(f"{STAFF}{application.pk}/actions/pay/", {"paid_on": "2026-01-20"}))

    application.refresh_from_db()
    assert "Approve the claim first: then record its payment." in page
    assert application.status == BursaryStatus.CLAIMED
    assert claim_money(application) == (None, None, None)


def test_recording_the_payment_after_approval_pays_what_is_due(client, panel_member):
    application = claim_waiting(panel_member)
    services.approve_claim(application, amount_approved=Decimal("30.00"), by=panel_member)
    client.force_login(panel_member)

    client.post(f"{STAFF}{application.pk}/actions/pay/", {"paid_on": "2026-01-20"})

    application.refresh_from_db()
    assert application.status == BursaryStatus.PAID
    assert claim_money(application)[1:] == (Decimal("30.00"), datetime.date(2026, 1, 20))


# The finance spreadsheet.


def test_the_list_links_to_the_finance_spreadsheet_for_the_panel(client, panel_member):
    client.force_login(panel_member)

    page = client.get(LIST).content.decode()

    assert f'href="{FINANCE}"' in page
    assert "Finance spreadsheet (CSV)" in page
    assert client.get(FINANCE).status_code == 200


def test_other_staff_see_no_finance_link_and_cannot_export(client, django_user_model):
    organiser = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    organiser.user_permissions.set(Permission.objects.all())
    client.force_login(organiser)

    pages = [client.get(url) for url in ("/admin/", "/admin/bursaries/", LIST)]

    assert [page.status_code for page in pages] == [200, 200, 403]
    for page in pages:
        assert FINANCE not in page.content.decode()
    assert client.get(FINANCE).status_code == 403


def test_a_refused_claim_emails_no_one_on_the_panel(panel_member):
    application = accepted(panel_member, PaymentMethod.REIMBURSE)  # the seminar is still to come

    with pytest.raises(services.BursaryError, match="once the seminar has taken place"):
        services.submit_claim(application, amount=Decimal("9"), files=receipt())

    assert not panel_emails().exists()
    assert not Claim.objects.exists()
