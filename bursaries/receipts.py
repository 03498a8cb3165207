"""Receipt files: served only to their applicant (through the private link) and to the panel
(from its staff pages), as downloads that no browser or proxy keeps."""

from django.http import FileResponse


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
