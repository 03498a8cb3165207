"""Recordings: shared with the people registered, through their private link only, and only
while each of the seminar's speakers has agreed (recorded per speaker, with who and when)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from common import pagecache
from common.audit import entries_for
from outputs import rules, services
from outputs.models import Audience, Material, MaterialKind, MaterialStatus, RecordingConsent
from tests.factories import RegistrationFactory
from tests.factories.outputs import (
    PastSeminarFactory,
    RecordingConsentFactory,
    RecordingFactory,
    SpeakerFactory,
    SpeakerLinkFactory,
    WriteUpFactory,
)
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db


def waiting_recording(seminar, **fields):
    """A recording kept but not published, of `seminar` (whose speakers the test sets)."""
    return Material.objects.create(
        **{
            "seminar": seminar,
            "title": "Recording of the day",
            "kind": MaterialKind.RECORDING,
            "url": "https://video.example.org/watch/secret-recording",
            "audience": Audience.REGISTERED,
            "consent_recorded_on": seminar.starts_at.date(),
            "status": MaterialStatus.HIDDEN,
            **fields,
        }
    )


def materials_page(registration):
    return reverse("outputs:registered-materials", kwargs={"token": registration.manage_token})


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("organiser", is_staff=True)
    user.groups.add(organisers_group())
    return user


# The rule, at its edges


def test_a_recording_of_a_seminar_with_no_speakers_listed_cannot_be_published():
    recording = waiting_recording(PastSeminarFactory())

    with pytest.raises(services.OutputsError, match="list the seminar's speakers"):
        services.publish_material(recording)

    recording.refresh_from_db()
    assert recording.status == MaterialStatus.HIDDEN


@pytest.mark.parametrize("second", ["never asked", "said no"])
def test_one_speaker_without_a_yes_stops_the_recording(second):
    seminar = PastSeminarFactory()
    RecordingConsentFactory(speaker__seminar=seminar, speaker__person__name="Ann Agreed")
    other = SpeakerFactory(seminar=seminar, person__name="Bea Notyet")
    if second == "said no":
        RecordingConsentFactory(speaker=other, agreed=False)
    recording = waiting_recording(seminar)

    assert "Bea Notyet" in rules.why_recording_cannot_be_published(recording)
    assert "Ann Agreed" not in rules.why_recording_cannot_be_published(recording)
    with pytest.raises(services.OutputsError, match="Bea Notyet"):
        services.publish_material(recording)
    recording.refresh_from_db()
    assert recording.status == MaterialStatus.HIDDEN


def test_a_recording_is_published_when_every_speaker_has_agreed(organiser):
    seminar = PastSeminarFactory()
    for _ in range(2):
        speaker = SpeakerFactory(seminar=seminar)
        services.record_recording_consent(speaker, agreed=True, by=organiser)
    recording = waiting_recording(seminar)

    assert rules.why_recording_cannot_be_published(recording) == ""
    services.publish_material(recording, by=organiser)

    recording.refresh_from_db()
    assert recording.status == MaterialStatus.PUBLISHED


def test_other_materials_need_no_speakers_agreement():
    material = waiting_recording(PastSeminarFactory(), kind=MaterialKind.SLIDES)

    services.publish_material(material)

    assert Material.objects.get(pk=material.pk).status == MaterialStatus.PUBLISHED


def test_a_recording_for_everyone_is_refused_by_the_form_rule_and_the_database():
    recording = RecordingFactory.build(seminar=PastSeminarFactory(), audience=Audience.PUBLIC)

    with pytest.raises(ValidationError) as refused:
        recording.full_clean()
    assert "only with the people registered" in str(refused.value.message_dict["audience"])
    with pytest.raises(IntegrityError), transaction.atomic():
        recording.save()


def test_a_speaker_sending_a_recording_shares_it_with_the_people_registered_only():
    link = SpeakerLinkFactory()

    material = services.submit_material(
        link,
        title="My talk, recorded",
        kind=MaterialKind.RECORDING,
        url="https://video.example.org/watch/2",
        audience=Audience.PUBLIC,
    )

    assert material.audience == Audience.REGISTERED
    assert material.status == MaterialStatus.SUBMITTED


# Recording each answer: who and when, and a no takes the recordings off


def test_an_answer_is_recorded_with_who_and_when(organiser):
    speaker = SpeakerFactory()

    consent = services.record_recording_consent(
        speaker, agreed=True, note="Email of 3 March", by=organiser
    )

    assert consent.recorded_by == organiser
    assert consent.recorded_at is not None
    assert [(e.action, e.by) for e in entries_for(consent)] == [("agreed", organiser)]


def test_a_speaker_who_changes_their_mind_takes_the_recordings_off(organiser):
    recording = RecordingFactory()
    consent = RecordingConsent.objects.get(speaker__seminar=recording.seminar)

    services.record_recording_consent(consent.speaker, agreed=False, by=organiser)

    recording.refresh_from_db()
    assert recording.status == MaterialStatus.HIDDEN
    assert [e.action for e in entries_for(recording)] == ["hidden"]


def test_a_speaker_added_after_publishing_hides_the_recording_until_they_agree(client):
    recording = RecordingFactory(title="Recording of the panel")
    registration = RegistrationFactory(seminar=recording.seminar)
    speaker = SpeakerFactory(seminar=recording.seminar)

    assert "Recording of the panel" not in text(client.get(materials_page(registration)))

    RecordingConsentFactory(speaker=speaker)
    assert "Recording of the panel" in text(client.get(materials_page(registration)))


def test_the_admin_records_the_organiser_who_saved_the_answer(client, organiser):
    speaker = SpeakerFactory()
    client.force_login(organiser)

    response = client.post(
        reverse("admin:outputs_recordingconsent_add"),
        {"speaker": speaker.pk, "agreed": "on", "note": "Said yes on the day"},
    )

    assert response.status_code == 302
    consent = RecordingConsent.objects.get(speaker=speaker)
    assert (consent.agreed, consent.recorded_by) == (True, organiser)


# Where a recording shows: the private link only


def test_a_recording_shows_only_with_the_private_link(client):
    recording = RecordingFactory(
        title="Recording of the panel", url="https://video.example.org/watch/secret-recording"
    )
    WriteUpFactory(seminar=recording.seminar)
    registration = RegistrationFactory(seminar=recording.seminar)
    seminar = recording.seminar
    public = [
        seminar.get_absolute_url(),
        reverse("outputs:list"),
        reverse("outputs:list") + f"?seminar={seminar.number}",
        reverse("outputs:feed"),
        reverse("sitemap"),
    ]

    for url in public:
        for _ in range(2):  # rendered, then from the page cache
            content = client.get(url).content.decode()
            assert "Recording of the panel" not in content, url
            assert "secret-recording" not in content, url

    private = client.get(materials_page(registration))
    assert "Recording of the panel" in text(private)
    assert 'href="https://video.example.org/watch/secret-recording"' in private.content.decode()
    # Nothing the page cache holds names it, and the private page is never stored there.
    stored = list(cache._cache.values())  # the test cache's pickled rows
    assert stored, "the public pages were cached"
    assert not any(b"secret-recording" in row for row in stored)
    assert cache.get(pagecache.page_key(materials_page(registration))) is None


def test_people_without_a_place_never_see_the_recording(client):
    recording = RecordingFactory(title="Recording of the panel")
    waiting = RegistrationFactory(seminar=recording.seminar, status="waiting")
    elsewhere = RegistrationFactory()

    for registration in (waiting, elsewhere):
        response = client.get(materials_page(registration))
        assert "Recording of the panel" not in text(response)


def test_the_private_page_is_constant_in_recordings_and_speakers(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    recording = RecordingFactory()
    registration = RegistrationFactory(seminar=recording.seminar)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(materials_page(registration)).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(8):
        RecordingFactory(seminar=recording.seminar)  # each with one more speaker who agreed
    assert RecordingConsent.objects.filter(speaker__seminar=recording.seminar).count() == 9

    assert queries() == one
