"""The contributor's private page and the organisers' pages: who sees what, and what each
choice does to the ledger."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from fees import services
from fees.models import FeeChoice, FeeSettings, InvolvementFee
from fees.queries import money
from fees.retention import anonymise
from ledger.models import Budget, BudgetLine, Entry, Kind
from outbox.models import Email
from tests.fees.conftest import offer, talk

pytestmark = pytest.mark.django_db
PAID_ON = datetime.date(2026, 12, 1)  # a day already past


@pytest.fixture
def fee(rates, coming, users):
    return offer(coming, users["organiser"])


def page(fee):
    return reverse("fees:fee", args=[fee.token])


def committed(fee):
    return money(InvolvementFee.objects.get(pk=fee.pk))[0].committed


def test_the_page_says_what_how_and_when_and_the_benefits_before_the_choice(client, fee):
    response = client.get(page(fee))

    text = response.content.decode()
    assert "£100.00" in text
    assert "speaking at the seminar, and preparing" in text
    assert "within 10 working days after the seminar" in text
    assert "If we cancel the seminar within 7 days of it" in text
    assert "time you have already spent preparing" in text
    assert text.index("Citizens Advice") < text.index('name="choice"')
    assert '<meta name="robots" content="noindex">' in text
    assert response["Referrer-Policy"] == "same-origin"  # the link never leaves the site
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "choice", "kept"),
    [
        ({"choice": "accepted"}, FeeChoice.ACCEPTED, D("100")),
        ({"choice": "less", "amount": "£35.50"}, FeeChoice.LESS, D("35.50")),
        ({"choice": "declined"}, FeeChoice.DECLINED, D("0")),
        ({"choice": "another_way", "another_way": "voucher"}, FeeChoice.ANOTHER_WAY, D("100")),
        (
            {
                "choice": "another_way",
                "another_way": "organisation",
                "organisation": "Hearing Voices",
            },
            FeeChoice.ANOTHER_WAY,
            D("100"),
        ),
    ],
)
def test_each_choice_from_the_page_is_recorded_and_the_ledger_follows(
    client, fee, data, choice, kept
):
    response = client.post(page(fee), data, follow=True)

    fee.refresh_from_db()
    assert fee.choice == choice
    assert committed(fee) == kept
    assert "Thank you" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose what you would like to do with the fee."),
        ({"choice": "less"}, "Enter the amount you would like, for example 40."),
        (
            {"choice": "less", "amount": "100"},
            "Enter an amount more than £0 and less than £100.00.",
        ),
        ({"choice": "less", "amount": "lots"}, "Enter an amount in pounds, like 45.50."),
        ({"choice": "another_way"}, "Choose a voucher or payment to an organisation."),
        (
            {"choice": "another_way", "another_way": "organisation"},
            "Enter the name of the organisation we should pay.",
        ),
    ],
)
def test_a_choice_that_cannot_be_made_says_why_and_changes_nothing(client, fee, data, error):
    response = client.post(page(fee), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    fee.refresh_from_db()
    assert fee.choice == FeeChoice.UNDECIDED
    assert committed(fee) == D("100")


def test_once_approved_the_page_shows_no_form_and_refuses_a_post(client, rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)
    services.approve_fee(fee, by=users["organiser"])

    shown = client.get(page(fee)).content.decode()
    refused = client.post(page(fee), {"choice": "declined"}).content.decode()

    assert 'name="choice"' not in shown
    assert "can no longer be changed" in refused
    fee.refresh_from_db()
    assert fee.choice == FeeChoice.ACCEPTED


def test_a_wrong_an_old_or_an_anonymised_link_is_404(client, fee, users):
    old = fee.token
    services.change_email(fee, email="new@example.org", by=users["organiser"])
    fee.refresh_from_db()
    assert client.get(reverse("fees:fee", args=[old])).status_code == 404
    assert client.get(reverse("fees:fee", args=["x" * 43])).status_code == 404
    assert client.get(page(fee)).status_code == 200

    anonymise([fee], now=fee.created)

    assert client.get(page(fee)).status_code == 404


def test_the_page_runs_the_same_queries_whatever_the_fee_s_history(
    client, rates, held, users, django_assert_max_num_queries
):
    simple = offer(held, users["organiser"])
    busy = offer(held, users["organiser"], email="b@example.org")
    for choice in ("declined", "accepted", "declined"):
        services.choose(busy, choice=choice)
    services.offer_expenses(busy, D("20"), by=users["organiser"])

    def count(fee):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(fee)).status_code == 200
        return len(queries)

    assert count(simple) == count(busy)
    with django_assert_max_num_queries(5):
        client.get(page(busy))


# The organisers' pages.


def staff(client, user):
    client.force_login(user)
    return client


def every_fee_page(fee):
    return [
        reverse("organising:fees-seminar", args=[fee.seminar_id]),
        reverse("organising:fee", args=[fee.pk]),
        reverse("admin:fees_involvementfee_changelist"),
        reverse("admin:fees_involvementfee_change", args=[fee.pk]),
        reverse("admin:fees_feesettings_changelist"),
        reverse("admin:fees_feesettings_change", args=[1]),
    ]


def test_the_panel_gets_403_on_every_fee_page_and_the_fee_admin(client, fee, users):
    staff(client, users["panel"])

    codes = {url: client.get(url).status_code for url in every_fee_page(fee)}
    posts = [
        client.post(reverse("organising:fee-action", args=[fee.pk, action])).status_code
        for action in ("approve", "pay", "expenses-offer", "email")
    ]

    assert set(codes.values()) == {403}, codes
    assert set(posts) == {403}
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("role", ["organiser", "superuser"])
def test_organisers_and_superusers_open_every_fee_page(client, fee, users, role):
    staff(client, users[role])

    codes = {url: client.get(url, follow=True).status_code for url in every_fee_page(fee)}

    assert set(codes.values()) == {200}, codes


def test_an_organiser_offers_from_the_seminar_s_page(client, rates, coming, users):
    speaker = talk(coming, "Sam Speaker")
    staff(client, users["organiser"])

    response = client.post(
        reverse("organising:fees-seminar", args=[coming.pk]),
        {
            "speaker": speaker.pk,
            "email": "sam@example.org",
            "for_what": "Co-facilitating the afternoon",
            "unit": "half_day",
            "quantity": "1",
            "lived_experience": "on",
            "consent": "on",
        },
    )

    fee = InvolvementFee.objects.get()
    assert response.status_code == 302
    assert (fee.name, fee.amount, fee.speaker) == ("Sam Speaker", D("80"), speaker)
    assert list(Email.objects.values_list("to", flat=True)) == ["sam@example.org"]


def test_a_co_facilitator_needs_a_name(client, rates, coming, users):
    staff(client, users["organiser"])

    response = client.post(
        reverse("organising:fees-seminar", args=[coming.pk]),
        {
            "speaker": "other",
            "email": "c@example.org",
            "for_what": "x",
            "unit": "hour",
            "quantity": "2",
        },
    )

    assert "Enter the co-facilitator" in response.content.decode()
    assert not InvolvementFee.objects.exists()


def test_over_budget_the_organiser_sees_the_figures_and_proceeds_with_the_box(
    client, rates, coming, users
):
    Budget.objects.create(line=BudgetLine.INVOLVEMENT, amount=D("150"))
    staff(client, users["organiser"])
    url = reverse("organising:fees-seminar", args=[coming.pk])
    data = {
        "speaker": "other",
        "name": "Cal Facilitator",
        "email": "cal@example.org",
        "for_what": "Co-facilitating",
        "unit": "day",
        "quantity": "1.5",
    }

    assert "Offer it anyway" not in client.get(url).content.decode()
    warned = client.post(url, data).content.decode()

    assert "over by £75.00: £225.00 committed of £150.00" in warned
    assert "Offer it anyway" in warned
    assert not InvolvementFee.objects.exists()

    response = client.post(url, {**data, "proceed_over_budget": "on"})

    assert response.status_code == 302
    assert Entry.objects.get(kind=Kind.OFFERED).over_budget


def test_approve_then_pay_from_the_fee_s_page(client, rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.LESS, amount=D("70"))
    staff(client, users["organiser"])

    client.post(reverse("organising:fee-action", args=[fee.pk, "approve"]), {"amount": "70"})
    client.post(
        reverse("organising:fee-action", args=[fee.pk, "pay"]),
        {"paid_on": "2999-12-14", "reference": "PAY-1"},  # in the future: refused
    )
    assert not Entry.objects.filter(kind=Kind.PAID).exists()
    client.post(
        reverse("organising:fee-action", args=[fee.pk, "pay"]),
        {"paid_on": PAID_ON.isoformat(), "reference": "PAY-1"},
    )

    balance = money(InvolvementFee.objects.get(pk=fee.pk))[0]
    assert (balance.approved, balance.paid) == (D("70"), D("70"))
    assert Entry.objects.get(kind=Kind.PAID).paid_on == PAID_ON


def test_approval_before_the_seminar_is_refused_with_its_reason(client, fee, users):
    services.choose(fee, choice=FeeChoice.ACCEPTED)
    staff(client, users["organiser"])

    response = client.post(reverse("organising:fee-action", args=[fee.pk, "approve"]), follow=True)

    assert "once the seminar has taken place" in response.content.decode()
    assert not Entry.objects.filter(kind=Kind.APPROVED).exists()


def test_the_seminar_s_admin_page_links_to_its_fees(client, coming, users):
    staff(client, users["organiser"])

    response = client.get(reverse("admin:seminars_seminar_change", args=[coming.pk]))

    url = reverse("organising:fees-seminar", args=[coming.pk])
    assert f'<a href="{url}">Fees for contributors with lived experience</a>' in (
        response.content.decode()
    )


def test_the_fee_s_log_is_for_organisers_only(fee, users):
    from common.audit import history

    assert [line.what for line in history(fee, users["organiser"])] == ["Offered"]
    assert history(fee, users["panel"]) == []


def test_approving_less_for_preparation_only_needs_the_reason(client, rates, held, users):
    fee = offer(held, users["organiser"])
    services.choose(fee, choice=FeeChoice.ACCEPTED)
    staff(client, users["organiser"])
    url = reverse("organising:fee-action", args=[fee.pk, "approve"])

    refused = client.post(url, {"amount": "50"}).content.decode()
    assert "Say why you approve less than they chose." in refused
    assert not Entry.objects.filter(kind=Kind.APPROVED).exists()

    client.post(url, {"amount": "50", "reason": "unwell"})

    balance = money(InvolvementFee.objects.get(pk=fee.pk))[0]
    assert (balance.approved, balance.committed, balance.owed_to_person) == (
        D("50"),
        D("50"),
        D("50"),
    )


def test_the_seminar_s_fee_page_scrolls_its_table_and_says_when_a_rate_is_not_set(
    client, fee, users
):
    FeeSettings.objects.update_or_create(pk=1, defaults={"day_rate": None})
    staff(client, users["organiser"])

    html = client.get(reverse("organising:fees-seminar", args=[fee.seminar_id])).content.decode()

    assert '<div class="table-scroll" tabindex="0" role="region"' in html
    assert "£(not set)" not in html
    assert "no rate set a day" in html


def test_the_fee_list_in_the_admin_never_nests_one_link_in_another(client, fee, users):
    staff(client, users["organiser"])

    html = client.get(reverse("admin:fees_involvementfee_changelist")).content.decode()

    assert f'<a href="{reverse("organising:fee", args=[fee.pk])}">{fee.reference}</a>' in html
    assert '<th class="field-reference_link"><a href' not in html
