"""Telling the bursary holders that a seminar moved or was postponed, after an organiser saves
the change. Organisers never see who holds a bursary, so the panel is prompted on its list of
applications (and in a message, when a panel member made the change) to email the holders from
a staff page that shows the email first (common/staff_pages.py says where). Everyone registered
is organising's to tell.
"""

from django.contrib import messages
from django.utils.html import format_html

from common.staff_pages import staff_url
from seminars.changes import CANCELLED, POSTPONED

from .. import services
from ..rules import is_panel_member


def prompt_holders(request, seminar, changed):
    """Fills seminars.slots "changed" (after the registrants' prompt): when the seminar has
    bursary holders, a link to tell them for the panel, and a word for anyone else that the
    panel will be reminded."""
    if CANCELLED in changed or POSTPONED in changed:
        services.called_off(seminar, by=request.user)
    if not services.holders(seminar).exists():
        return
    if is_panel_member(request.user):
        url = staff_url("bursary-tell-holders", seminar.pk)
        messages.add_message(
            request,
            messages.WARNING,
            format_html(
                'Tell the bursary holders too: <a href="{}">preview the email to them</a>.', url
            ),
        )
    else:
        messages.info(
            request,
            "The bursary panel will see a reminder to email this seminar's bursary holders.",
        )
