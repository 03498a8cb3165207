"""How every public form shows its hints and errors (templates/bootstrap5/, the crispy templates
we override): the label, the hint, what to fix, then the input; a group's error under its legend;
each read out with its field."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bursaries.models import BursaryApplication, BursaryStatus
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

BURSARY = {
    "name": "Ann Example",
    "email": "ann@example.org",
    "group": "third_sector",
    "organisation": "Leeds Mind",
    "travelling_from": "Bradford",
    "statement": "I run a peer support group.",
    "payment_method": "reimburse",
    "travel_cost": "40",
    "privacy_agreed": "on",
}


def tag(html, name):
    """The opening tag of the input called `name` (the first, for a radio group)."""
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html)[0]


def form_of(response):
    html = response.content.decode()
    return html[html.index('<form method="post"') : html.index("</form>")]


@pytest.fixture
def seminar():
    return SeminarFactory()


def post_registration(client, seminar, data):
    return form_of(client.post(reverse("registrations:register", args=[seminar.slug]), data))


def post_bursary(client, seminar, data):
    return client.post(reverse("bursaries:apply", args=[seminar.slug]), data)


def test_a_field_error_is_plain_text_that_says_it_is_an_error(client, seminar):
    form = post_registration(client, seminar, {"email": "ann@example"})

    error = re.search(r'<div id="id_email_error" class="([^"]+)">\s*(.*?)\s*</div>', form, re.S)
    assert error[1] == "invalid-feedback d-block field-error"
    assert error[2] == (
        '<p><span class="visually-hidden">Error:</span> Enter an email address in the correct '
        "format, like name@example.com.</p>"
    )
    assert "<strong>" not in form  # errors no longer read like headings


def test_a_text_field_reads_its_label_hint_and_error_in_that_order_and_is_described_by_both(
    client, seminar
):
    form = post_registration(client, seminar, {"email": "ann@example"})

    email = tag(form, "email")
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    assert (
        form.index('<label for="id_email"')
        < form.index('id="id_email_helptext"')
        < form.index('id="id_email_error"')
        < form.index(email)
    )
    assert 'aria-invalid="true"' not in tag(form, "organisation")


def test_a_radio_group_error_sits_under_its_legend_and_describes_the_group_not_each_choice(
    client, seminar
):
    form = post_registration(client, seminar, {})

    fieldset = '<fieldset aria-describedby="id_group_helptext id_group_error">'
    assert (
        form.index(fieldset)
        < form.index("Which group are you part of?</legend>")
        < form.index('id="id_group_helptext"')
        < form.index("Error:</span> Choose the group you are part of, or")
        < form.index('id="id_group_0"')
    )
    radios = re.findall(r'<input type="radio"[^>]*>', form)
    assert len(radios) == 10
    assert [radio for radio in radios if "aria-invalid" in radio] == []


def test_a_radio_group_without_errors_is_described_by_its_hint_only(client, seminar):
    form = form_of(client.get(reverse("registrations:register", args=[seminar.slug])))

    assert '<fieldset aria-describedby="id_group_helptext">' in form
    assert "_error" not in form
    assert "asteriskField" not in form  # optional questions say "(optional)" instead


def test_the_error_summary_links_to_the_first_choice_of_a_group_and_to_each_field(client, seminar):
    html = client.post(reverse("registrations:register", args=[seminar.slug]), {}).content
    summary = html.decode().split('class="error-summary"')[1].split("</ul>")[0]

    assert re.findall(r'href="#([^"]+)"', summary) == [
        "id_name",
        "id_email",
        "id_group_0",
        "id_privacy_agreed",
    ]


def test_the_way_to_pay_error_sits_under_its_legend(client, seminar):
    response = post_bursary(client, seminar, {**BURSARY, "payment_method": ""})

    form = form_of(response)
    assert (
        form.index(
            '<fieldset aria-describedby="id_payment_method_helptext id_payment_method_error">'
        )
        < form.index("Error:</span> Choose how you would like us to pay for your travel.")
        < form.index('id="id_payment_method_0"')
    )
    assert not BursaryApplication.objects.exists()


def test_accepting_without_a_hint_describes_the_choice_by_its_error_alone(client):
    application = BursaryApplicationFactory(
        status=BursaryStatus.OFFERED,
        offer_amount=Decimal("30.00"),
        reply_by=timezone.now() + datetime.timedelta(days=7),
    )

    get = form_of(client.get(reverse("bursaries:accept", args=[application.token])))
    post = form_of(client.post(reverse("bursaries:accept", args=[application.token]), {}))

    assert "<fieldset>" in get
    assert '<fieldset aria-describedby="id_payment_method_error">' in post
    application.refresh_from_db()
    assert application.status == BursaryStatus.OFFERED


def test_amounts_are_text_with_a_decimal_keypad_and_no_limits_browsers_would_ignore(
    client, seminar
):
    form = form_of(client.get(reverse("bursaries:apply", args=[seminar.slug])))

    amounts = [tag(form, name) for name in re.findall(r'name="(\w+_cost)"', form)]
    assert len(amounts) == 4
    for amount in amounts:
        assert 'type="text"' in amount
        assert 'inputmode="decimal"' in amount
        assert not re.search(r" (min|max|step)=", amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-0.01", "Enter an amount of 0 or more."),
        ("2000.01", "Enter an amount of £2,000 or less. If the costs are higher, email us."),
        ("12.345", "Enter pounds and pence, like 45.50."),
        ("12,34.5x", "Enter an amount in pounds, like 45.50."),
    ],
)
def test_amount_limits_hold_on_the_server_with_what_to_do(client, seminar, typed, message):
    response = post_bursary(client, seminar, {**BURSARY, "travel_cost": typed})

    form = form_of(response)
    assert f'<p><span class="visually-hidden">Error:</span> {message}</p>' in form
    assert not BursaryApplication.objects.exists()
    assert not Email.objects.exists()


def test_the_largest_amount_is_accepted(client, seminar):
    response = post_bursary(client, seminar, {**BURSARY, "travel_cost": "£2,000.00"})

    assert response.status_code == 302
    assert BursaryApplication.objects.get().travel_cost == Decimal("2000.00")
