"""The travel-bursary box on a seminar's public page (seminars.slots, "page.top")."""

from seminars.dates import deadline

from .models import BursaryEasyReadLine, BursaryPolicy, SeminarBursaries


def deadline_fact(seminar, *, now):
    """The bursary deadline among the seminar's key dates, while invitations make sense."""
    bursaries = SeminarBursaries.of(seminar)
    if not (bursaries.offered and seminar.phase(now).is_live):
        return None
    return ("Apply for a travel bursary by", f"{deadline(bursaries.deadline)} (UK time)")


def seminar_box(seminar, *, now):
    """Who can apply, what a bursary pays for, when you hear and how you are paid: shown while a
    seminar that offers bursaries (it has a bursary deadline) is still to come. The page reads
    the seminar with its bursaries (select_related); the box adds two queries, the rules and
    whether they have an Easy Read version, made only when the box is rendered (it is kept
    by the series' content version: common/fragments.py)."""
    bursaries = SeminarBursaries.of(seminar)
    if not bursaries.offered:
        return None
    if seminar.is_cancelled or seminar.is_postponed or seminar.is_past(now):
        return None
    return (
        "bursaries/includes/_seminar_box.html",
        {
            "policy": BursaryPolicy.current,
            "state": bursaries.state(now),
            "easy_read": BursaryEasyReadLine.objects.exists,
        },
    )
