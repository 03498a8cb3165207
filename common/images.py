"""Safe handling of uploaded photos and logos.

An upload is opened by Pillow as JPEG or PNG only, refused before decoding when it has more
pixels than settings.IMAGE_MAX_PIXELS (a decompression bomb costs us a header read, not memory)
or, for a PNG, than PNG_MAX_PIXELS; a JPEG is decoded at a reduced scale and every image kept at
most KEEP_SIDE pixels on its longer side, which bounds the time and memory an upload costs; and
it is re-encoded so that EXIF and other metadata (GPS position, camera serial) never reach
storage.
Pages show renditions made from the re-encoded file (see the ImageSpecFields on the models).
"""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

from .documents import check_pdf

ALLOWED_FORMATS = ("JPEG", "PNG")
# What is kept of a photo, on its longer side: enough for a readable receipt or any rendition.
KEEP_SIDE = 3000
# A PNG (a screenshot, a logo) is decoded whole, so it is held to a smaller size than a photo.
PNG_MAX_PIXELS = 16_000_000


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f} million"


def clean_image_upload(upload):
    """Return a re-encoded copy of `upload`, or raise ValidationError saying what to do."""
    if upload.size is not None and upload.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise forms.ValidationError(
            f"This file is too large. Choose an image smaller than {limit} MB.",
            code="too_large",
        )
    upload.seek(0)
    too_big = forms.ValidationError(
        f"This image is too big. Choose an image of at most "
        f"{_megapixels(settings.IMAGE_MAX_PIXELS)} pixels, for example 2000 by 2000.",
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ALLOWED_FORMATS)
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise too_big
            if image.format == "PNG" and width * height > PNG_MAX_PIXELS:
                # A PNG is decoded whole: its size is our cost (a phone photo is a JPEG).
                raise forms.ValidationError(
                    "This PNG image is too big. Save it as a .jpg, or choose a PNG of at most "
                    f"{_megapixels(PNG_MAX_PIXELS)} pixels.",
                    code="too_many_pixels",
                )
            # A JPEG is decoded straight at a scale that fits KEEP_SIDE: a fraction of the
            # time and memory of the full picture, and still more than any page or receipt needs.
            image.draft("RGB", (KEEP_SIDE, KEEP_SIDE))
            image.load()
            image.thumbnail((KEEP_SIDE, KEEP_SIDE))
            source_format = image.format
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit, met before we could read the size: a bomb all the same.
        raise too_big from None
    except UnidentifiedImageError:
        raise forms.ValidationError(
            "This file is not a JPEG or PNG image we can open. Choose a .jpg or .png file.",
            code="invalid_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise forms.ValidationError(
            "This image seems to be damaged. Try saving it again as a .jpg or .png file.",
            code="broken_image",
        ) from None

    # Re-encode from pixels only: nothing of the original file's metadata is copied.
    out = io.BytesIO()
    if source_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    stem = PurePath(upload.name or "image").stem[:80] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", out.getvalue(), content_type=content_type)


class SafeImageFormField(forms.FileField):
    default_error_messages = {
        "required": "Choose an image to upload.",
        "invalid": "This file could not be read. Choose a .jpg or .png file.",
        "empty": "This file is empty. Choose a .jpg or .png file.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image_upload(upload)


class SafeImageField(models.ImageField):
    """An ImageField whose forms take only JPEG and PNG, bounded in size, metadata removed."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})


PDF_SIGNATURE = b"%PDF-"


def clean_receipt_upload(upload):
    """A receipt: a PDF (checked by its signature, and refused if it carries scripts, actions or
    attached files: see common/documents.py) or a JPEG/PNG photo, re-encoded without EXIF.

    The file's content decides, never its name: a PNG called receipt.pdf is kept as a PNG.
    Returns (file, content_type) or raises ValidationError saying what to do.
    """
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"This file is too large. Choose a file smaller than {limit // (1024 * 1024)} MB, "
            "or take a smaller photo of the receipt.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head == PDF_SIGNATURE:
        check_pdf(upload)
        content = upload.read()
        return SimpleUploadedFile("receipt.pdf", content, "application/pdf"), "application/pdf"
    try:
        cleaned = clean_image_upload(upload)
    except forms.ValidationError as error:
        if error.code == "invalid_image":
            raise forms.ValidationError(
                "This file is not a receipt we can accept. Choose a PDF, or a photo saved as "
                ".jpg or .png.",
                code="invalid_receipt",
            ) from None
        raise
    return cleaned, cleaned.content_type
