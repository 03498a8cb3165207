import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from outbox.models import Email
from seminars.models import PageKind
from subscribers.models import OpeningAlert, Subscriber, SubscriberStatus
from tests.factories import PageFactory, SeminarFactory, TentativeSeminarFactory
from tests.factories.subscribers import SubscriberFactory
from tests.utils import london, text

pytestmark = pytest.mark.django_db

SIGN_UP = "/subscribe/"
CHECK_EMAIL = "/subscribe/check-your-email/"
START = "/subscribe/start/"


def test_pages_have_the_footer_form_with_ids_of_its_own_but_form_pages_leave_it_out(client):
    seminar = SeminarFactory()

    page = client.get(seminar.get_absolute_url()).content.decode()
    form_page = client.get(reverse("registrations:register", kwargs={"slug": seminar.slug}))

    assert "Email me about future seminars" in page
    assert f'action="{START}"' in page
    assert 'id="footer-email"' in page
    form_page = form_page.content.decode()
    assert 'id="id_email"' in form_page  # the registration form's own, alone: one thing a page
    assert 'id="footer-email"' not in form_page
    assert form_page.count('name="form_started"') == 1


def test_a_page_whose_only_form_is_the_footers_carries_nothing_of_a_visitors_own(
    django_assert_num_queries,
):
    """No CSRF token, no signed time, no cookie: a cached page is the same bytes for everyone."""
    PageFactory(kind=PageKind.PRIVACY)
    first, second = Client(), Client()
    rendered = first.get("/privacy/")
    with django_assert_num_queries(0):
        cached = second.get("/privacy/")

    for response in (rendered, cached):
        html = response.content.decode()
        assert 'action="/subscribe/start/"' in html
        assert "csrfmiddlewaretoken" not in html
        assert "form_started" not in html
        assert "\0" not in html
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
    assert cached.content == rendered.content


def test_the_footers_address_comes_back_on_the_sign_up_page_to_send_and_nothing_is_sent(
    sent,
):
    visitor = Client(enforce_csrf_checks=True)  # the footer sends no token, and needs none

    response = visitor.post(START, {"email": " ann@example.org "})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Is this your email address?" in text(response)
    assert 'value="ann@example.org"' in html
    assert f'action="{SIGN_UP}"' in html
    assert html.count('name="csrfmiddlewaretoken"') == html.count('name="form_started"') == 1
    assert "website" in html  # the honeypot
    assert Subscriber.objects.count() == 0
    assert sent() == []

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    started = re.search(r'name="form_started" value="([^"]+)"', html)[1]
    signed_up = visitor.post(
        SIGN_UP, {"email": "ann@example.org", "csrfmiddlewaretoken": token, "form_started": started}
    )
    assert signed_up["Location"] == CHECK_EMAIL
    assert [e.to for e in sent()] == [["ann@example.org"]]


def test_signing_up_still_needs_a_token_and_keeps_its_robot_checks(client, settings, sent):
    settings.FORM_MIN_SECONDS = 2
    robot = Client(enforce_csrf_checks=True)

    without_token = robot.post(SIGN_UP, {"email": "a@example.org"})
    at_once = client.post(SIGN_UP, {"email": "a@example.org"})  # no signed time: too soon
    honeypot = client.post(START, {"email": "a@example.org", "website": "http://spam"})

    assert without_token.status_code == 403
    assert at_once.status_code == 200
    assert "There is a problem" in text(at_once)
    assert honeypot.status_code == 200  # only the page to send; nothing else happens
    assert Subscriber.objects.count() == 0
    assert sent() == []


def test_the_footers_page_opened_directly_leads_to_the_sign_up_page(client):
    response = client.get(START)

    assert response.status_code == 302
    assert response.url == reverse("subscribers:sign-up")


def test_sign_up_page_has_one_form_and_no_footer_copy(client):
    html = client.get(SIGN_UP).content.decode()

    assert html.count("<form") == 1
    assert "Email me about future seminars" in html
    assert "The link works for 7 days" in html


