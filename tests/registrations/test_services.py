import datetime

import pytest
from django.db import IntegrityError, transaction

from outbox.models import Email
from registrations import services
from registrations.models import ParticipantGroup, Registration, RegistrationStatus
from seminars.models import Seminar, SeminarStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import london

pytestmark = pytest.mark.django_db


def register(seminar, email="ann@example.org", **kwargs):
    return services.register(
        seminar,
        **{"name": "Ann Example", "email": email, "group": ParticipantGroup.ACADEMIC, **kwargs},
    )


def statuses(seminar):
    return list(seminar.registrations.order_by("created", "pk").values_list("email", "status"))


def test_register_confirms_while_places_remain(sent):
    seminar = SeminarFactory(capacity=2)

    registration, outcome = register(seminar)

    assert outcome == "confirmed"
    assert registration.status == RegistrationStatus.CONFIRMED
    [email] = sent()
    assert email.to == ["ann@example.org"]
    assert email.subject == f"Your place is confirmed: Seminar {seminar.number}, {seminar.title}"
    assert registration.manage_url in email.body
    [calendar] = email.attachments
    assert calendar.get_filename() == f"seminar-{seminar.number}.ics"
    assert calendar.get_params() == [
        ("text/calendar", ""),
        ("charset", "utf-8"),
        ("method", "PUBLISH"),
    ]
    assert b"BEGIN:VEVENT" in calendar.get_payload(decode=True)


def test_register_puts_person_on_waiting_list_when_full(sent):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    registration, outcome = register(seminar)

    assert outcome == "waiting"
    assert registration.waiting_position() == 1
    [email] = sent()
    assert email.subject.startswith("You are on the waiting list:")
    assert "You are number 1 on the waiting list." in email.body


def test_waiting_list_positions_follow_arrival():
    seminar = SeminarFactory(capacity=0)

    first, _ = register(seminar, "first@example.org")
    second, _ = register(seminar, "second@example.org")

    assert [first.waiting_position(), second.waiting_position()] == [1, 2]


def test_same_email_in_any_case_gets_its_link_again_and_nothing_new(sent):
    seminar = SeminarFactory()
    original, _ = register(seminar, "Ann@Example.org")
    sent()

    again, outcome = register(seminar, "ann@EXAMPLE.ORG ", name="Someone Else")

    assert outcome == "existing"
    assert again == original
    assert seminar.registrations.count() == 1
    [_, email] = sent()
    assert email.subject.startswith("Your link for Seminar")
    assert original.manage_url in email.body


def test_link_emails_to_one_address_stop_after_three_a_day(sent):
    seminar = SeminarFactory()
    register(seminar)
    for _ in range(5):
        services.send_manage_link(seminar, email="ann@example.org")

    subjects = [email.subject for email in sent()]

    assert len([s for s in subjects if s.startswith("Your link")]) == 3


def test_manage_link_for_an_unknown_address_sends_nothing(sent):
    seminar = SeminarFactory()

    services.send_manage_link(seminar, email="nobody@example.org")

    assert sent() == []


