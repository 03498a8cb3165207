"""Contributors' details go after the seminar's retention period (or when they ask); the
amounts stay in the ledger."""

import datetime
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fees import retention, services
from fees.models import FeeChoice, InvolvementFee
from fees.queries import money
from ledger.models import Entry
from tests.factories import SeminarFactory
from tests.fees.conftest import offer

pytestmark = pytest.mark.django_db


def seminar_ended(months_ago, now):
    start = now - datetime.timedelta(days=round(months_ago * 30.5))
    return SeminarFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=6))


def test_details_go_after_the_period_and_the_amounts_stay(rates, users, settings):
    settings.FEE_KEEP_MONTHS = 12
    now = timezone.now()
    old = offer(seminar_ended(13, now), users["organiser"])
    recent = offer(seminar_ended(11, now), users["organiser"], email="r@example.org")
    services.choose(old, choice=FeeChoice.LESS, amount=D("60"))
    entries = Entry.objects.count()

    assert retention.apply_retention(now=now) == 1
    assert retention.apply_retention(now=now) == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.lived_experience, old.consent_at) == (
        "",
        f"removed-{old.pk}@invalid",
        False,
        None,
    )
    assert (old.amount, old.choice, old.amount_chosen) == (D("100"), "less", D("60"))
    assert money(old)[0].committed == D("60")
    assert Entry.objects.count() == entries
    assert (recent.name, recent.lived_experience) == ("Dee Contributor", True)


def test_erasure_removes_their_details_now_and_the_link_stops(client, rates, coming, users):
    fee = offer(coming, users["organiser"], email="Dee@Example.org")
    link = reverse("fees:fee", args=[fee.token])

    exported = retention.export("dee@example.org")
    assert [(row["name"], row["takes_part_with_lived_experience"]) for row in exported] == [
        ("Dee Contributor", True)
    ]

    assert retention.erase("dee@example.org") == 1

    assert retention.export("dee@example.org") == []
    assert InvolvementFee.objects.get().name == ""
    assert client.get(link).status_code == 404


def test_the_subject_access_and_erasure_commands_include_fees(rates, coming, users):
    offer(coming, users["organiser"], email="dee@example.org")
    out, erased = StringIO(), StringIO()

    call_command("export_personal_data", "DEE@example.org", stdout=out)
    call_command("erase_personal_data", "dee@example.org", "--yes", stdout=erased)

    [fee] = json.loads(out.getvalue())["involvement_fees"]
    assert (fee["name"], fee["takes_part_with_lived_experience"]) == ("Dee Contributor", True)
    assert erased.getvalue().endswith("0 bursary finance records and 1 involvement fee.\n")
    assert InvolvementFee.objects.get().name == ""
