"""Registrations' staff pages in organising: their old admin addresses send people on, the
prompt after a move is organising's own, and every group email goes through one mailing page."""

import pytest
from django.urls import reverse

from outbox.models import Email
from seminars import slots
from tests.factories import RegistrationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new", "args"),
    [
        ("registrations_registration_register_someone", "register-someone", []),
        ("registrations_registration_email_registered", "email-registered", [7]),
        ("registrations_registration_announce", "announce", [7]),
        ("registrations_registration_resend_confirmation", "resend-confirmation", [8]),
        ("registrations_registration_correct_attendance", "correct-attendance", [8]),
        ("registrations_registration_opted_in", "opted-in", []),
        ("seminars_seminar_tell_registered", "tell-registered", [7]),
    ],
)
def test_an_old_admin_address_sends_you_on_for_good_with_its_query(client, old, new, args):
    response = client.get(reverse(f"admin:{old}", args=args), {"seminar": "7"})

    assert response.status_code == 301
    assert response["Location"] == reverse(f"organising:{new}", args=args) + "?seminar=7"


def test_an_old_emailed_link_opens_the_page_after_signing_in(client, organiser):
    seminar = SeminarFactory()
    old = reverse("admin:registrations_registration_register_someone")

    page = client.get(old, {"seminar": seminar.pk}, follow=True)

    assert page.redirect_chain == [
        (reverse("organising:register-someone") + f"?seminar={seminar.pk}", 301)
    ]
    assert str(page.context["form"]["seminar"].value()) == str(seminar.pk)


def test_a_form_posted_to_an_old_address_keeps_its_method_and_does_what_it_said(
    client, organiser, sent
):
    registration = RegistrationFactory(email="ann@example.org")
    old = reverse("admin:registrations_registration_resend_confirmation", args=[registration.pk])

    response = client.post(old)
    followed = client.post(old, follow=True)

    new = reverse("organising:resend-confirmation", args=[registration.pk])
    assert (response.status_code, response["Location"]) == (308, new)
    assert "Their confirmation is on its way to ann@example.org." in text(followed)
    assert [email.to for email in sent()] == [["ann@example.org"]]  # the followed POST only


def test_organising_prompts_everyone_registered_first_and_bursaries_the_holders_after():
    from bursaries.apps import prompt_holders
    from organising.registrations.mailings import prompt_registrants

    assert slots.filled("changed") == [prompt_registrants, prompt_holders]


def test_emailing_everyone_registered_says_who_has_no_address(client, organiser):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="ann@example.org")
    RegistrationFactory(seminar=seminar, email="")  # registered by phone
    url = reverse("organising:email-registered", args=[seminar.pk])

    page = client.get(url)

    assert "This email will go to 1 person." in text(page)
    assert "1 registered person has no email address: tell them yourself." in text(page)


def test_words_changed_since_the_preview_are_not_sent_to_everyone_registered(client, organiser):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar)
    url = reverse("organising:email-registered", args=[seminar.pk])
    data = {"reason": "moved", "message": "Read this"}
    preview = client.post(url, {**data, "preview": "1"})

    response = client.post(
        url,
        {
            **data,
            "message": "Words nobody previewed",
            "send": "1",
            "previewed": preview.context["previewed"],
        },
    )

    assert "The email changed since the preview, so nothing was sent." in text(response)
    assert "Words nobody previewed" in text(response)  # now in the preview to read
    assert not Email.objects.exists()


def test_the_registrations_list_and_a_seminar_link_to_the_staff_pages(client, organiser):
    registration = RegistrationFactory()
    seminar = registration.seminar

    listing = client.get(
        reverse("admin:registrations_registration_changelist"),
        {"seminar__id__exact": seminar.pk},
    ).content.decode()
    row = client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()

    for url in (
        reverse("organising:email-registered", args=[seminar.pk]),
        reverse("organising:announce", args=[seminar.pk]),
        reverse("organising:opted-in"),
    ):
        assert f'href="{url}"' in listing
    assert f'action="{reverse("organising:resend-confirmation", args=[registration.pk])}"' in row
