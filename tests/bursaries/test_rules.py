"""Who may know who applied (bursaries.rules): under blind review nobody while the panel scores
and decides; once the offer is accepted, the panel (without a conflict of interest) sees the
name and email that booking and paying need, in the admin and the finance spreadsheet alike.
And one definition of who is on the panel."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bursaries import emails, rules, services
from bursaries.models import BursaryStatus, CostLine, PaymentMethod
from tests.bursaries.conftest import panel_group
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.roles import ROLES, make_staff
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
FINANCE = reverse("organising:bursary-finance")
HIDDEN = "Hidden for blind review"

# Written by hand: role → (reaches the panel's pages, knows who applied under blind review
# before the offer is accepted, knows it after).
TABLE = {
    "organiser": (False, False, False),
    "panel": (True, False, True),
    "door": (False, False, False),
    "superuser": (True, False, True),
    "no_group": (False, False, False),
    "organiser_and_panel": (True, False, True),
    "panel_conflicted": (True, False, False),
}


def offered(*, blind=True):
    seminar = SeminarFactory(bursaries_closed=True, bursary_blind_review=blind)
    application = BursaryApplicationFactory(
        seminar=seminar,
        name="Ivy Identity",
        email="ivy@example.org",
        organisation="Small Charity",
    )
    member = make_staff_member()
    return services.offer(
        application,
        lines={CostLine.TRAVEL: Decimal("40.00")},
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=member,
    )


def make_staff_member():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("offering", is_staff=True)
    user.groups.add(panel_group())
    return user


def accepted(application):
    return services.accept(application, payment_method=PaymentMethod.REIMBURSE)


def as_role(django_user_model, role, application):
    user = make_staff(django_user_model, role)
    if role == "panel_conflicted":
        services.declare_conflict(application, reviewer=user)
    return user


def finance_rows(client):
    response = client.get(FINANCE)
    if response.status_code != 200:
        return response.status_code, None
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return 200, list(csv.DictReader(io.StringIO(content)))


@pytest.mark.parametrize("role", ROLES)
def test_the_rule_answers_as_the_table_says_before_and_after_acceptance(role, django_user_model):
    application = offered()
    user = as_role(django_user_model, role, application)
    panel, before, after = TABLE[role]

    was = rules.may_see_identity(user, application)
    application = accepted(application)
    now = rules.may_see_identity(user, application)

    assert rules.is_panel_member(user) is panel
    assert (was, now) == (before, after)
    assert (application in rules.identities_visible_to(user)) is after
    assert rules.organisation_hidden(application) is True


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_and_the_finance_spreadsheet_follow_the_rule(role, client, django_user_model):
    application = offered()
    client.force_login(as_role(django_user_model, role, application))
    panel, before, after = TABLE[role]
    page = f"{LIST}{application.pk}/change/"

    listed_before, page_before = client.get(LIST), client.get(page)
    status_before, rows_before = finance_rows(client)
    application = accepted(application)
    listed_after, page_after = client.get(LIST), client.get(page)
    status_after, rows_after = finance_rows(client)

    if not panel:
        assert {r.status_code for r in (listed_before, page_before, listed_after)} == {403}
        assert (status_before, status_after) == (403, 403)
        return
    if role == "panel_conflicted":
        assert (page_before.status_code, page_after.status_code) == (404, 404)
        assert "Ivy Identity" not in text(listed_after)
        assert (rows_before, rows_after) == ([], [])
        return
    for response, knows in (
        (listed_before, before),
        (page_before, before),
        (listed_after, after),
        (page_after, after),
    ):
        words = text(response)
        assert ("Ivy Identity" in words) is knows
        assert "Small Charity" not in words  # neither booking nor paying needs it
    assert ("ivy@example.org" in text(page_after)) is after
    assert "ivy@example.org" not in text(page_before)
    [before_row], [after_row] = rows_before, rows_after
    assert (before_row["Name"], before_row["Email"]) == (HIDDEN, HIDDEN)
    assert (after_row["Name"], after_row["Email"]) == ("Ivy Identity", "ivy@example.org")
    assert after_row["Status"] == BursaryStatus.ACCEPTED.label


def test_outside_blind_review_the_panel_knows_who_applied_from_the_start(client, django_user_model):
    application = offered(blind=False)
    client.force_login(make_staff(django_user_model, "panel"))

    _, [row] = finance_rows(client)
    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert (row["Name"], row["Email"]) == ("Ivy Identity", "ivy@example.org")
    assert "Ivy Identity (ivy@example.org)" in page
    assert "Small Charity" in page


# One definition of the panel.


def test_an_account_without_staff_status_or_inactive_is_not_on_the_panel_anywhere(
    django_user_model,
):
    group = panel_group()
    member = django_user_model.objects.create_user("member", email="m@example.org", is_staff=True)
    not_staff = django_user_model.objects.create_user("notstaff", email="n@example.org")
    inactive = django_user_model.objects.create_user(
        "inactive", email="i@example.org", is_staff=True, is_active=False
    )
    for user in (member, not_staff, inactive):
        user.groups.add(group)
    application = BursaryApplicationFactory()
    services.declare_conflict(application, reviewer=member)

    assert list(rules.panel_members()) == [member]
    assert [rules.is_panel_member(u) for u in (member, not_staff, inactive)] == [True, False, False]
    assert rules.panel_addresses(application) == []  # the only member has a conflict
    # Everyone on the panel has a conflict: the accounts outside it do not count as deciders.
    assert list(services.nobody_may_decide()) == [application]


def test_the_panel_is_emailed_by_the_same_definition(django_user_model):
    group = panel_group()
    member = django_user_model.objects.create_user("member", email="m@example.org", is_staff=True)
    not_staff = django_user_model.objects.create_user("notstaff", email="n@example.org")
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    for user in (member, not_staff):
        user.groups.add(group)
    application = BursaryApplicationFactory()

    assert rules.panel_addresses(application) == ["m@example.org"]
    assert rules.is_panel_member(superuser) is True  # may do the panel's work, not emailed
    assert emails.panel_addresses is rules.panel_addresses
