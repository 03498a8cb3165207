"""`make demo`'s story (organising/demo.py): built on a fresh database through the services, then
walked through the real sign-in (password, then the authenticator code demo_code prints) as each
demo account; and both commands refuse production settings and write nothing."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bursaries.models import BursaryApplication, BursaryStatus
from certificates.models import IssuedCertificate, NameChangeRequest
from feedback.models import FeedbackAnswer
from fees.models import InvolvementFee
from ledger.models import Entry, Kind
from organising import demo
from outbox.models import Email, EmailStatus
from outputs.models import Material, MaterialStatus, WriteUp
from registrations.models import Registration
from seminars.models import Seminar
from subscribers.models import Subscriber
from tests.bursaries.conftest import panel_group
from tests.organising.test_overview import door_helpers
from tests.test_groups import organisers_group
from tests.test_two_factor import sign_in, token_step
from tests.utils import text

pytestmark = pytest.mark.django_db


def build(settings):
    """Run build_demo as `make demo` does (DEBUG on, as on a developer's machine): the
    passwords it printed, by username. The groups are there as their migrations made them (a
    transactional test elsewhere may have flushed them; a fresh database has them)."""
    organisers_group(), panel_group(), door_helpers()
    settings.DEBUG = True
    out = io.StringIO()
    try:
        call_command("build_demo", stdout=out)
    finally:
        settings.DEBUG = False
    return dict(re.findall(r"^\s+(demo-\S+)\s+password (\S+)$", out.getvalue(), re.M))


def code(settings, username):
    settings.DEBUG = True
    out = io.StringIO()
    try:
        call_command("demo_code", username, stdout=out)
    finally:
        settings.DEBUG = False
    return out.getvalue().strip()


def signed_in(client, settings, username, password):
    """Through the real two steps, as a person does: the password, then the current code."""
    client.logout()
    sign_in(client, username, password)
    token_step(client, code(settings, username))
    response = client.get("/admin/")
    assert response.status_code == 200, username
    return text(response)


def test_the_demo_holds_its_story_and_each_account_sees_its_part(client, settings):
    passwords = build(settings)

    assert set(passwords) == {"demo-organiser", "demo-panel", "demo-door", "demo-admin"}
    past = Seminar.objects.get(number=demo.DEMO_NUMBER)
    today = Seminar.objects.get(number=demo.DEMO_NUMBER + 1)
    assert past.attendance_completed_at is not None
    issued = IssuedCertificate.objects.filter(registration__seminar=past)
    # Ten registered and four bursary holders had places: one of the fourteen did not come.
    assert issued.count() == 13
    assert Registration.objects.filter(seminar=past, attended=False).count() == 1
    assert NameChangeRequest.objects.filter(decided_at__isnull=True).count() == 1
    assert FeedbackAnswer.objects.filter(seminar_id=past.pk).count() == 10
    assert WriteUp.objects.get(seminar=past).published
    statuses = set(BursaryApplication.objects.values_list("status", flat=True))
    assert statuses == {
        BursaryStatus.SUBMITTED,  # waiting for the panel's scores
        BursaryStatus.NOT_OFFERED,
        BursaryStatus.RESERVE,
        BursaryStatus.DECLINED,
        BursaryStatus.CLAIMED,  # paid back after the seminar: the overdue claim
        BursaryStatus.PAID,  # paid back, claim paid
        BursaryStatus.SETTLED,  # tickets booked for them; an advance with money left over
    }
    assert Entry.objects.filter(kind=Kind.TO_RETURN).count() == 1
    assert Email.objects.filter(status=EmailStatus.FAILED).count() == 1
    assert not Email.objects.filter(status=EmailStatus.QUEUED).exists()  # the story happened
    assert Subscriber.objects.confirmed().count() == 3
    assert Registration.objects.filter(seminar=today, call_back__isnull=False).exists()
    assert InvolvementFee.objects.get(seminar=today).amount == Decimal("75.00")  # 3 h at £25

    published = Material.objects.filter(seminar=past, status=MaterialStatus.PUBLISHED)
    assert set(published.values_list("kind", flat=True)) == {"slides", "recording"}
    public = text(client.get(past.get_absolute_url()))
    assert "Whose review is it? (slides)" in public
    assert "(recording)" not in public  # shared only with the people registered

    # Run again on the same database: refused clearly, nothing added.
    with pytest.raises(CommandError, match="already holds the demo"):
        build(settings)
    assert Seminar.objects.filter(number__gte=demo.DEMO_NUMBER).count() == 2

    # The organiser: the overview, a certificate, its verification page, the feedback results.
    overview = signed_in(client, settings, "demo-organiser", passwords["demo-organiser"])
    assert "1 email could not be sent" in overview
    assert "1 person asked us to phone them" in overview
    assert "not yet confirmed at this venue" in overview  # a need the venue's details miss
    assert f"Seminar 91: {today.title}" in overview
    assert "Registrations by group" in overview
    assert "Online 2 taking part" in overview
    assert "£400.00" in overview  # the involvement budget, with the fee committed against it
    certificate = issued.select_related("registration").last()
    download = client.get(
        reverse("certificates:download", args=[certificate.registration.manage_token])
    )
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    check = client.get(certificate.get_absolute_url())
    assert check.status_code == 200
    assert past.title in text(check)
    named = client.post(certificate.get_absolute_url(), {"name": certificate.name_printed})
    assert "Yes: that is the name on this certificate." in text(named)
    results = client.get(reverse("organising:feedback-seminar", args=[past.pk]))
    assert results.status_code == 200
    assert "Everyone: 10 answers" in text(results)  # closed: the results show
    assert "Practitioners in public services: 5 answers" in text(results)
    assert '5 of them are counted only under "Everyone"' in text(results)  # groups under 5

    # The panel: the claims waiting, the overdue one flagged.
    overview = signed_in(client, settings, "demo-panel", passwords["demo-panel"])
    assert "1 claim waiting longer than 10 working days" in overview
    assert "2 applications to score" in overview  # submitted, and on the reserve list
    assert "Registrations by group" not in overview
    claims = client.get("/admin/bursaries/bursaryapplication/?claims=waiting")
    assert claims.status_code == 200
    assert "OVERDUE" in text(claims)
    assert "Kemi Adeyemi" in text(claims)

    # The door helper: today's door list, with the people and their needs.
    overview = signed_in(client, settings, "demo-door", passwords["demo-door"])
    assert "Door list" in overview
    assert "Travel bursaries" not in overview
    assert "Registrations by group" not in overview
    door = client.get(reverse("organising:door", args=[today.pk]))
    assert door.status_code == 200
    assert "0 of 6 arrived" in text(door)
    assert "Amara Okafor" in text(door)
    sheet = client.get(reverse("organising:staff-sheet", args=[today.pk]))
    assert sheet.status_code == 200
    assert "Step-free access" in text(sheet)

    # The superuser signs in the same way.
    signed_in(client, settings, "demo-admin", passwords["demo-admin"])


@pytest.mark.parametrize("production", ["DEBUG off", "DJANGO_ENV=production"])
@pytest.mark.parametrize("command", [["build_demo"], ["demo_code", "demo-organiser"]])
def test_both_commands_refuse_production_settings_and_write_nothing(settings, production, command):
    settings.DEBUG = production != "DEBUG off"
    settings.PRODUCTION = production == "DJANGO_ENV=production"

    with pytest.raises(CommandError, match="production settings"):
        call_command(*command, stdout=io.StringIO())

    assert not get_user_model().objects.exists()
    assert not Seminar.objects.exists()
    assert not Email.objects.exists()


def test_demo_code_never_gives_the_code_of_an_account_not_the_demos(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    own = get_user_model().objects.create_user("ann", is_staff=True)
    TOTPDevice.objects.create(user=own, name="default", confirmed=True)

    with pytest.raises(CommandError, match="No demo account called 'ann'"):
        code(settings, "ann")
