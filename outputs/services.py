"""Publishing what a seminar leaves behind. Each function runs in one transaction and saves
only the fields it changes; none sends email."""

from django.db import transaction
from django.utils import timezone

from common.audit import record

from . import rules
from .files import stored_name
from .models import Audience, Material, MaterialKind, MaterialStatus, RecordingConsent, SpeakerLink


class OutputsError(Exception):
    """A publishing rule refused the request; str(exc) is safe to show the person."""


def publish_material(material, *, by=None):
    """Show `material` on the site (an organiser's approval of a speaker's upload too).
    Refused without a record of consent, and a recording unless each of the seminar's speakers
    has agreed (rules.why_recording_cannot_be_published), read in this transaction. Sets
    published_at the first time, and records who published it in the log."""
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=material.pk)
        if not material.consent_recorded_on:
            raise OutputsError(
                f"“{material.title}” cannot be published yet: record the day the speakers "
                "(and anyone quoted or photographed) agreed to publication first."
            )
        if refusal := rules.why_recording_cannot_be_published(material):
            raise OutputsError(refusal)
        material.status = MaterialStatus.PUBLISHED
        material.published_at = material.published_at or timezone.now()
        material.save(update_fields=["status", "published_at", "updated"])
        record(material, "published", by=by, fields=["status"])
    return material


def hide_material(material, *, by=None):
    """Take `material` off the site; it stays in the admin. Records who in the log."""
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=material.pk)
        material.status = MaterialStatus.HIDDEN
        material.save(update_fields=["status", "updated"])
        record(material, "hidden", by=by, fields=["status"])
    return material


# A speaker's link keeps at most this many items waiting for an organiser (each up to 25 MB), so
# that a leaked link cannot fill the storage.
MAX_WAITING_PER_LINK = 20


def submit_material(
    link,
    *,
    title,
    description="",
    kind=MaterialKind.SLIDES,
    file=None,
    url="",
    audience,
    accessible_version_note="",
    has_captions=False,
):
    """A speaker's upload through their private link: kept, not shown, until an organiser
    publishes it. Their ticked agreement is recorded as the consent, dated today.
    Refused when the link has been switched off, or already has MAX_WAITING_PER_LINK waiting."""
    if not link.active:
        raise OutputsError("This link no longer works. Ask the organisers for a new one.")
    with transaction.atomic():
        link = SpeakerLink.objects.select_for_update().get(pk=link.pk)
        waiting = link.materials.filter(status=MaterialStatus.SUBMITTED).count()
        if waiting >= MAX_WAITING_PER_LINK:
            raise OutputsError(
                f"You have sent {waiting} items that an organiser has not checked yet. Please "
                "wait until they have, or email the organisers."
            )
        material = Material(
            seminar=link.seminar,
            title=title,
            description=description,
            kind=kind,
            url=url,
            # Recordings are for the people registered, whatever was chosen.
            audience=Audience.REGISTERED if kind == MaterialKind.RECORDING else audience,
            accessible_version_note=accessible_version_note,
            has_captions=has_captions and kind == MaterialKind.RECORDING,
            consent_recorded_on=timezone.localdate(),
            consent_note=f"Agreed by {link.person.name} when sending it through their link.",
            status=MaterialStatus.SUBMITTED,
            sent_by=link,
        )
        if file is not None:
            file.name = stored_name(title, file.kind)
            material.file = file
        material.full_clean()
        material.save()
    return material


def record_recording_consent(speaker, *, agreed, note="", by):
    """Record whether `speaker` (a seminars.SeminarSpeaker) agrees that the recording of their
    seminar may be shared with the people registered, with who recorded it and when (on the
    row and in the log). When the answer is no, the seminar's published recordings are taken
    off in the same transaction. Returns the RecordingConsent."""
    with transaction.atomic():
        consent, _ = RecordingConsent.objects.select_for_update().get_or_create(speaker=speaker)
        consent.agreed = agreed
        consent.note = note
        consent.recorded_by = by if by is not None and by.is_authenticated else None
        consent.recorded_at = timezone.now()
        consent.save(update_fields=["agreed", "note", "recorded_by", "recorded_at", "updated"])
        record(consent, "agreed" if agreed else "not agreed", by=by, fields=["agreed"])
        if not agreed:
            recordings = Material.objects.select_for_update().filter(
                seminar_id=speaker.seminar_id,
                kind=MaterialKind.RECORDING,
                status=MaterialStatus.PUBLISHED,
            )
            for material in recordings:
                material.status = MaterialStatus.HIDDEN
                material.save(update_fields=["status", "updated"])
                record(material, "hidden", by=by, fields=["status"])
    return consent
