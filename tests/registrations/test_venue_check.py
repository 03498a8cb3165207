"""The venue check: what people with a place need, against what the venue has and the seminar
has booked; and the organisers told at once when someone asks for an interpreter or captions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outbox.models import Email
from registrations import services, venue_check
from registrations.models import Mode, RegistrationStatus
from registrations.online import SeminarOnline
from seminars.models import AccessFeature, Lift, SeminarStatus
from tests.factories import RegistrationFactory, SeminarFactory, VenueFactory
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

CONSENTED = {"health_consent_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}


def coming(seminar, *needs, count=1, mode=Mode.ROOM, status=RegistrationStatus.CONFIRMED):
    RegistrationFactory.create_batch(
        count, seminar=seminar, needs=list(needs), mode=mode, status=status, **CONSENTED
    )


def seminar_with_known_gaps(**seminar):
    """A venue with a lift but no hearing loop, its quiet room and toilets unconfirmed; the
    seminar has captions booked but no interpreter."""
    venue = VenueFactory(
        step_free_access=AccessFeature.YES,
        lift=Lift.YES,
        accessible_toilets=AccessFeature.UNKNOWN,
        hearing_loop=AccessFeature.NO,
        quiet_room=AccessFeature.UNKNOWN,
    )
    seminar = SeminarFactory(venue=venue, live_captions_booked=True, **seminar)
    SeminarOnline.objects.create(
        seminar=seminar, capacity=20, joining_link="https://meet.example/x"
    )
    coming(seminar, "hearing_loop", count=2)
    coming(seminar, "step_free", "wheelchair_space")
    coming(seminar, "quiet_room", "live_captions")
    coming(seminar, "bsl_interpreter", mode=Mode.ONLINE)
    # Not counted: no place, or cancelled; online people need nothing of the room.
    coming(seminar, "hearing_loop", status=RegistrationStatus.WAITING)
    coming(seminar, "hearing_loop", status=RegistrationStatus.CANCELLED)
    coming(seminar, "hearing_loop", "quiet_room", mode=Mode.ONLINE)
    return seminar


def test_each_gap_is_counted_against_what_is_recorded():
    seminar = seminar_with_known_gaps()

    found = [str(gap) for gap in venue_check.gaps([seminar])[seminar.pk]]

    assert found == [
        "1 needs a wheelchair space: an accessible toilet not yet confirmed at this venue",
        "2 need a hearing loop: this venue has no hearing loop",
        "1 asks for a BSL interpreter: none booked yet",  # online counts: it serves both
        "1 needs a quiet room: none recorded at this venue",
    ]


def test_what_is_recorded_as_there_or_booked_is_no_gap():
    seminar = seminar_with_known_gaps()
    venue = seminar.venue
    venue.hearing_loop = venue.quiet_room = venue.accessible_toilets = AccessFeature.YES
    venue.save()
    seminar.bsl_interpreter_booked = True
    seminar.save()

    assert venue_check.gaps([seminar]) == {seminar.pk: []}


@pytest.mark.parametrize(
    ("step_free", "lift", "gap"),
    [
        (AccessFeature.YES, Lift.YES, None),
        (AccessFeature.YES, Lift.ONE_LEVEL, None),
        (AccessFeature.YES, Lift.NO, "1 needs step-free access: this venue has no lift"),
        (
            AccessFeature.YES,
            Lift.UNKNOWN,
            "1 needs step-free access: a lift not yet confirmed at this venue",
        ),
        (
            AccessFeature.NO,
            Lift.YES,
            "1 needs step-free access: this venue has no step-free access",
        ),
    ],
)
def test_step_free_access_needs_a_way_in_and_a_way_up(step_free, lift, gap):
    venue = VenueFactory(step_free_access=step_free, lift=lift)
    seminar = SeminarFactory(venue=venue)
    coming(seminar, "step_free")

    found = [str(g) for g in venue_check.gaps([seminar])[seminar.pk]]

    assert found == ([gap] if gap else [])


def test_a_seminar_without_a_venue_has_only_its_bookings_checked():
    seminar = SeminarFactory(venue=None)
    coming(seminar, "hearing_loop", "live_captions")

    found = [str(gap) for gap in venue_check.gaps([seminar])[seminar.pk]]

    assert found == ["1 asks for live captions: not booked yet"]


def test_the_check_costs_the_same_queries_for_one_seminar_or_many():
    counts = []
    for size in (1, 6):
        seminars = [seminar_with_known_gaps() for _ in range(size)]
        with CaptureQueriesContext(connection) as queries:
            venue_check.gaps(seminars)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_overview_flags_gaps_as_counts_for_organisers_only(client, django_user_model):
    from tests.bursaries.conftest import panel_group

    seminar_with_known_gaps(number=4, starts_at=timezone.now() + datetime.timedelta(days=60))
    organiser = django_user_model.objects.create_user("ann", is_staff=True)
    organiser.groups.add(organisers_group())
    member = django_user_model.objects.create_user("pat", is_staff=True)
    member.groups.add(panel_group())

    client.force_login(organiser)
    page = text(client.get("/admin/"))
    client.force_login(member)
    panel_page = text(client.get("/admin/"))

    assert "Seminar 4: 2 need a hearing loop: this venue has no hearing loop" in page
    assert "Seminar 4: 1 asks for a BSL interpreter: none booked yet" in page
    assert "hearing loop" not in panel_page


def test_a_past_or_cancelled_seminar_is_not_flagged(client, django_user_model):
    seminar_with_known_gaps(starts_at=timezone.now() - datetime.timedelta(days=2))
    seminar_with_known_gaps(status=SeminarStatus.CANCELLED)
    organiser = django_user_model.objects.create_user("ann", is_staff=True)
    organiser.groups.add(organisers_group())
    client.force_login(organiser)

    assert "hearing loop" not in text(client.get("/admin/"))


# The alert: at once, to organisers, counts and no names.


@pytest.fixture
def organisers(django_user_model):
    group = organisers_group()
    for name in ("ann", "bea"):
        user = django_user_model.objects.create_user(
            name, email=f"{name}@series.example", is_staff=True
        )
        user.groups.add(group)
    django_user_model.objects.create_user(
        "gone", email="gone@series.example", is_staff=True, is_active=False
    ).groups.add(group)
    django_user_model.objects.create_user("pat", email="pat@series.example", is_staff=True)


def alerts():
    return Email.objects.filter(kind="registrations/book_ahead_asked").order_by("to")


def register(seminar, *needs, email="ana@example.org", consent=True):
    registration, _ = services.register(
        seminar,
        name="Ana Lee",
        email=email,
        group="academic",
        needs=list(needs),
        health_consent=consent,
    )
    return registration


def test_asking_for_an_interpreter_tells_every_active_organiser_at_once(organisers):
    seminar = SeminarFactory(number=5, title="Sharing power")

    register(seminar, "bsl_interpreter", "hearing_loop")

    assert [email.to for email in alerts()] == ["ann@series.example", "bea@series.example"]
    email = alerts().first()
    assert email.subject == "To book ahead for seminar 5: BSL interpreter"
    assert "BSL interpreter: 1" in email.body_text
    assert "Live captions: 0" in email.body_text
    assert "Ana" not in email.body_text + email.body_html + email.subject


def test_both_asked_for_read_as_one_phrase(organisers):
    seminar = SeminarFactory(number=5)

    register(seminar, "live_captions", "bsl_interpreter")

    email = alerts().first()
    assert email.subject == "To book ahead for seminar 5: BSL interpreter and live captions"
    assert "has asked for: BSL interpreter and live captions." in email.body_text
    assert "Live captions: 1" in email.body_text  # a line of its own keeps its capital


def test_needs_not_booked_ahead_or_already_booked_tell_nobody(organisers):
    seminar = SeminarFactory(live_captions_booked=True)

    register(seminar, "hearing_loop", "quiet_room", "live_captions")
    register(seminar, "bsl_interpreter", email="bo@example.org", consent=False)  # not kept

    assert not alerts().exists()


def test_adding_captions_on_the_private_page_tells_them_once(organisers):
    seminar = SeminarFactory()
    registration = register(seminar, "step_free")

    for _ in range(2):  # saving the same needs again is no new request
        services.update_requirements(
            registration,
            access_requirements="",
            dietary_requirements="",
            health_consent=True,
            needs=["step_free", "live_captions"],
        )

    assert [email.subject for email in alerts()] == [
        f"To book ahead for seminar {seminar.number}: Live captions"
    ] * 2  # one email, to each of the two organisers


def test_needs_carried_from_a_bursary_application_tell_them(organisers):
    seminar = SeminarFactory()
    registration = RegistrationFactory(seminar=seminar, group="academic")

    services.complete_details(
        registration,
        needs=["bsl_interpreter"],
        health_consent_at=timezone.now(),
    )

    assert alerts().count() == 2


def test_the_alert_is_read_in_the_outbox_by_organisers_and_not_the_panel(organisers):
    from django.contrib.auth import get_user_model

    from outbox import kinds
    from tests.bursaries.conftest import panel_group

    member = get_user_model().objects.get(username="pat")
    member.groups.add(panel_group())
    organiser = get_user_model().objects.get(username="ann")

    assert kinds.may_read_kind(organiser, "registrations/book_ahead_asked")
    assert not kinds.may_read_kind(member, "registrations/book_ahead_asked")


def test_only_the_first_request_at_a_seminar_tells_them(organisers):
    seminar = SeminarFactory()

    register(seminar, "bsl_interpreter")
    register(seminar, "bsl_interpreter", email="bo@example.org")  # the same interpreter serves
    register(seminar, "bsl_interpreter", "live_captions", email="cy@example.org")

    subjects = [email.subject for email in alerts()]
    assert subjects.count(f"To book ahead for seminar {seminar.number}: BSL interpreter") == 2
    assert subjects.count(f"To book ahead for seminar {seminar.number}: Live captions") == 2
    assert len(subjects) == 4  # two requests, each to the two organisers


def test_a_gap_does_not_name_the_need_twice():
    seminar = SeminarFactory(venue=VenueFactory(lift=Lift.YES, accessible_toilets="yes"))
    coming(seminar, "step_free")
    coming(seminar, "wheelchair_space")

    found = [str(gap) for gap in venue_check.gaps([seminar])[seminar.pk]]

    assert found == [
        "1 needs step-free access: not yet confirmed at this venue",
        "1 needs a wheelchair space: step-free access not yet confirmed at this venue",
    ]
