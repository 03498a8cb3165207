"""Changing an application before the deadline; supporters and the panel applying for someone;
decision emails that say only what is true; how long each claim has waited."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, Claim, Review
from common.models import AuditEntry
from outbox.models import Email
from seminars.dates import working_days_between
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
LIST = "/admin/bursaries/bursaryapplication/"


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def seminar_1():
    """Bursary applications close at midnight at the end of Monday 30 November 2015 (GMT)."""
    return SeminarFactory(
        starts_at=london(2016, 1, 5, 10),
        ends_at=london(2016, 1, 5, 16),
        registration_opens_at=london(2015, 11, 1, 9),
        registration_deadline=london(2015, 12, 11),
        bursary_deadline=london(2015, 12, 1),
        bursary_decisions_by=datetime.date(2015, 12, 8),
    )


def answers(application, **changes):
    """What the correction form would post: every answer, as it is, with `changes`."""
    fields = {name: getattr(application, name) for name in services.APPLICANT_FIELDS}
    return {**fields, "health_consent": bool(application.health_consent_at), **changes}


def test_correcting_in_the_last_second_saves_names_the_fields_and_emails(seminar_1, sent):
    application = BursaryApplicationFactory(seminar=seminar_1, travel_cost=Decimal("20"))

    changed = services.correct(
        application,
        **answers(application, travel_cost=Decimal("26.40"), statement="Better words."),
        now=london(2015, 11, 30, 23, 59, 59),
    )

    application.refresh_from_db()
    assert changed == ["statement", "travel_cost"]
    assert (application.travel_cost, application.statement) == (Decimal("26.40"), "Better words.")
    assert application.changed_at == london(2015, 11, 30, 23, 59, 59)
    [entry] = AuditEntry.objects.filter(action="changed by the applicant")
    assert (entry.by, entry.fields) == (None, ["statement", "travel_cost"])
    assert "Better words." not in str(entry.__dict__)  # field names, never values
    [email] = sent()
    assert email.subject == f"Your bursary application has changed: Seminar {seminar_1.number}"


def test_correcting_at_the_deadline_is_refused_and_nothing_changes(seminar_1):
    application = BursaryApplicationFactory(seminar=seminar_1, statement="Original.")

    with pytest.raises(services.BursaryError) as error:
        services.correct(
            application, **answers(application, statement="Late."), now=london(2015, 12, 1)
        )

    application.refresh_from_db()
    assert str(error.value).startswith("You can no longer change this application")
    assert (application.statement, application.changed_at) == ("Original.", None)
    assert not Email.objects.exists()


def test_on_the_reserve_list_the_group_stays_fixed(seminar_1):
    application = BursaryApplicationFactory(seminar=seminar_1, status=BursaryStatus.RESERVE)
    now = london(2015, 11, 20)

    with pytest.raises(services.BursaryError) as error:
        services.correct(application, **answers(application, group="carer"), now=now)
    changed = services.correct(
        application, **answers(application, travelling_from="Leeds"), now=now
    )

    assert str(error.value).startswith("Your group cannot change now that the panel has decided")
    assert changed == ["travelling_from"]


def test_the_email_address_never_changes_here_so_it_cannot_test_who_else_applied(client, seminar_1):
    other = BursaryApplicationFactory(seminar=seminar_1, email="someone@example.org")
    application = BursaryApplicationFactory(seminar=seminar_1)

    with pytest.raises(services.BursaryError) as taken:
        services.correct(
            application, **answers(application, email=other.email), now=london(2015, 11, 20)
        )
    with pytest.raises(services.BursaryError) as free:
        services.correct(
            application, **answers(application, email="new@example.org"), now=london(2015, 11, 20)
        )

    assert str(taken.value) == str(free.value)  # the same answer, whoever applied
    assert str(free.value) == "To change your email address, email us: we check it is you first."
    from bursaries.forms import CorrectionForm

    assert CorrectionForm(instance=application).fields["email"].disabled


def test_a_change_drops_a_decision_staged_on_the_earlier_version(seminar_1, django_user_model):
    member = django_user_model.objects.create_user("panel", is_staff=True)
    application = BursaryApplicationFactory(seminar=seminar_1, travel_cost=Decimal("20"))
    services.stage_decision(
        application,
        decision="offered",
        lines={"travel": Decimal("20")},
        reply_by=london(2015, 12, 10),
        by=member,
        now=london(2015, 11, 20),
    )

    services.correct(
        application, **answers(application, travel_cost=Decimal("80")), now=london(2015, 11, 21)
    )

    application.refresh_from_db()
    assert (application.staged_decision, application.offer_amount, application.reply_by) == (
        "",
        None,
        None,
    )


def test_a_score_given_before_a_change_is_marked_for_the_panel(
    client, seminar_1, make_panel_member
):
    member = make_panel_member()
    application = BursaryApplicationFactory(seminar=seminar_1)
    with time_machine.travel(london(2015, 11, 20, 12)):
        services.score(application, reviewer=member, score=4, comment="Clear.")
    with time_machine.travel(london(2015, 11, 25, 12)):
        services.correct(application, **answers(application, statement="Changed words."))
    client.force_login(member)

    listing = text(client.get(LIST))
    page = text(client.get(f"{LIST}{application.pk}/change/"))
    client.post(f"{LIST}{application.pk}/actions/score/", {"score": "4", "comment": "Still clear."})
    after_rescoring = text(client.get(LIST))

    assert "4 (changed since: read it again)" in listing
    assert "The applicant changed this application on 25 November 2015" in page
    assert "You scored this application before the applicant changed it." in page
    assert "(given before the applicant changed the application)" in page
    assert "changed since" not in after_rescoring
    assert Review.objects.get().comment == "Still clear."


def test_the_correction_page_shows_the_answers_and_saves_through_the_service(client):
    application = BursaryApplicationFactory(travel_cost=Decimal("24.50"), payment_method="book")
    url = reverse("bursaries:correct", kwargs={"token": application.token})

    page = client.get(url)
    posted = client.post(
        url,
        {
            **{k: v for k, v in answers(application).items() if v is not None},
            "companion_needed": "",
            "health_consent": "",
            "travel_cost": "£30",
        },
        follow=True,
    )

    application.refresh_from_db()
    assert 'value="24.50"' in page.content.decode()
    assert "Your changes are saved." in text(posted)
    assert application.travel_cost == Decimal("30.00")
    assert "no-store" in page["Cache-Control"]


def test_after_the_deadline_the_page_says_so_and_a_post_changes_nothing(client):
    application = BursaryApplicationFactory(seminar__bursaries_closed=True, statement="Original.")
    url = reverse("bursaries:correct", kwargs={"token": application.token})

    page = text(client.get(url))
    client.post(url, {"statement": "Late.", "privacy_agreed": "on"})

    application.refresh_from_db()
    assert "You can no longer change this application" in page
    assert application.statement == "Original."


# Someone else applies.


def test_a_supporter_applies_for_someone_and_is_named(client):
    seminar = SeminarFactory()

    client.post(
        reverse("bursaries:apply", kwargs={"slug": seminar.slug}),
        {
            "name": "Pat Example",
            "email": "pat@example.org",
            "supporter_name": "Sam, Pat's support worker",
            "group": "service_user",
            "travelling_from": "Hull",
            "travel_cost": "30",
            "payment_method": "book",
            "statement": "Pat would like to share what works.",
            "health_consent": "on",
            "privacy_agreed": "on",
        },
    )

    application = BursaryApplication.objects.get()
    assert application.supporter_name == "Sam, Pat's support worker"
    email = Email.objects.get()
    assert "Sam, Pat's support worker filled in the form for you." in email.body_text


def test_entering_an_address_that_already_applied_says_so_plainly_and_emails_no_one(
    client, make_panel_member
):
    client.force_login(make_panel_member())
    existing = BursaryApplicationFactory(seminar__bursaries_closed=True, email="pat@example.org")

    response = client.post(
        f"{LIST}add/",
        {
            "seminar": str(existing.seminar_id),
            "name": "Pat Example",
            "email": "PAT@example.org",
            "group": "third_sector",
            "organisation": "Mind",
            "travelling_from": "Hull",
            "travel_cost": "30",
            "payment_method": "advance",
            "statement": "Told us by phone.",
            "privacy_agreed": "on",
        },
        follow=True,
    )

    [message] = [str(m) for m in response.context["messages"]]
    assert "already has an application for this seminar" in message
    assert existing.reference not in message  # blind review: no reference to match
    assert BursaryApplication.objects.count() == 1
    assert not Email.objects.exists()


def test_the_panel_enters_an_application_taken_by_phone_even_after_the_deadline(
    client, make_panel_member
):
    member = make_panel_member()
    client.force_login(member)
    seminar = SeminarFactory(bursaries_closed=True)

    response = client.post(
        f"{LIST}add/",
        {
            "seminar": str(seminar.pk),
            "name": "Pat Example",
            "email": "pat@example.org",
            "group": "carer",
            "travelling_from": "Hull",
            "travel_cost": "30",
            "payment_method": "advance",
            "statement": "Told us by phone.",
            "health_consent": "on",
            "privacy_agreed": "on",
        },
    )

    application = BursaryApplication.objects.get()
    assert response["Location"] == f"{LIST}{application.pk}/change/"
    assert (application.group, application.payment_method) == ("carer", "advance")
    [entry] = AuditEntry.objects.filter(object_id=application.pk)
    assert (entry.action, entry.by) == ("entered by the panel (taken by phone)", member)
    assert Email.objects.get().to == "pat@example.org"


def test_the_phone_form_is_for_the_panel_only(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("organiser", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)

    assert client.get(f"{LIST}add/").status_code == 403


# Decision emails say only what is true.


@pytest.mark.parametrize(("applications", "competitive"), [(3, False), (4, True)])
def test_not_offered_says_there_were_more_applications_only_when_there_were(
    applications, competitive, sent, django_user_model
):
    member = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_closed=True, bursaries_per_group=3)
    first, *_ = BursaryApplicationFactory.create_batch(applications, seminar=seminar)

    services.not_offer(first, by=member, note="Thank you for your honest words.")

    [email] = sent()
    assert ("we had more applications than bursaries" in email.body) is competitive
    assert "Thank you for your honest words." in email.body
    assert "You can register for a free place until 23:59 on" in email.body


# How long claims wait, in working days.


def test_working_days_count_monday_to_friday():
    friday = datetime.date(2026, 11, 27)

    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, datetime.date(2026, 11, 29)) == 0  # the weekend
    assert working_days_between(friday, datetime.date(2026, 11, 30)) == 1
    assert working_days_between(friday, datetime.date(2026, 12, 11)) == 10


def test_the_panel_sees_how_long_each_claim_has_waited_and_overdue_ones_stand_out(
    client, make_panel_member
):
    client.force_login(make_panel_member())
    start = timezone.now() - datetime.timedelta(days=30)
    seminar = SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=start - datetime.timedelta(days=50),
        registration_deadline=start - datetime.timedelta(days=10),
        bursary_deadline=start - datetime.timedelta(days=20),
    )
    today = timezone.localdate()
    waits = {}
    for days in (10, 11):  # the target is 10 working days: 11 is overdue
        application = BursaryApplicationFactory(
            seminar=seminar,
            status=BursaryStatus.CLAIMED,
            offer_amount=Decimal("20"),
            reply_by=start,
        )
        claim = Claim.objects.create(application=application, amount=Decimal("5"))
        arrived = today
        while working_days_between(arrived, today) < days:
            arrived -= datetime.timedelta(days=1)
        Claim.objects.filter(pk=claim.pk).update(
            created=timezone.make_aware(datetime.datetime.combine(arrived, datetime.time(12)))
        )
        waits[days] = application

    listing = text(client.get(f"{LIST}?claims=waiting"))
    page = text(client.get(f"{LIST}{waits[11].pk}/change/"))

    assert "10 working days" in listing
    assert "OVERDUE: 11 working days" in listing
    assert "OVERDUE: 10" not in listing
    assert "11 working days ago (we promise payment within 10) Overdue" in page
