"""Form pieces every public form shares: plain errors and forgiving input."""

import re
from decimal import Decimal

from django import forms

NAME_ERRORS = {
    "required": "Enter your full name.",
    "max_length": "Enter a name of 200 characters or fewer.",
}
EMAIL_ERRORS = {
    "required": "Enter your email address.",
    "invalid": "Enter an email address in the correct format, like name@example.com.",
    "max_length": "Enter an email address of 254 characters or fewer.",
}
POUNDS_ERRORS = {
    "invalid": "Enter an amount in pounds, like 45.50.",
    "min_value": "Enter an amount of 0 or more.",
    "max_value": "Enter an amount of £2,000 or less. If the costs are higher, email us.",
    "max_decimal_places": "Enter pounds and pence, like 45.50.",
    "max_digits": "Enter an amount of £2,000 or less.",
    "max_whole_digits": "Enter an amount of £2,000 or less.",
}


class PlainErrorsMixin:
    """Errors that say what to do, also for the checks Django adds to every text field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = (
                "Remove the unusual characters from this answer."
            )


def count_words(text):
    return len(re.findall(r"\S+", text or ""))


class PoundsField(forms.DecimalField):
    """An amount in pounds that accepts what people type: '£45', '1,200.50', ' 30 '."""

    # A text input: a number input would drop '£' and misread commas, and min, max and step
    # mean nothing on text (so none are written: the form checks the range).
    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").strip()
        return super().to_python(value)
