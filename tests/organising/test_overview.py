"""The staff overview: what each role sees of each seminar, and what needs someone."""

import datetime
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bursaries.models import BursaryStatus, Review
from outbox.models import Email, EmailStatus
from registrations.models import RegistrationStatus
from seminars.changes import record_change
from seminars.models import AccessFeature, Lift
from tests.bursaries.conftest import panel_group
from tests.factories import (
    BursaryApplicationFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    SeminarFactory,
    VenueFactory,
)
from tests.test_groups import organisers_group
from tests.utils import group_as_migrated, text

pytestmark = pytest.mark.django_db

DOOR = importlib.import_module("organising.migrations.0001_door_helpers")


@pytest.fixture
def staff(django_user_model):
    def make(username, group):
        user = django_user_model.objects.create_user(username, is_staff=True)
        user.groups.add(group)
        return user

    return make


def door_helpers():
    return group_as_migrated(DOOR.DOOR_HELPERS, DOOR.DOOR_PERMISSIONS)


def overview_of(client, user):
    client.force_login(user)
    return client.get("/admin/")


def busy_seminar(**kwargs):
    """In 20 days, at a venue whose access is not confirmed, with no programme yet."""
    seminar = SeminarFactory(
        number=3,
        title="Enacting co-production",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        capacity=4,
        **kwargs,
    )
    consented = timezone.now()
    RegistrationFactory(seminar=seminar, group="carer", health_consent_at=consented)
    RegistrationFactory(seminar=seminar, group="carer", health_consent_at=consented)
    RegistrationFactory(seminar=seminar, group="academic")
    RegistrationFactory(
        seminar=seminar,
        group="service_user",
        health_consent_at=consented,
        status=RegistrationStatus.HELD,
    )
    RegistrationFactory(seminar=seminar, group="academic", status=RegistrationStatus.WAITING)
    RegistrationFactory(seminar=seminar, group="academic", status=RegistrationStatus.CANCELLED)
    BursaryApplicationFactory(seminar=seminar, group="third_sector")
    BursaryApplicationFactory(
        seminar=seminar,
        group="carer",
        health_consent_at=consented,
        status=BursaryStatus.OFFERED,
        offer_amount="30",
        reply_by=timezone.now() + datetime.timedelta(days=2),
    )
    return seminar


def test_an_organiser_sees_places_groups_bursary_counts_and_what_is_missing(client, staff):
    seminar = busy_seminar()
    organiser = staff("ann", organisers_group())

    page = text(overview_of(client, organiser))

    assert "Seminar 3: Enacting co-production" in page
    assert "in 20 days" in page
    assert (
        "Places taken 4 of 4 Of them held for bursary holders 1 Places left 0 Waiting list 1"
        in page
    )
    assert "Carers 2" in page  # staff words (registrations/groups.py), not the form's
    assert "I care for a family member" not in page
    assert "Service users and carers 1 0 1 0" in page  # applied, to decide, offered, accepted
    assert "People who work or volunteer for charities 1 1 0 0" in page
    assert (
        "Seminar 3 is less than four weeks away and has no confirmed access details or a "
        "programme yet" in page
    )
    assert "to score" not in page  # the panel's work
    assert "Door list" in page
    assert "Edit the seminar" in page
    assert f"/admin/bursaries/bursaryapplication/?seminar__id__exact={seminar.pk}" not in page


def test_a_panel_member_sees_bursaries_with_links_and_their_work_but_no_registrations(
    client, staff
):
    seminar = busy_seminar(bursaries_closed=True)
    member = staff("pat", panel_group())
    Review.objects.create(application=seminar.bursary_applications.first(), reviewer=member)

    response = overview_of(client, member)
    page = text(response)

    assert "1 application to score" in page
    assert "1 offer lapses within three days without a reply" in page
    assert f"?seminar__id__exact={seminar.pk}&amp;bursary_group=third_sector" in (
        response.content.decode()
    )
    assert "Places taken" not in page
    assert "Carer: I care" not in page
    assert "Door list" not in page
    assert "less than four weeks away" not in page  # the organisers' work


def test_a_changed_seminar_with_bursary_holders_asks_the_panel_and_not_organisers(client, staff):
    seminar = busy_seminar(bursaries_closed=True)  # one offer without a reply: a holder
    record_change(seminar, changed=["date"], by=None)

    panel_page = text(overview_of(client, staff("pat", panel_group())))
    organiser_page = text(overview_of(client, staff("ann", organisers_group())))

    assert f"Seminar {seminar.number} changed: tell its 1 bursary holder" in panel_page
    assert "changed: tell its" not in organiser_page


def test_a_door_helper_sees_the_door_lists_and_nothing_else(client, staff):
    busy_seminar()
    helper = staff("dee", door_helpers())

    page = text(overview_of(client, helper))

    assert "Door list" in page
    assert "Places taken" not in page
    assert "Travel bursaries" not in page
    assert "Needs attention" not in page
    assert "Everything else" not in page  # no tables at all