def test_sign_up_then_see_the_same_page_whether_known_or_not(client, sent):
    SubscriberFactory(email="known@example.org")

    new = client.post(SIGN_UP, {"email": "new@example.org"})
    known = client.post(SIGN_UP, {"email": "known@example.org"})

    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"] == CHECK_EMAIL
    assert [e.to for e in sent()] == [["new@example.org"]]
    assert "If this address needs to confirm" in text(client.get(CHECK_EMAIL))


def test_sign_up_with_a_mistake_comes_back_on_the_sign_up_page_and_saves_nothing(client):
    response = client.post(SIGN_UP, {"email": "not an address"})

    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert "Enter an email address in the correct format, like name@example.com" in text(response)
    assert Subscriber.objects.count() == 0
    assert Email.objects.count() == 0


def test_sign_up_by_a_robot_is_told_done_and_nothing_is_saved(client):
    response = client.post(SIGN_UP, {"email": "a@example.org", "website": "http://spam"})

    assert response["Location"] == CHECK_EMAIL
    assert Subscriber.objects.count() == 0
    assert Email.objects.count() == 0


def test_sign_up_too_soon_after_the_page_opened_is_sent_back(client, settings):
    settings.FORM_MIN_SECONDS = 2
    page = client.get(SIGN_UP).content.decode()
    started = re.search(r'name="form_started" value="([^"]+)"', page)[1]

    response = client.post(SIGN_UP, {"email": "a@example.org", "form_started": started})

    assert "We could not tell that a person sent this form" in text(response)
    assert Subscriber.objects.count() == 0


def test_confirm_link_asks_first_then_confirms(client, sent):
    client.post(SIGN_UP, {"email": "ann@example.org"})
    [email] = sent()
    link = re.search(r"http\S+/subscribe/confirm/\S+/", email.body)[0]
    path = link.removeprefix("http://127.0.0.1:8000")

    asked = client.get(path)
    still_pending = Subscriber.objects.get().status
    confirmed = client.post(path)

    assert "Yes, email me" in text(asked)
    assert still_pending == SubscriberStatus.PENDING
    assert "you are on our list" in text(confirmed)
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_expired_confirm_link_says_so_and_confirms_nothing(client):
    with time_machine.travel(london(2026, 3, 1, 12), tick=False):
        client.post(SIGN_UP, {"email": "ann@example.org"})
    subscriber = Subscriber.objects.get()
    url = reverse("subscribers:confirm", kwargs={"token": subscriber.token})

    with time_machine.travel(london(2026, 3, 8, 12)):
        asked = client.get(url)
        posted = client.post(url)

    assert "This link has expired" in text(asked)
    assert "This link has expired" in text(posted)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client):
    subscriber = SubscriberFactory(email="ann@example.org")

    response = client.get(reverse("subscribers:unsubscribe", kwargs={"token": subscriber.token}))

    assert "Yes, stop these emails" in text(response)
    assert "ann@example.org" in text(response)
    assert Subscriber.objects.count() == 1


def test_one_click_unsubscribe_post_needs_no_csrf_token_and_is_idempotent():
    """A mail program posts 'List-Unsubscribe=One-Click' with no cookie or token (RFC 8058)."""
    subscriber = SubscriberFactory(email="ann@example.org")
    other = SubscriberFactory()
    url = reverse("subscribers:unsubscribe", kwargs={"token": subscriber.token})
    mail_program = Client(enforce_csrf_checks=True)

    first = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    second = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert first.status_code == second.status_code == 200
    assert "We have taken ann@example.org off our list" in text(first)
    assert "You will not get these emails any more" in text(second)
    assert list(Subscriber.objects.all()) == [other]


