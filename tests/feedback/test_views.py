import datetime

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import ExtraAnswer, FeedbackAnswer, FeedbackGiven, QuestionKind
from registrations.models import RegistrationStatus
from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory
from tests.utils import text

pytestmark = pytest.mark.django_db


def url(registration):
    return reverse("feedback:give", kwargs={"token": registration.manage_token})


def stored():
    return (FeedbackAnswer.objects.count(), FeedbackGiven.objects.count())


def test_the_private_page_leads_someone_who_came_to_the_form(client, attended):
    page = client.get(attended.manage_path)

    assert "Tell us what you thought" in text(page)
    assert f'href="{url(attended)}"' in page.content.decode()


def test_the_form_asks_the_core_questions_then_the_seminars_own_then_the_group(client, attended):
    FeedbackQuestionFactory(seminar=attended.seminar, wording="How was the venue?")
    FeedbackQuestionFactory(
        seminar=attended.seminar, wording="What about lunch?", kind=QuestionKind.TEXT
    )

    words = text(client.get(url(attended)))

    assert words.index("Overall, how useful was the seminar for you?") < words.index(
        "Did you feel able to take part as an equal? (optional)"
    )
    assert words.index("What could we do better next time?") < words.index("How was the venue?")
    assert words.index("What about lunch? (optional)") < words.index("About you (optional)")
    assert "Your answers are anonymous" in words


def test_sending_the_form_stores_the_answer_and_thanks_the_person(client, attended):
    question = FeedbackQuestionFactory(seminar=attended.seminar)

    response = client.post(
        url(attended),
        {
            "usefulness": "4",
            "as_equal": "5",
            "do_differently": "Listen more",
            "group": "service_user",
            question.field_name: "2",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(attended)
    answer = FeedbackAnswer.objects.get()
    assert (answer.usefulness, answer.as_equal, answer.group) == (4, 5, "service_user")
    assert list(ExtraAnswer.objects.values_list("scale", flat=True)) == [2]
    thanks = client.get(url(attended))
    assert "Thank you for your feedback" in text(thanks)
    assert 'name="usefulness"' not in thanks.content.decode()
    assert "Thank you for your feedback on this seminar." in text(client.get(attended.manage_path))


def test_the_form_sent_with_nothing_chosen_says_what_to_do_and_keeps_nothing(client, attended):
    response = client.post(url(attended), {"could_be_better": "Warmer room"})

    assert response.status_code == 200
    assert "Choose how useful the seminar was for you, from 1 to 5." in text(response)
    assert "Warmer room" in response.content.decode()
    assert stored() == (0, 0)


def test_a_second_answer_gets_the_thank_you_page_and_changes_nothing(client, attended):
    services.give_feedback(attended, usefulness=2)

    response = client.post(url(attended), {"usefulness": "5"})

    assert response.status_code == 200
    assert "Thank you for your feedback" in text(response)
    assert list(FeedbackAnswer.objects.values_list("usefulness", flat=True)) == [2]
    assert stored() == (1, 1)


def test_a_closed_form_says_so_kindly_and_refuses_a_late_answer(client, settings, attended):
    settings.FEEDBACK_OPEN_DAYS = 0
    settings.CONTACT_EMAIL = "team@example.org"

    page = client.get(url(attended))
    late = client.post(url(attended), {"usefulness": "5"})

    assert "The feedback form for this seminar has closed. Thank you for coming." in text(page)
    assert "team@example.org" in text(page)
    assert "has closed" in text(late)
    assert stored() == (0, 0)
    assert "Tell us what you thought" not in text(client.get(attended.manage_path))


@pytest.mark.parametrize(
    ("status", "came", "completed"),
    [
        (RegistrationStatus.CONFIRMED, None, True),
        (RegistrationStatus.CONFIRMED, False, True),
        (RegistrationStatus.CANCELLED, True, True),
        (RegistrationStatus.CONFIRMED, True, False),
    ],
    ids=["not recorded", "did not come", "cancelled", "attendance not complete"],
)
def test_people_not_asked_get_404_and_no_link(client, status, came, completed):
    registration = AttendedFactory(status=status, attended=came)
    if not completed:
        registration.seminar.attendance_completed_at = None
        registration.seminar.save()

    page = client.get(url(registration))
    sent = client.post(url(registration), {"usefulness": "5"})

    assert (page.status_code, sent.status_code) == (404, 404)
    assert stored() == (0, 0)
    manage_page = client.get(registration.manage_path)
    assert url(registration) not in manage_page.content.decode()
    assert "feedback" not in text(manage_page).lower()


def test_a_link_that_matches_nothing_is_404(client):
    assert (
        client.get("/registrations/not-a-real-token-at-all-000000000000/feedback/").status_code
        == 404
    )


def test_the_page_says_until_when_the_form_is_open(client, settings):
    settings.FEEDBACK_OPEN_DAYS = 28
    registration = AttendedFactory(
        seminar__attendance_completed_at=datetime.datetime(2030, 1, 6, 12, tzinfo=datetime.UTC)
    )

    assert "until 23:59 on Sunday 3 February 2030 (UK time)" in text(client.get(url(registration)))


def test_the_form_is_never_cached(client, attended):
    assert "no-store" in client.get(url(attended))["Cache-Control"]
