import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from common.models import AuditEntry
from outbox.models import Email, EmailStatus
from registrations import emails
from tests.factories import RegistrationFactory
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/outbox/email/"


def failed_confirmation():
    """A registration's confirmation that the provider refused for good after 8 tries."""
    registration = RegistrationFactory()
    emails.queue_place_confirmed(registration)
    Email.objects.update(status=EmailStatus.FAILED, attempts=8, last_error="SMTPDataError")
    return registration, Email.objects.get()


@pytest.fixture
def organiser_only(client, django_user_model):
    """A member of the Organisers group and nothing more, signed in."""
    user = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    user.groups.add(organisers_group())
    client.force_login(user)
    return user


def try_again_url(email):
    return reverse("admin:outbox_email_try_again", args=[email.pk])


def test_an_organiser_tries_failed_emails_again_and_the_worker_sends_them(
    client, organiser_only, sent
):
    registration, failed = failed_confirmation()
    already_sent = Email.objects.create(
        kind="registrations/reminder", to="x@example.org", subject="s", body_text="b"
    )
    Email.objects.filter(pk=already_sent.pk).update(status=EmailStatus.SENT)

    response = client.post(
        CHANGELIST,
        {"action": "try_again", "_selected_action": [failed.pk, already_sent.pk]},
        follow=True,
    )
    delivered = sent()

    assert "Put 1 email back in the queue" in text(response)
    [message] = delivered
    assert message.to == [registration.email]
    assert registration.manage_url in message.body
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (EmailStatus.SENT, 1)
    assert Email.objects.get(pk=already_sent.pk).status == EmailStatus.SENT  # not sent again
    assert list(AuditEntry.objects.values_list("object_id", "action", "by")) == [
        (failed.pk, "tried again", organiser_only.pk)
    ]


def test_the_email_page_has_a_try_again_button_and_still_hides_the_private_link(
    client, organiser_only
):
    registration, failed = failed_confirmation()

    page = client.get(f"{CHANGELIST}{failed.pk}/change/").content.decode()
    response = client.post(try_again_url(failed), follow=True)
    after = response.content.decode()

    assert f'action="{try_again_url(failed)}"' in page
    assert registration.manage_token not in page + after
    assert "/registrations/[private link]" in after
    assert "Put 1 email back in the queue" in text(response)
    assert f'action="{try_again_url(failed)}"' not in after  # queued now, no longer failed
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.locked_until) == (EmailStatus.QUEUED, 0, None)


def test_trying_again_is_a_post(client, organiser_only):
    _, failed = failed_confirmation()

    response = client.get(try_again_url(failed))

    assert response.status_code == 405
    assert Email.objects.get().status == EmailStatus.FAILED


def test_staff_who_may_not_see_registrations_cannot_try_their_emails_again(
    client, django_user_model
):
    _, failed = failed_confirmation()
    staff = django_user_model.objects.create_user("outbox-only", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_email"))
    client.force_login(staff)

    listing = client.get(CHANGELIST)
    by_action = client.post(CHANGELIST, {"action": "try_again", "_selected_action": [failed.pk]})
    by_button = client.post(try_again_url(failed))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    assert by_action.status_code in (200, 302)
    assert by_button.status_code == 404
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (EmailStatus.FAILED, 8)
    assert not AuditEntry.objects.exists()


def test_staff_without_the_outbox_cannot_try_again(client, django_user_model):
    _, failed = failed_confirmation()
    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    client.force_login(staff)

    response = client.post(try_again_url(failed))

    assert response.status_code == 403
    assert Email.objects.get().status == EmailStatus.FAILED


@pytest.mark.parametrize("page", ["change", "history"])
def test_an_emails_pages_show_who_tried_it_again(client, organiser_only, page):
    _, failed = failed_confirmation()
    client.post(CHANGELIST, {"action": "try_again", "_selected_action": [failed.pk]})

    shown = text(client.get(f"{CHANGELIST}{failed.pk}/{page}/"))

    assert "Tried again: organiser" in shown
    assert "(status)" in shown or "(Status)" in shown


def test_the_outbox_lists_each_email_by_what_it_is_in_words(client, organiser_only):
    from registrations.services import notify_registrants
    from seminars.changes import DATE, VENUE

    registration = RegistrationFactory()
    emails.queue_place_confirmed(registration)
    notify_registrants(
        registration.seminar,
        reason="moved",
        message="",
        by=organiser_only,
        changed=[DATE, VENUE],
    )

    page = text(client.get(CHANGELIST))

    assert "Place confirmed" in page
    assert "Seminar changed: date and venue" in page
    assert "registrations/" not in page  # no internal names, in the list or its filter


def test_every_kind_the_code_declares_has_words_for_staff():
    from outbox import kinds

    assert set(kinds.declared()) - kinds.named() == set()
    assert all(kinds.label(name) != name for name in kinds.declared())
