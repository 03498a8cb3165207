"""Private links follow the person: when staff change someone's email address, the new address
gets a new link, the old link stops working, and an address the person used to have is told
(without the seminar or a link) only when it was theirs."""

from email import message_from_bytes, policy

import pytest
from django.conf import settings
from django.urls import reverse

from common.models import AuditEntry
from outbox.models import Email
from registrations import services
from registrations.models import EmailChangeReason, Registration, RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.roles import make_staff
from tests.utils import text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registrations/registration/"


def parsed(email):
    """The email as a mail program reads it."""
    message = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return message, plain, html


@pytest.fixture
def staff(django_user_model):
    return make_staff(django_user_model, "organiser")


@pytest.fixture
def person():
    return RegistrationFactory(
        name="Ada Lovelace",
        email="ada@old.example.org",
        seminar=SeminarFactory(title="Co-production in practice"),
    )


def test_a_typing_mistake_gives_a_new_link_to_the_new_address_and_tells_the_old_one_nothing(
    client, person, staff, sent
):
    old_path, old_token = person.manage_path, person.manage_token

    services.change_email(
        person, email="ada@new.example.org", reason=EmailChangeReason.TYPO, by=staff
    )
    delivered = sent()

    person.refresh_from_db()
    assert person.email == "ada@new.example.org"
    assert person.manage_token != old_token
    [email] = delivered
    message, plain, html = parsed(email)
    assert message["To"] == "ada@new.example.org"
    assert message["Subject"] == (
        f"Your new link for Seminar {person.seminar.number}, Co-production in practice"
    )
    assert person.manage_url in plain
    assert person.manage_url in html
    assert old_token not in plain + html
    assert "The old link no longer works." in plain
    assert email.attachments  # the calendar file, as with any confirmation
    assert client.get(old_path).status_code == 404
    assert client.get(person.manage_path).status_code == 200
    assert list(AuditEntry.objects.values_list("action", "by", "fields")) == [
        ("email address corrected (a typing mistake); new private link", staff.pk, ["email"])
    ]


def test_a_new_address_tells_the_old_one_without_the_seminar_or_a_link(person, staff, sent):
    old_token = person.manage_token

    services.change_email(
        person, email="ada@new.example.org", reason=EmailChangeReason.NEW_ADDRESS, by=staff
    )
    delivered = {email.to[0]: email for email in sent()}

    person.refresh_from_db()
    assert sorted(delivered) == ["ada@new.example.org", "ada@old.example.org"]
    assert person.manage_url in delivered["ada@new.example.org"].body
    message, plain, html = parsed(delivered["ada@old.example.org"])
    assert message["Subject"] == "Your email address has changed"
    assert "The email address for your place on our seminar series has been changed" in plain
    for secret in (
        "Co-production in practice",
        "Seminar",
        "ada@new.example.org",
        "Ada",
        old_token,
        person.manage_token,
        settings.SITE_URL,
    ):
        assert secret not in plain
        assert secret not in html
    assert Email.objects.get(to="ada@old.example.org").kind == "registrations/email_changed_old"
    assert Email.objects.get(to="ada@new.example.org").kind == "registrations/email_changed"


def test_someone_waiting_is_told_their_place_in_line_with_the_new_link(staff, sent):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    services.change_email(waiting, email="w@example.org", reason="typo", by=staff)

    [email] = sent()
    waiting.refresh_from_db()
    assert "You are number 1 on the waiting list." in email.body
    assert waiting.manage_url in email.body
    assert not email.attachments


def test_the_same_address_changes_nothing(person, staff):
    token = person.manage_token

    services.change_email(person, email=" ada@old.example.org ", reason="typo", by=staff)

    person.refresh_from_db()
    assert person.manage_token == token
    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("email", "reason", "message"),
    [
        ("not an address", "typo", "Enter an email address in the correct format"),
        ("ada@new.example.org", "", "Say whether the old address was a typing mistake"),
        ("taken@example.org", "typo", "This email already has a place"),
    ],
)
def test_a_refused_change_changes_nothing_and_emails_no_one(person, staff, email, reason, message):
    RegistrationFactory(seminar=person.seminar, email="taken@example.org")
    token = person.manage_token

    with pytest.raises(services.RegistrationError, match=message):
        services.change_email(person, email=email, reason=reason, by=staff)

    person.refresh_from_db()
    assert (person.email, person.manage_token) == ("ada@old.example.org", token)
    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_held_place_changes_silently_the_bursary_panel_writes_about_it(staff):
    seminar = SeminarFactory()
    held = services.hold_place(seminar, name="Hana", email="hana@example.org")
    token = held.manage_token

    services.change_email(held, email="hana@new.example.org", reason="new_address", by=staff)

    held.refresh_from_db()
    assert held.email == "hana@new.example.org"
    assert held.manage_token != token
    assert not Email.objects.exists()


