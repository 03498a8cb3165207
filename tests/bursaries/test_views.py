import datetime
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse

from bursaries.models import BursaryApplication, BursaryStatus
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, SeminarFactory
from tests.utils import LONDON, text

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "name": "Siân Ó Dálaigh",
        "email": "sian@example.org",
        "group": "third_sector",
        "organisation": "Leeds Mind",
        "travelling_from": "Bradford",
        "travel_cost": "£1,024.50",
        "companion_cost": "",
        "payment_method": "book",
        "access_needs": "",
        "statement": "I run a peer support group and want to bring back what I learn.",
        "privacy_agreed": "on",
        "website": "",
        **overrides,
    }


def apply_url(seminar):
    return reverse("bursaries:apply", kwargs={"slug": seminar.slug})


def nothing_saved():
    return not BursaryApplication.objects.exists() and not Email.objects.exists()


def test_seminar_page_links_to_the_form_and_says_how_many_bursaries(client):
    seminar = SeminarFactory(bursaries_per_group=5)

    response = client.get(seminar.get_absolute_url())

    assert "Five travel bursaries are available for each of these groups" in text(response)
    assert apply_url(seminar) in response.content.decode()


def test_form_explains_money_groups_and_benefits_with_nothing_ticked(client):
    seminar = SeminarFactory()

    response = client.get(apply_url(seminar))

    page, html = text(response), response.content.decode()
    assert "Standard-class train tickets." in page
    assert "If you drive, we pay 45p a mile. One bursary pays up to £300 in all." in page
    assert "A small panel reads every application after applications close at" in page
    assert f"We will email you by {seminar.bursaries.decisions_by:%A %-d %B %Y}." in page
    assert "If we cannot offer you a bursary, you can still register for a free place until" in page
    assert "within 10 working days of getting your claim" in page
    assert "If you receive benefits, you can ask us how a bursary might affect them" in page
    assert "You may take less than we offer, or ask us to pay another way" in page
    assert "We never ask for your bank details by email." in page
    assert "Railcard" in page
    assert "Passenger Assist" in page
    assert "I work or volunteer for a charity or voluntary organisation" in page
    assert "Early-career researcher: a research student, or within 5 years of a PhD" in page
    assert "Practitioner in a public service" not in page  # not a group bursaries are for
    assert "250 words or fewer" in page
    assert " checked" not in html


def test_apply_with_pounds_typed_as_people_type_them(client):
    seminar = SeminarFactory()

    response = client.post(apply_url(seminar), form_data())

    assert response["Location"] == reverse("bursaries:check-email", kwargs={"slug": seminar.slug})
    application = BursaryApplication.objects.get()
    assert application.travel_cost == Decimal("1024.50")
    assert application.name == "Siân Ó Dálaigh"


def test_applying_again_shows_the_same_page(client):
    seminar = SeminarFactory()

    first = client.post(apply_url(seminar), form_data())
    second = client.post(apply_url(seminar), form_data(email="SIAN@example.org"))

    assert first["Location"] == second["Location"]
    assert BursaryApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"travel_cost": "lots"}, "Enter an amount in pounds, like 45.50."),
        ({"travel_cost": "-5"}, "Enter an amount of 0 or more."),
        ({"travel_cost": "99999"}, "Enter an amount of £2,000 or less."),
        ({"travel_cost": ""}, "Enter your expected travel cost in pounds"),
        ({"organisation": ""}, "Tell us the charity or organisation you work or volunteer for."),
        ({"payment_method": ""}, "Choose how you would like us to pay for your travel."),
        ({"accommodation_cost": "a lot"}, "Enter an amount in pounds, like 45.50."),
        ({"group": "early_career", "organisation": ""}, "Tell us your university or institution"),
        ({"companion_needed": "on"}, "Enter your companion's expected travel cost"),
        (
            {"group": "carer"},
            "Tick the box so that we can keep that you are a service user or carer",
        ),
        ({"access_needs": "Step-free"}, "Tick the box so that we can keep your access needs"),
        ({"statement": "word " * 251}, "Shorten your answer to 250 words or fewer. It has 251"),
        ({"statement": ""}, "Tell us in a few sentences why you would like to come."),
        ({"group": "everyone"}, "Choose one of the answers listed."),
        ({"group": "practitioner"}, "Choose one of the answers listed."),
        ({"name": "A\x00B"}, "Remove the unusual characters from this answer."),
        ({"email": "a@example.org\nBcc: b@example.org"}, "Enter an email address in"),
        ({"privacy_agreed": ""}, "Tick the box to say you have read the privacy notice."),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, overrides, message):
    seminar = SeminarFactory()

    response = client.post(apply_url(seminar), form_data(**overrides))

    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert message in text(response)
    assert nothing_saved()


def test_exactly_250_words_is_accepted(client):
    seminar = SeminarFactory()

    client.post(apply_url(seminar), form_data(statement="word " * 250))

    assert BursaryApplication.objects.count() == 1


def test_service_user_with_consent_may_apply(client):
    seminar = SeminarFactory()

    client.post(
        apply_url(seminar),
        form_data(group="service_user", organisation="", health_consent="on"),
    )

    assert BursaryApplication.objects.get().health_consent_at is not None