def test_misses_on_the_confirm_and_unsubscribe_links_count_as_guessing_like_other_links(
    client, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token_misses": "3/h"}
    subscriber = SubscriberFactory(email="ann@example.org")
    confirm = reverse("subscribers:confirm", kwargs={"token": "c" * 43})
    unsubscribe = reverse("subscribers:unsubscribe", kwargs={"token": "u" * 43})

    first = client.get(confirm)
    second = client.post(unsubscribe)
    registration_miss = client.get(f"/registrations/{'r' * 43}/").status_code
    guessed = [client.get(confirm), client.post(unsubscribe)]
    own = client.post(reverse("subscribers:unsubscribe", kwargs={"token": subscriber.token}))

    assert "This link has expired" in text(first)  # a person mistyping gets the kind page
    assert "You will not get these emails any more" in text(second)
    assert registration_miss == 404  # the third miss, counted with the others
    assert [response.status_code for response in guessed] == [429, 429]
    assert "This link has expired" not in text(guessed[0])
    assert own.status_code == 200  # a right link still works
    assert not Subscriber.objects.exists()


def test_other_forms_still_need_their_csrf_token():
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(SIGN_UP, {"email": "a@example.org"})

    assert response.status_code == 403
    assert Subscriber.objects.count() == 0


def test_month_only_seminar_offers_tell_me_when_registration_opens(client, sent):
    seminar = TentativeSeminarFactory()
    url = reverse("subscribers:opening-alert", kwargs={"slug": seminar.slug})

    page = client.get(seminar.get_absolute_url())
    response = client.post(url, {"email": "ann@example.org"})

    assert "Tell me when registration opens" in text(page)
    assert f'action="{url}"' in page.content.decode()
    assert 'id="alert-email"' in page.content.decode()
    assert response["Location"] == CHECK_EMAIL
    alert = OpeningAlert.objects.get()
    assert alert.seminar == seminar
    assert not alert.subscriber.on_list
    [email] = sent()
    assert f"when registration opens for Seminar {seminar.number}" in " ".join(email.body.split())


def test_open_seminar_has_no_tell_me_form_and_refuses_a_late_request_politely(client):
    seminar = SeminarFactory()
    url = reverse("subscribers:opening-alert", kwargs={"slug": seminar.slug})

    page = client.get(seminar.get_absolute_url())
    response = client.post(url, {"email": "ann@example.org"})

    assert "Tell me when registration opens" not in text(page)
    assert "There is no need to wait" in text(response)
    assert Subscriber.objects.count() == 0


def test_ticking_the_registration_forms_box_asks_the_person_to_confirm(client, sent):
    seminar = SeminarFactory()
    data = {
        "name": "Ann",
        "email": "ann@example.org",
        "group": "academic",
        "privacy_agreed": "on",
        "future_seminars": "on",
    }

    client.post(reverse("registrations:register", kwargs={"slug": seminar.slug}), data)

    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert sorted(e.subject.split(":")[0] for e in sent()) == [
        "Confirm your email address",
        "Your place is confirmed",
    ]


def test_signing_up_a_known_address_for_more_looks_the_same_and_adds_nothing_yet(client, sent):
    SubscriberFactory(email="known@example.org", on_list=False)

    known = client.post(SIGN_UP, {"email": "known@example.org"}, follow=True)
    unknown = client.post(SIGN_UP, {"email": "new@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(CHECK_EMAIL, 302)]
    assert text(known) == text(unknown)
    assert list(Subscriber.objects.on_list()) == []
    assert sorted(e.to[0] for e in sent()) == ["known@example.org", "new@example.org"]


def test_a_confirmed_address_confirms_its_new_wish_on_the_confirm_page(client, sent):
    subscriber = SubscriberFactory(email="ann@example.org", on_list=False)
    client.post(SIGN_UP, {"email": "ann@example.org"})
    [email] = sent()
    path = re.search(r"http\S+/subscribe/confirm/\S+/", email.body)[0].removeprefix(
        "http://127.0.0.1:8000"
    )

    asked = client.get(path)
    not_yet = Subscriber.objects.get().on_list
    confirmed = client.post(path)

    assert "about future seminars" in text(asked)
    assert not not_yet
    assert "about future seminars" in text(confirmed)
    subscriber.refresh_from_db()
    assert subscriber.on_list
