"""Who may see or do what with outputs: plain predicates taking the user and the object."""

from .models import Audience, MaterialKind


def may_review_material(user, material):
    """Staff who may view materials in the admin (organisers, superusers) may download any
    material's file to review it, whatever its audience or status; no one else may."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("outputs.view_material")
    )


def why_recording_cannot_be_published(material):
    """Why `material` may not be published as a recording, or "" when it may: a recording is
    only for the people registered, and needs the seminar's speakers listed, each with a
    recorded agreement (one who said no, or was never asked, stops it)."""
    if material.kind != MaterialKind.RECORDING:
        return ""
    if material.audience != Audience.REGISTERED:
        return (
            f"“{material.title}” is a recording: choose 'Only people registered for this "
            "seminar' before publishing it."
        )
    speakers = list(material.seminar.talks.select_related("person", "recording_consent"))
    if not speakers:
        return (
            f"“{material.title}” cannot be published yet: list the seminar's speakers and "
            "record each one's agreement to the recording first."
        )
    waiting = [talk.person.name for talk in speakers if not agreed(talk)]
    if waiting:
        return (
            f"“{material.title}” cannot be published: record the agreement to the recording "
            f"of {', '.join(waiting)} first (Recordings: speakers' agreement)."
        )
    return ""


def agreed(talk):
    """Whether the speaker of `talk` (a SeminarSpeaker) has a recorded yes."""
    consent = getattr(talk, "recording_consent", None)
    return bool(consent and consent.agreed)
