"""Checks on what people type that every app shares."""

import unicodedata

from django.core.exceptions import ValidationError

# Embeddings, overrides and isolates reorder the text around them: a name could show one thing
# and hold another (on a certificate, in a list). The joiners U+200C and U+200D, which Persian
# and Indic names need, are format characters too and stay allowed; so do the marks
# U+200E, U+200F and U+061C, which only say which way a neutral character such as a bracket
# runs and cannot reorder letters.
DIRECTION_OVERRIDES = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
NAME_CHARACTERS_MESSAGE = (
    "Names cannot contain control or text-direction characters. Type the name again without them."
)


def refused_name_characters(value):
    """The characters of `value` that a name may not hold, in order (empty when it may)."""
    return [
        ch for ch in value if unicodedata.category(ch) == "Cc" or ord(ch) in DIRECTION_OVERRIDES
    ]


def validate_name_characters(value):
    """Refuse control characters (Unicode Cc: tabs, new lines, NUL, ...) and text-direction
    overrides in a person's name, wherever it is entered."""
    if value and refused_name_characters(value):
        raise ValidationError(NAME_CHARACTERS_MESSAGE, code="name_characters")


def clean_name_fields(instance, *fields):
    """For a model's clean(): refuse refused characters in these name fields, each error shown
    at its field (the admin, and services that call full_clean)."""
    errors = {}
    for field in fields:
        try:
            validate_name_characters(getattr(instance, field))
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def check_name_fields(form, *fields):
    """For a form's __init__: the name check on these fields, so that the message shows at the
    field even where the form leaves the model's rules to the service."""
    for field in fields:
        if field in form.fields:
            form.fields[field].validators.append(validate_name_characters)