def test_the_address_changes_only_through_change_email(person, staff):
    with pytest.raises(TypeError):
        services.correct_details(person, by=staff, email="sneaky@example.org")

    person.refresh_from_db()
    assert person.email == "ada@old.example.org"


# The admin.


def post_change(client, registration, *, email, reason=""):
    return client.post(
        f"{CHANGELIST}{registration.pk}/change/",
        {
            "name": registration.name,
            "sort_name": registration.sort_name,
            "email": email,
            "email_change_reason": reason,
            "organisation": "",
            "access_requirements": "",
            "dietary_requirements": "",
        },
        follow=True,
    )


def test_the_admin_asks_why_the_address_changed_and_saves_nothing_until_told(client, person, staff):
    client.force_login(staff)
    token = person.manage_token

    response = post_change(client, person, email="ada@new.example.org")

    person.refresh_from_db()
    assert "Say why the email address changed: a typing mistake, or a new address." in text(
        response
    )
    assert (person.email, person.manage_token) == ("ada@old.example.org", token)
    assert not Email.objects.exists()


def test_the_admin_needs_no_reason_when_the_address_stays(client, person, staff):
    client.force_login(staff)

    response = post_change(client, person, email=person.email)

    assert "was changed successfully" in text(response)
    assert not Email.objects.exists()


@pytest.mark.parametrize(
    ("reason", "recipients", "told"),
    [
        ("typo", ["ada@new.example.org"], False),
        ("new_address", ["ada@new.example.org", "ada@old.example.org"], True),
    ],
)
def test_the_admin_changes_the_address_and_then_resends_only_the_new_link(
    client, person, staff, sent, reason, recipients, told
):
    client.force_login(staff)
    old_path, old_token = person.manage_path, person.manage_token

    changed = post_change(client, person, email="ada@new.example.org", reason=reason)
    resent = client.post(
        reverse("organising:resend-confirmation", args=[person.pk]),
        follow=True,
    )
    delivered = sent()

    person.refresh_from_db()
    words = text(changed)
    assert "We have emailed ada@new.example.org a new private link" in words
    assert ("We told the old address that it changed" in words) is told
    assert "Their confirmation is on its way to ada@new.example.org." in text(resent)
    assert sorted(email.to[0] for email in delivered) == sorted([*recipients, recipients[0]])
    for email in delivered:
        assert old_token not in email.body
    to_new = [email for email in delivered if email.to == ["ada@new.example.org"]]
    assert [person.manage_url in email.body for email in to_new] == [True, True]
    assert client.get(old_path).status_code == 404
    assert Registration.objects.get(pk=person.pk).email == "ada@new.example.org"


def test_the_old_link_counts_as_a_miss_like_any_guessed_link(client, person, staff, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token_misses": "2/h"}
    old_path = person.manage_path
    services.change_email(person, email="ada@new.example.org", reason="typo", by=staff)

    answers = [client.get(old_path).status_code for _ in range(3)]

    assert answers == [404, 404, 429]


def test_a_first_address_for_someone_registered_by_phone_gets_the_ordinary_confirmation(
    client, staff, sent
):
    phoned = RegistrationFactory(email="")
    client.force_login(staff)

    response = post_change(client, phoned, email="first@example.org")
    delivered = sent()

    phoned.refresh_from_db()
    assert "We have emailed first@example.org a new private link" in text(response)
    [email] = delivered
    assert email.to == ["first@example.org"]
    assert email.subject.startswith("Your place is confirmed")
    assert phoned.manage_url in email.body
