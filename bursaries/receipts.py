"""Receipt files: served only to their applicant (through the private link) and to the panel,
as downloads that no browser or proxy keeps."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from . import services
from .models import Receipt
from .rules import require_panel


def receipt_response(receipt):
    """A receipt as a download that no browser or proxy keeps."""
    response = FileResponse(
        receipt.file.open("rb"),
        as_attachment=True,
        filename=receipt.download_name,
        content_type=receipt.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def panel_receipt(request, object_id, receipt_id):
    """A receipt for the panel only, as a download no cache keeps."""
    require_panel(request)
    receipt = get_object_or_404(
        Receipt.objects.filter(claim__application__in=services.visible_applications(request.user)),
        pk=receipt_id,
        claim__application_id=object_id,
    )
    return receipt_response(receipt)
