import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
SEND = reverse("admin:bursaries_bursaryapplication_send_staged")


@pytest.fixture
def member(client, make_panel_member):
    user = make_panel_member()
    client.force_login(user)
    return user


def test_stage_an_offer_preview_it_then_send(client, member, sent):
    application = BursaryApplicationFactory(travel_cost=Decimal("30.00"))
    reply_day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    staged = client.post(
        f"{LIST}{application.pk}/change/",
        {"action": "stage", "decision": "offered", "amount": "£30", "reply_by": reply_day},
        follow=True,
    )
    listing = text(client.get(LIST))
    preview = text(client.get(SEND))
    emails_before_sending = Email.objects.count()
    done = client.post(SEND, follow=True)

    assert "Decision for B" in text(staged)
    assert "Preview and send staged decisions (1)" in listing
    assert "Action needed: a travel bursary for Seminar" in preview
    assert "up to £30.00" in preview
    assert emails_before_sending == 0  # staging and previewing send nothing
    assert "Sent 1 decision(s)." in text(done)
    application.refresh_from_db()
    assert application.status == BursaryStatus.OFFERED
    assert application.offer_amount == Decimal("30.00")
    assert timezone.localtime(application.reply_by).date().isoformat() > reply_day
    assert any(email.subject.startswith("Action needed") for email in sent())


def test_an_offer_over_the_limit_is_reported_and_stays_staged(client, member):
    seminar = SeminarFactory(bursaries_per_group=1)
    first, second = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    reply_by = timezone.now() + datetime.timedelta(days=7)
    for application in (first, second):
        services.stage_decision(
            application, decision="offered", amount=Decimal("20"), reply_by=reply_by, by=member
        )

    done = text(client.post(SEND, follow=True))

    assert "Sent 1 decision(s)." in done
    assert "are offered or awarded" in done
    assert BursaryApplication.objects.filter(staged_decision="offered").count() == 1


def test_stage_needs_amount_and_date_for_an_offer(client, member):
    application = BursaryApplicationFactory()

    page = text(
        client.post(
            f"{LIST}{application.pk}/change/",
            {"action": "stage", "decision": "offered", "amount": "", "reply_by": ""},
        )
    )

    application.refresh_from_db()
    assert "Enter the amount to offer, in pounds." in page
    assert "Choose the last day to reply." in page
    assert application.staged_decision == ""


def test_a_freed_bursary_prompts_the_top_of_the_reserve_list(client, member):
    seminar = SeminarFactory(bursaries_per_group=1)
    offered = services.offer(
        BursaryApplicationFactory(seminar=seminar),
        amount=Decimal("20"),
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=member,
    )
    low, high = BursaryApplicationFactory.create_batch(2, seminar=seminar)
    for application, score in ((low, 2), (high, 5)):
        services.score(application, reviewer=member, score=score)
        services.put_on_reserve(application, by=member)
    before = text(client.get(LIST))

    services.decline(offered)
    after = text(client.get(LIST))

    assert "Top of the reserve list" not in before
    assert (
        f"1 bursary is free for employees of third-sector organisations at seminar "
        f"{seminar.number}. Top of the reserve list: B{high.pk}." in after
    )


def test_record_tickets_booked_for_an_accepted_bursary(client, member):
    application = services.offer(
        BursaryApplicationFactory(prefers_booking=True),
        amount=Decimal("20"),
        reply_by=timezone.now() + datetime.timedelta(days=7),
        by=member,
    )

    client.post(
        f"{LIST}{application.pk}/change/",
        {"action": "booking", "booking_details": "Return train Wakefield to Leeds"},
    )

    application.refresh_from_db()
    assert application.booking_details == "Return train Wakefield to Leeds"


def test_non_panel_staff_cannot_reach_staged_decisions(client, django_user_model):
    staff = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)
    BursaryApplicationFactory(staged_decision="reserve")

    assert client.get(SEND).status_code == 403
    assert client.post(SEND).status_code == 403
    assert BursaryApplication.objects.get().status == BursaryStatus.SUBMITTED


def test_the_panel_is_told_before_offering_when_no_place_is_free(client, member):
    from tests.factories import RegistrationFactory

    seminar = SeminarFactory(capacity=1, bursaries_per_group=5)
    RegistrationFactory(seminar=seminar)
    application = BursaryApplicationFactory(seminar=seminar)

    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "5 bursaries left for employees of third-sector organisations; 0 places free" in page
    assert "No place is free at this seminar, and an offer holds a place." in page
