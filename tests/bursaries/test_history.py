"""Who reads which entries of the one log (bursaries.rules.may_see_entry, declared to
common.audit): an organiser never sees a bursary entry, on a seminar's history or anywhere; the
panel sees an application's entries unless it declared a conflict of interest."""

import pytest

from bursaries import rules, services
from bursaries.models import BursaryStatus
from common import audit
from seminars.changes import record_change
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.roles import make_staff
from tests.utils import text

pytestmark = pytest.mark.django_db

TOLD = "Emailed bursary holders about a change"


@pytest.fixture
def told_seminar(django_user_model):
    seminar = SeminarFactory()
    member = make_staff(django_user_model, "panel")
    record_change(seminar, changed=["date"], by=None)
    audit.record(seminar, rules.HOLDERS_TOLD, by=member, fields=["date"])
    return seminar


@pytest.mark.parametrize(
    ("role", "sees_bursary_entry"),
    [("organiser", False), ("organiser_and_panel", True), ("superuser", True)],
)
@pytest.mark.parametrize("page", ["change", "history"])
def test_a_seminars_history_shows_the_bursary_entry_to_the_panel_alone(
    client, django_user_model, told_seminar, role, sees_bursary_entry, page
):
    client.force_login(make_staff(django_user_model, role))

    shown = text(client.get(f"/admin/seminars/seminar/{told_seminar.pk}/{page}/"))

    assert "Changed when or where" in shown
    assert (TOLD in shown) is sees_bursary_entry


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("organiser", False),
        ("no_group", False),
        ("panel", True),
        ("panel_conflicted", False),
        ("superuser", True),
    ],
)
def test_an_applications_entries_are_for_those_who_may_see_it(django_user_model, role, sees):
    application = BursaryApplicationFactory()
    user = make_staff(django_user_model, role)
    if role == "panel_conflicted":
        services.declare_conflict(application, reviewer=user)
    services.set_status(application, BursaryStatus.RESERVE)

    lines = audit.history(application, user)

    assert ("Submitted to On the reserve list" in [line.what for line in lines]) is sees


def test_the_history_button_shows_the_log_not_djangos(client, django_user_model):
    application = BursaryApplicationFactory()
    member = make_staff(django_user_model, "panel")
    services.set_status(application, BursaryStatus.RESERVE, by=member)
    client.force_login(member)

    shown = text(client.get(f"/admin/bursaries/bursaryapplication/{application.pk}/history/"))

    assert "Submitted to On the reserve list: panel" in shown
    assert "added via this admin site" not in shown