def test_database_refuses_a_second_active_registration_for_one_address():
    registration = RegistrationFactory(email="ann@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(seminar=registration.seminar, email="ANN@example.org")


def test_a_cancelled_registration_does_not_block_registering_again():
    registration = RegistrationFactory(email="ann@example.org")
    services.cancel_registration(registration)

    again, outcome = register(registration.seminar, "ann@example.org")

    assert outcome == "confirmed"
    assert again != registration


def test_database_refuses_health_information_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(group=ParticipantGroup.CARER, health_consent_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(access_requirements="Hearing loop", health_consent_at=None)


def test_consent_is_recorded_only_when_health_information_is_given():
    seminar = SeminarFactory()

    carer, _ = register(seminar, "c@example.org", group="carer", health_consent=True)
    academic, _ = register(seminar, "a@example.org", group="academic", health_consent=True)

    assert carer.health_consent_at is not None
    assert academic.health_consent_at is None


def test_health_information_without_consent_is_refused_and_nothing_saved():
    seminar = SeminarFactory()

    with pytest.raises(services.RegistrationError) as error:
        register(seminar, group=ParticipantGroup.SERVICE_USER, health_consent=False)

    assert "explicit consent" in str(error.value)
    assert not Registration.objects.exists()
    assert not Email.objects.exists()


def test_register_accepted_in_the_last_second_gmt(seminar_1):
    registration, _ = register(seminar_1, now=london(2015, 12, 10, 23, 59, 59))

    assert registration.is_confirmed


def test_register_refused_at_the_deadline_and_nothing_saved(seminar_1):
    with pytest.raises(services.RegistrationError) as error:
        register(seminar_1, now=london(2015, 12, 11, 0, 0, 0))

    assert str(error.value) == (
        "Registration for this seminar closed at 23:59 on Thursday 10 December 2015 (UK time). "
        "If you would still like to come, email us at coproduction-seminars@example.org."
    )
    assert not Registration.objects.exists()
    assert not Email.objects.exists()


def test_register_refused_one_second_before_opening(seminar_1):
    with pytest.raises(services.RegistrationError) as error:
        register(seminar_1, now=london(2015, 11, 1, 8, 59, 59))

    assert str(error.value) == (
        "Registration for this seminar opens at 09:00 on Sunday 1 November 2015 (UK time). "
        "Please come back then."
    )


@pytest.fixture
def summer_seminar():
    """Registration closes at 17:00 BST on Friday 1 July 2016, which is 16:00 UTC."""
    return SeminarFactory(
        starts_at=london(2016, 7, 12, 10),
        ends_at=london(2016, 7, 12, 16),
        registration_opens_at=london(2016, 5, 1, 9),
        registration_deadline=london(2016, 7, 1, 17, 0),
    )


def test_register_accepted_in_the_last_second_bst(summer_seminar):
    last_second = datetime.datetime(2016, 7, 1, 15, 59, 59, tzinfo=datetime.UTC)

    registration, _ = register(summer_seminar, now=last_second)

    assert registration.is_confirmed


def test_register_refused_at_the_deadline_bst(summer_seminar):
    at_deadline = datetime.datetime(2016, 7, 1, 16, 0, 0, tzinfo=datetime.UTC)

    with pytest.raises(services.RegistrationError):
        register(summer_seminar, now=at_deadline)

    assert not Registration.objects.exists()


@pytest.mark.parametrize("status", [SeminarStatus.CANCELLED, SeminarStatus.POSTPONED])
def test_register_refused_when_the_seminar_is_not_going_ahead(status):
    seminar = SeminarFactory(status=status)

    with pytest.raises(services.RegistrationError):
        register(seminar)

    assert not Registration.objects.exists()


def test_organiser_may_register_someone_after_the_deadline(seminar_1, django_user_model):
    organiser = django_user_model.objects.create_user("org")

    registration, _ = register(seminar_1, by=organiser, now=london(2015, 12, 20))

    assert registration.is_confirmed
    assert registration.registered_by == organiser


def test_organiser_cannot_exceed_capacity_without_saying_so(django_user_model):
    organiser = django_user_model.objects.create_user("org")
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    waiting, _ = register(seminar, "w@example.org", by=organiser)
    extra, _ = register(seminar, "x@example.org", by=organiser, override_capacity=True)

    assert waiting.status == RegistrationStatus.WAITING
    assert extra.status == RegistrationStatus.CONFIRMED


def test_cancelling_a_place_promotes_the_first_person_waiting(sent):
    seminar = SeminarFactory(capacity=1)
    place = RegistrationFactory(seminar=seminar, email="place@example.org")
    register(seminar, "first@example.org")
    second, _ = register(seminar, "second@example.org")
    sent()

    services.cancel_registration(place)

    assert statuses(seminar) == [
        ("place@example.org", "cancelled"),
        ("first@example.org", "confirmed"),
        ("second@example.org", "waiting"),
    ]
    second.refresh_from_db()
    assert second.waiting_position() == 1
    emails = {email.to[0]: email.subject for email in sent()[2:]}
    assert emails == {
        "place@example.org": f"Cancelled: your registration for Seminar {seminar.number}, "
        f"{seminar.title}",
        "first@example.org": f"A place has come up for you: Seminar {seminar.number}, "
        f"{seminar.title}",
    }


def test_no_automatic_promotion_inside_the_cut_off(sent):
    seminar = SeminarFactory(capacity=1, waiting_list_cutoff_hours=48)
    place = RegistrationFactory(seminar=seminar)
    waiting, _ = register(seminar, "w@example.org")
    just_inside = seminar.starts_at - datetime.timedelta(hours=48)

    services.cancel_registration(place, now=just_inside)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING


def test_automatic_promotion_in_the_last_second_before_the_cut_off():
    seminar = SeminarFactory(capacity=1, waiting_list_cutoff_hours=48)
    place = RegistrationFactory(seminar=seminar)
    waiting, _ = register(seminar, "w@example.org")
    last_second = seminar.starts_at - datetime.timedelta(hours=48, seconds=1)

    services.cancel_registration(place, now=last_second)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_leaving_the_waiting_list_promotes_nobody():
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    first, _ = register(seminar, "first@example.org")
    second, _ = register(seminar, "second@example.org")

    services.cancel_registration(first)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.WAITING
    assert second.waiting_position() == 1


def test_cancelling_twice_changes_nothing_more(sent):
    registration = RegistrationFactory()
    services.cancel_registration(registration)
    cancelled_at = Registration.objects.get().cancelled_at

    services.cancel_registration(registration)

    assert Registration.objects.get().cancelled_at == cancelled_at
    assert len(sent()) == 1


def test_organiser_promotes_a_waiting_person_only_into_a_free_place(django_user_model):
    organiser = django_user_model.objects.create_user("org")
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    waiting, _ = register(seminar, "w@example.org")

    with pytest.raises(services.RegistrationError) as error:
        services.promote_registration(waiting, by=organiser)
    Seminar.objects.filter(pk=seminar.pk).update(capacity=2)  # no save(), so no signal
    services.promote_registration(waiting, by=organiser)

    assert "There is no free place" in str(error.value)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_raising_capacity_and_promoting_fills_places_in_order(django_user_model):
    seminar = SeminarFactory(capacity=0)
    first, _ = register(seminar, "first@example.org")
    second, _ = register(seminar, "second@example.org")
    register(seminar, "third@example.org")
    Seminar.objects.filter(pk=seminar.pk).update(capacity=2)  # no save(), so no signal

    promoted = services.promote_waiting(seminar)

    assert promoted == [first, second]
    assert statuses(seminar)[2] == ("third@example.org", "waiting")


def test_update_requirements_needs_consent_for_access_needs():
    registration = RegistrationFactory()

    services.update_requirements(
        registration,
        access_requirements="Step-free access",
        dietary_requirements="Vegan",
        health_consent=True,
    )

    registration.refresh_from_db()
    assert registration.access_requirements == "Step-free access"
    assert registration.dietary_requirements == "Vegan"
    assert registration.health_consent_at is not None


def test_update_requirements_refused_for_a_cancelled_registration():
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)

    with pytest.raises(services.RegistrationError):
        services.update_requirements(
            registration, access_requirements="", dietary_requirements="x", health_consent=False
        )

    registration.refresh_from_db()
    assert registration.dietary_requirements == ""


def test_attendance_only_for_confirmed_places(django_user_model):
    organiser = django_user_model.objects.create_user("org", is_staff=True)
    organiser.groups.add(organisers_group())
    confirmed = RegistrationFactory()
    waiting = RegistrationFactory(status=RegistrationStatus.WAITING, seminar=confirmed.seminar)
    on_the_day = confirmed.seminar.starts_at

    services.mark_attendance(confirmed, attended=True, by=organiser, now=on_the_day)
    with pytest.raises(services.RegistrationError, match="no confirmed place"):
        services.mark_attendance(waiting, attended=True, by=organiser, now=on_the_day)

    confirmed.refresh_from_db()
    assert confirmed.attended is True


def test_manage_tokens_are_long_random_and_unique():
    tokens = {RegistrationFactory().manage_token for _ in range(20)}

    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)


