"""Applications: changing one before the deadline, and a supporter applying for someone."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, Review
from common.models import AuditEntry
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import london, text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin


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
    client.post(
        f"{STAFF}{application.pk}/actions/score/", {"score": "4", "comment": "Still clear."}
    )
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
