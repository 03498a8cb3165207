"""Telling the bursary holders that their seminar moved, was postponed or was cancelled.
Organisers never see who holds a bursary, so the panel is prompted on its list of applications
(and on the overview) and tells them from this page."""

from django.shortcuts import get_object_or_404

from bursaries import emails, services
from bursaries.models import PAYMENT_WORDS
from seminars.models import Seminar

from ..mailing import tell_about_change_page
from .common import for_the_panel, list_url


@for_the_panel
def tell_holders(request, seminar_id):
    """The panel: preview the email to the seminar's bursary holders, then send it."""
    seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=seminar_id)
    holders = list(services.holders(seminar))
    # One preview for each kind of holder: the words about tickets and money differ.
    examples = {}
    for application in holders:
        kind = application.get_status_display()
        if application.status == "accepted":
            kind += f", {PAYMENT_WORDS[application.payment_method].lower()}"
        examples.setdefault(kind, application)
    return tell_about_change_page(
        request,
        seminar,
        title=f"Tell the bursary holders of seminar {seminar.number} about its change",
        recipients=len(holders),
        not_emailed=0,
        previews=lambda data: [
            (
                f"For a holder whose bursary is: {kind}",
                emails.preview_seminar_changed(
                    example, changed=data["changed"], message=data["message"]
                ),
            )
            for kind, example in examples.items()
        ],
        send=lambda data: services.tell_holders(
            seminar, changed=data["changed"], message=data["message"], by=request.user
        ),
        back_url=list_url(),
        back_label="Bursary applications",
        cancellation_told_elsewhere=False,
    )