def test_raising_capacity_promotes_the_waiting_list():
    seminar = SeminarFactory(capacity=0)
    first, _ = register(seminar, "first@example.org")
    register(seminar, "second@example.org")

    seminar.capacity = 1
    seminar.save()

    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert statuses(seminar)[1] == ("second@example.org", "waiting")


def test_inside_the_cut_off_a_raised_capacity_waits_for_the_organiser(django_user_model):
    organiser = django_user_model.objects.create_user("org")
    seminar = SeminarFactory(capacity=0, waiting_list_cutoff_hours=24 * 60)  # cut-off passed
    waiting, _ = register(seminar, "w@example.org")

    seminar.capacity = 1
    seminar.save()
    waiting.refresh_from_db()
    status_after_save = waiting.status
    services.promote_registration(waiting, by=organiser)

    waiting.refresh_from_db()
    assert status_after_save == RegistrationStatus.WAITING
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_no_automatic_promotion_at_a_cancelled_seminar(sent):
    seminar = SeminarFactory(capacity=1)
    place = RegistrationFactory(seminar=seminar)
    waiting, _ = register(seminar, "w@example.org")
    Seminar.objects.filter(pk=seminar.pk).update(status=SeminarStatus.CANCELLED)

    services.cancel_registration(place)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    assert not any(email.subject.startswith("A place has come up") for email in sent())


