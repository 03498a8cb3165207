"""Declaring a conflict of interest (after a page that says what it means) and withdrawing it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bursaries import services
from bursaries.models import Review
from common.models import AuditEntry
from tests.factories import BursaryApplicationFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin
CONFLICTS = f"{STAFF}conflicts/"


@pytest.fixture
def panel_member_signed_in(client, make_panel_member):
    user = make_panel_member("member")
    client.force_login(user)
    return user


def test_the_review_page_links_to_a_confirmation_page_and_posts_nothing_itself(
    client, panel_member_signed_in
):
    application = BursaryApplicationFactory()
    declare = f"{STAFF}{application.pk}/actions/conflict/"

    page = client.get(f"{LIST}{application.pk}/change/").content.decode()
    confirm = client.get(declare)

    assert f'href="{declare}"' in page
    assert f'action="{declare}"' not in page  # no one-click declaration on the review page
    assert "you no longer see or score this application" in text(confirm)
    assert "your score and comment on" in text(confirm)
    assert f'action="{declare}"' in confirm.content.decode()
    assert 'name="csrfmiddlewaretoken"' in confirm.content.decode()
    assert not Review.objects.exists()  # opening the page declares nothing
    assert not AuditEntry.objects.exists()


def test_confirming_declares_removes_the_score_and_records_who(client, panel_member_signed_in):
    application = BursaryApplicationFactory()
    services.score(application, reviewer=panel_member_signed_in, score=4, comment="Strong")

    done = client.post(f"{STAFF}{application.pk}/actions/conflict/", follow=True)

    review = Review.objects.get(reviewer=panel_member_signed_in)
    assert (review.conflict, review.score, review.comment) == (True, None, "")
    assert "You declared a conflict of interest" in text(done)
    assert "Your conflicts of interest (1)" in text(done)
    [scored, entry] = AuditEntry.objects.all()
    assert (scored.action, scored.by) == ("scored", panel_member_signed_in)
    assert (entry.action, entry.by, entry.fields) == (
        "declared a conflict of interest",
        panel_member_signed_in,
        [],
    )


def test_a_member_with_a_conflict_still_cannot_score(client, panel_member_signed_in):
    application = BursaryApplicationFactory()
    client.post(f"{STAFF}{application.pk}/actions/conflict/")

    refused = client.post(f"{STAFF}{application.pk}/actions/score/", {"score": "5"})

    assert refused.status_code == 404
    assert Review.objects.get(reviewer=panel_member_signed_in).score is None
    with pytest.raises(services.BursaryError, match="conflict of interest"):
        services.score(application, reviewer=panel_member_signed_in, score=5)


def test_own_conflicts_are_listed_with_a_way_to_withdraw(
    client, panel_member_signed_in, make_panel_member
):
    mine, others = BursaryApplicationFactory.create_batch(2)
    services.declare_conflict(mine, reviewer=panel_member_signed_in)
    services.declare_conflict(others, reviewer=make_panel_member("other"))

    page = text(client.get(CONFLICTS))

    assert f"Withdraw my conflict of interest with {mine.reference}" in page
    assert others.reference not in page
    assert mine.name not in page


def test_withdrawing_asks_first_then_brings_the_application_back_to_score(
    client, panel_member_signed_in
):
    application = BursaryApplicationFactory()
    services.declare_conflict(application, reviewer=panel_member_signed_in)
    withdraw = f"{CONFLICTS}{application.pk}/withdraw/"

    confirm = client.get(withdraw)
    still_declared = Review.objects.filter(reviewer=panel_member_signed_in, conflict=True).exists()
    done = client.post(withdraw, follow=True)
    scored = client.post(f"{STAFF}{application.pk}/actions/score/", {"score": "3"})

    assert "Withdraw only if you declared it by mistake" in text(confirm)
    assert still_declared
    assert "You withdrew your conflict of interest" in text(done)
    assert application.statement in text(done)  # back on its page
    assert scored.status_code == 302
    assert Review.objects.get(reviewer=panel_member_signed_in).score == 3
    history = text(client.get(f"{LIST}{application.pk}/change/"))
    assert "Declared a conflict of interest: member" in history
    assert "Withdrew a conflict of interest: member" in history


def test_withdrawing_someone_elses_conflict_or_none_is_404(
    client, panel_member_signed_in, make_panel_member
):
    application = BursaryApplicationFactory()
    services.declare_conflict(application, reviewer=make_panel_member("other"))

    response = client.post(f"{CONFLICTS}{application.pk}/withdraw/")

    assert response.status_code == 404
    assert Review.objects.get().conflict is True
    with pytest.raises(services.BursaryError):
        services.withdraw_conflict(application, reviewer=panel_member_signed_in)


def test_conflict_pages_are_for_the_panel_only(client, django_user_model):
    application = BursaryApplicationFactory()
    organiser = django_user_model.objects.create_superuser("root", "r@example.org", "pw")
    services.declare_conflict(application, reviewer=organiser)
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)

    statuses = [
        client.get(CONFLICTS).status_code,
        client.post(f"{CONFLICTS}{application.pk}/withdraw/").status_code,
    ]

    assert statuses == [403, 403]
    assert Review.objects.get().conflict is True


def test_own_conflicts_page_takes_as_many_queries_for_three_as_for_one(
    client, panel_member_signed_in
):
    def queries():
        client.get(CONFLICTS)  # the first request after signing in does more work
        with CaptureQueriesContext(connection) as captured:
            page = client.get(CONFLICTS)
        return len(captured), text(page).count("Withdraw my conflict of interest with")

    first, *others = BursaryApplicationFactory.create_batch(3)
    services.declare_conflict(first, reviewer=panel_member_signed_in)
    one = queries()
    for application in others:
        services.declare_conflict(application, reviewer=panel_member_signed_in)
    three = queries()

    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]