def test_a_seminar_with_its_access_and_programme_confirmed_needs_nothing(client, staff):
    venue = VenueFactory(
        step_free_access=AccessFeature.YES,
        lift=Lift.ONE_LEVEL,
        accessible_toilets=AccessFeature.YES,
        hearing_loop=AccessFeature.NO,
        quiet_room=AccessFeature.YES,
    )
    seminar = busy_seminar(venue=venue)
    ProgrammeItemFactory(seminar=seminar)

    page = text(overview_of(client, staff("ann", organisers_group())))

    assert "less than four weeks away" not in page
    assert "Nothing needs attention just now." in page


def test_failed_emails_show_to_whoever_may_read_them(client, staff):
    Email.objects.create(
        kind="registrations/place_confirmed",  # a kind organisers read (outbox/kinds.py)
        to="a@example.org",
        subject="s",
        body_text="b",
        status=EmailStatus.FAILED,
    )
    Email.objects.create(
        kind="bursaries/offered",
        to="b@example.org",
        subject="s",
        body_text="b",
        status=EmailStatus.FAILED,
    )
    Email.objects.create(
        kind="bursaries/offered",
        to="c@example.org",
        subject="s",
        body_text="b",
        status=EmailStatus.FAILED,
    )

    organiser = text(overview_of(client, staff("ann", organisers_group())))
    panel = text(overview_of(client, staff("pat", panel_group())))

    assert "1 email could not be sent" in organiser
    assert "2 emails could not be sent" in panel


def test_an_application_nobody_may_decide_needs_a_superuser(client, staff):
    seminar = SeminarFactory(bursaries_closed=True)
    application = BursaryApplicationFactory(seminar=seminar)
    members = [staff("pat", panel_group()), staff("sam", panel_group())]
    for member in members:
        Review.objects.create(application=application, reviewer=member, conflict=True)

    page = text(overview_of(client, members[0]))

    assert "1 application that nobody on the panel may decide" in page


@pytest.mark.parametrize("role", ["organiser", "panel"])
def test_the_overview_runs_the_same_queries_for_one_seminar_or_many(client, staff, role):
    user = staff("ann", organisers_group() if role == "organiser" else panel_group())
    client.force_login(user)
    client.get("/admin/")  # a staff session's first request writes the session once
    counts = []
    for size in (1, 5):
        for _ in range(size):
            _seminar_with_people()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def _seminar_with_people():
    seminar = SeminarFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    RegistrationFactory.create_batch(3, seminar=seminar)
    BursaryApplicationFactory.create_batch(2, seminar=seminar)
    return seminar


def test_the_link_lists_the_applications_nobody_may_decide(client, staff, django_user_model):
    seminar = SeminarFactory(bursaries_closed=True)
    stuck, free = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    members = [staff("pat", panel_group()), staff("sam", panel_group())]
    for member in members:
        Review.objects.create(application=stuck, reviewer=member, conflict=True)
    Review.objects.create(application=free, reviewer=members[0], conflict=True)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))

    listed = client.get("/admin/bursaries/bursaryapplication/?nobody_may_decide=yes")

    assert list(listed.context["cl"].result_list) == [stuck]


def test_applications_to_score_counts_exactly_the_list_it_opens(client, staff):
    """Before the deadline too, and without withdrawn, decided, scored or conflicted ones."""
    from bursaries import services as bursary_services
    from bursaries.models import BursaryStatus
    from tests.factories import BursaryApplicationFactory

    seminar = SeminarFactory()  # applications still open
    member = staff("pat", panel_group())
    waiting = BursaryApplicationFactory.create_batch(4, seminar=seminar)
    scored, conflicted = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    BursaryApplicationFactory(seminar=seminar, status=BursaryStatus.WITHDRAWN)
    BursaryApplicationFactory(seminar=seminar, status=BursaryStatus.NOT_OFFERED)
    bursary_services.score(scored, reviewer=member, score=3)
    bursary_services.declare_conflict(conflicted, reviewer=member)

    page = text(overview_of(client, member))
    listed = client.get("/admin/bursaries/bursaryapplication/?mine=todo").content.decode()

    assert "4 applications to score" in page
    assert {a.pk for a in waiting} == {int(pk) for pk in re.findall(r">B(\d+)<", listed)}


def test_claims_waiting_too_long_counts_exactly_the_list_it_opens(client, staff):
    from bursaries.models import BursaryStatus, Claim
    from tests.factories import BursaryApplicationFactory

    member = staff("pat", panel_group())
    awarded = {"offer_amount": 24, "reply_by": timezone.now()}
    late, recent = BursaryApplicationFactory.create_batch(
        2, status=BursaryStatus.CLAIMED, **awarded
    )
    paid = BursaryApplicationFactory(status=BursaryStatus.PAID, **awarded)
    for application, days_ago in ((late, 30), (recent, 1), (paid, 30)):
        claim = Claim.objects.create(application=application, amount=10)
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Claim.objects.filter(pk=claim.pk).update(created=when)

    page = text(overview_of(client, member))
    listed = client.get("/admin/bursaries/bursaryapplication/?claims=overdue").content.decode()

    assert "1 claim waiting longer than" in page
    assert "?claims=overdue" in overview_of(client, member).content.decode()
    assert {int(pk) for pk in re.findall(r">B(\d+)<", listed)} == {late.pk}