def test_the_daily_link_limit_is_per_address_across_seminars(sent):
    first, second = SeminarFactory(), SeminarFactory()
    register(first)
    register(second)
    for seminar in (first, second, first, second):
        services.send_manage_link(seminar, email="ann@example.org")

    subjects = [email.subject for email in sent()]

    assert len([s for s in subjects if s.startswith("Your link")]) == 3


def test_only_an_organiser_may_register_someone_without_an_email_address(django_user_model):
    seminar = SeminarFactory()
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)

    with pytest.raises(services.RegistrationError, match="Enter your email address"):
        register(seminar, email="  ")
    first, _ = register(seminar, email="", by=organiser)
    second, _ = register(seminar, email="", by=organiser)

    assert [first.email, second.email] == ["", ""]
    assert seminar.registrations.count() == 2
    assert not Email.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "This person has no email address."),
        ({"status": RegistrationStatus.CANCELLED}, "This registration is cancelled"),
        ({"status": RegistrationStatus.HELD}, "This place is held"),
        ({"seminar__status": SeminarStatus.CANCELLED}, "This seminar has been cancelled"),
        (
            {"seminar__starts_at": london(2016, 1, 5, 10), "seminar__ends_at": None},
            "or has taken place",
        ),
    ],
)
def test_resend_confirmation_refuses_when_there_is_nothing_to_send(
    fields, message, django_user_model
):
    from common.models import AuditEntry

    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    registration = RegistrationFactory(**fields)

    with pytest.raises(services.RegistrationError, match=message):
        services.resend_confirmation(registration, by=organiser)

    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


def test_resend_confirmation_to_someone_waiting_gives_their_place_in_line(sent, django_user_model):
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    seminar = SeminarFactory(capacity=0)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    second = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    services.resend_confirmation(second, by=organiser)

    [email] = sent()
    assert email.to == [second.email]
    assert "number 2" in email.body
    assert second.manage_url in email.body


def test_clearing_a_chosen_sort_name_goes_back_to_the_last_word_of_the_name(django_user_model):
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    registration = RegistrationFactory(name="Seán Ó Dálaigh", sort_name="Ó Dálaigh")

    changed = services.correct_details(registration, by=organiser, sort_name="  ")

    registration.refresh_from_db()
    assert changed == ["sort_name"]
    assert registration.sort_name == "Dálaigh"
    assert registration.search_name == "sean o dalaigh dalaigh"
