"""What the demo's past seminar left behind, through the outputs' services: a speaker who
agreed to the recording, their slides and the recording sent through their private link and
published by an organiser, and the write-up (see organising/demo/__init__.py)."""

import datetime

from django.utils import timezone

from outputs import services as outputs
from outputs.models import Audience, MaterialKind, SpeakerLink, WriteUp
from people.models import Person
from seminars.models import SeminarSpeaker


def outputs_of(seminar, *, ended, organiser):
    person, _ = Person.objects.get_or_create(
        slug="demo-wendy-asante",
        defaults={"name": "Wendy Asante", "affiliation": "Leeds Survivor-Led Crisis Service"},
    )
    speaker = SeminarSpeaker.objects.create(
        seminar=seminar, person=person, talk_title="Whose review is it?"
    )
    outputs.record_recording_consent(speaker, agreed=True, by=organiser)
    link = SpeakerLink.objects.create(seminar=seminar, person=person)
    for title, kind, url in [
        ("Whose review is it? (slides)", MaterialKind.SLIDES, "https://example.org/slides.pdf"),
        ("The morning's talks (recording)", MaterialKind.RECORDING, "https://example.org/video"),
    ]:
        material = outputs.submit_material(
            link, title=title, kind=kind, url=url, audience=Audience.PUBLIC, has_captions=True
        )
        outputs.publish_material(material, by=organiser)
    WriteUp.objects.create(
        seminar=seminar,
        body="Thirty people met to review a community mental health service together.",
        key_messages="Co-production starts before the agenda is written.",
        consent_recorded_on=timezone.localdate(ended),
        published=True,
        published_at=ended + datetime.timedelta(days=5),
    )