def test_form_loaded_before_the_deadline_and_sent_after_is_refused(client):
    seminar = SeminarFactory(
        starts_at=datetime.datetime(2016, 1, 5, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2016, 1, 5, 16, tzinfo=LONDON),
        registration_deadline=datetime.datetime(2015, 12, 11, tzinfo=LONDON),
        registration_opens_at=datetime.datetime(2015, 11, 1, tzinfo=LONDON),
        bursary_deadline=datetime.datetime(2015, 12, 1, tzinfo=LONDON),
    )
    with time_machine.travel(datetime.datetime(2015, 11, 30, 23, 59, tzinfo=LONDON)):
        form = text(client.get(apply_url(seminar)))
    with time_machine.travel(datetime.datetime(2015, 12, 1, 0, 0, 0, tzinfo=LONDON)):
        late = text(client.post(apply_url(seminar), form_data()))

    assert "Apply by 23:59 on Monday 30 November 2015 (UK time)." in form
    assert (
        "Applications for travel bursaries closed at 23:59 on Monday 30 November 2015 (UK time)."
        in late
    )
    assert nothing_saved()


def test_honeypot_saves_nothing(client):
    seminar = SeminarFactory()

    response = client.post(apply_url(seminar), form_data(website="spam"))

    assert response.status_code == 302
    assert nothing_saved()


def test_status_page_says_where_the_application_is(client):
    application = BursaryApplicationFactory(
        seminar__bursary_decisions_by=datetime.date(2030, 12, 4), statement="My own words."
    )

    page = text(client.get(application.status_path))

    assert "We have your application." in page
    assert "We will email you by Wednesday 4 December 2030" in page
    assert "My own words." in page


def test_withdraw_asks_first_and_only_a_post_withdraws(client):
    application = BursaryApplicationFactory()
    url = reverse("bursaries:withdraw", kwargs={"token": application.token})

    asked = client.get(url)
    application.refresh_from_db()
    status_after_get = application.status
    done = client.post(url, follow=True)

    application.refresh_from_db()
    assert "Withdraw your bursary application?" in text(asked)
    assert status_after_get == BursaryStatus.SUBMITTED
    assert "Your application is withdrawn." in text(done)
    assert "You withdrew this application." in text(done)
    assert application.status == BursaryStatus.WITHDRAWN


def test_withdrawing_a_withdrawn_application_says_so(client):
    application = BursaryApplicationFactory(status=BursaryStatus.WITHDRAWN)
    url = reverse("bursaries:withdraw", kwargs={"token": application.token})

    response = client.post(url, follow=True)

    assert "cannot become withdrawn" in text(response)


@pytest.mark.parametrize("token", ["x" * 43, "short", "b" * 5000])
def test_unknown_tokens_are_404(client, token):
    BursaryApplicationFactory()

    assert client.get(f"/bursaries/{token}/").status_code == 404
    assert client.post(f"/bursaries/{token}/withdraw/").status_code == 404


def test_status_page_refuses_post_and_put(client):
    application = BursaryApplicationFactory()

    assert client.post(application.status_path).status_code == 405
    assert client.put(application.status_path).status_code == 405


def test_error_reports_hide_what_applicants_typed(rf):
    from django.views.debug import SafeExceptionReporterFilter

    from bursaries.views import ApplyView

    request = rf.post("/", form_data(statement="Very private words"))

    with pytest.raises(Http404):  # no such seminar: we only want the request it marked
        ApplyView.as_view()(request, slug="missing")

    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["statement"] == "********************"
    assert cleaned["email"] == "********************"


def test_csrf_failure_page_says_what_to_do():
    from django.test import Client

    seminar = SeminarFactory()

    response = Client(enforce_csrf_checks=True).post(apply_url(seminar), form_data())

    assert response.status_code == 403
    assert "Go back, reload the page and send the form again." in text(response)
    assert nothing_saved()


def offered_application(**kwargs):
    from bursaries import services as bursary_services

    application = BursaryApplicationFactory(seminar__bursaries_closed=True, **kwargs)
    return bursary_services.offer(
        application,
        lines={"travel": Decimal("35.50")},
        reply_by=datetime.datetime(2030, 1, 1, tzinfo=LONDON),
        by=None,
    )


def test_an_offer_shows_amount_reply_by_and_both_answers(client):
    application = offered_application()

    page = text(client.get(application.status_path))

    assert "offer you a travel bursary of up to £35.50" in page
    assert "Please accept or decline by 23:59 on Monday 31 December 2029 (UK time)." in page
    assert "Accept the bursary" in page
    assert "Decline" in page


def test_accept_asks_first_then_the_post_accepts(client):
    application = offered_application()
    url = reverse("bursaries:accept", kwargs={"token": application.token})

    asked = client.get(url)
    application.refresh_from_db()
    after_get = application.status
    unanswered = client.post(url, {"payment_method": ""})
    application.refresh_from_db()
    after_unanswered = application.status
    done = client.post(url, {"payment_method": "advance"}, follow=True)

    application.refresh_from_db()
    assert "Accept the travel bursary" in text(asked)
    assert after_get == after_unanswered == BursaryStatus.OFFERED
    assert "Choose how you would like us to pay for your travel." in text(unanswered)
    assert "You have accepted the bursary." in text(done)
    assert application.status == BursaryStatus.ACCEPTED
    assert application.payment_method == "advance"
    assert application.registration.status == "confirmed"


def test_decline_from_the_page(client):
    application = offered_application()

    done = client.post(
        reverse("bursaries:decline", kwargs={"token": application.token}), follow=True
    )

    application.refresh_from_db()
    assert "You have declined the bursary." in text(done)
    assert application.status == BursaryStatus.DECLINED


def test_answering_after_the_reply_by_moment_is_refused_with_a_reason(client):
    application = offered_application()

    with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=LONDON)):
        done = client.post(
            reverse("bursaries:accept", kwargs={"token": application.token}),
            {"payment_method": "book"},
            follow=True,
        )

    application.refresh_from_db()
    assert "The offer ended at 23:59 on Monday 31 December 2029 (UK time)." in text(done)
    assert application.status == BursaryStatus.OFFERED
