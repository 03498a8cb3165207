"""Form pieces every public form shares: plain errors and forgiving input."""

import logging
import re
import time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

logger = logging.getLogger(__name__)

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


def not_in_future(day):
    """For the day money moved (paid, received): a day in the future would leave the payment
    out of the finance office's file for the dates it covers."""
    if day and day > timezone.localdate():
        raise forms.ValidationError(
            "Enter the day the money moved: today or earlier, not a day in the future.",
            code="future",
        )


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


# Robots send a form within milliseconds of loading it; people take seconds at least.
_started_signer = signing.Signer(salt="common.forms.form_started")
TOO_SOON = (
    "We could not tell that a person sent this form, because it came very soon after the page "
    "opened. Please check your answers and send the form again."
)


def started_stamp():
    """The time now, signed: when this visitor's copy of the form was made."""
    return _started_signer.sign(str(int(time.time() * 1000)))


def _started_at(stamp):
    """The time (in milliseconds) a stamp we signed says, or None for anything else."""
    try:
        return int(_started_signer.unsign(stamp or ""))
    except (signing.BadSignature, ValueError):
        return None


def _seconds_since(stamp):
    milliseconds = _started_at(stamp)
    return None if milliseconds is None else time.time() - milliseconds / 1000


class StartedInput(forms.HiddenInput):
    """When this copy of the form was first made. A form that comes back (with an error, or
    because it was sent too soon) keeps the signed time it was sent with, so a person who fixes
    one answer and sends it again at once is not taken for a robot; a missing or altered time
    cannot be carried over and gives a fresh one."""

    def get_context(self, name, value, attrs):
        if _started_at(value) is None:
            value = started_stamp()
        return super().get_context(name, value, attrs)


class RobotChecksMixin:
    """Two quiet checks against robots on a public form, rendered by
    includes/_robot_checks.html: a honeypot field people never see (a robot that fills it is
    told "done" and nothing is saved; the hit is logged without anything it sent), and at least
    FORM_MIN_SECONDS between the page being made and the form being sent (a signed time in a
    hidden field; the page cache gives each visitor their own). A form sent too soon comes back
    with a plain message and everything typed, to send again. A form that comes back keeps its
    first time through every re-display, so only a first send within the minimum is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = forms.CharField(
            label="Leave this empty",
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["form_started"] = forms.CharField(required=False, widget=StartedInput)

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def clean(self):
        cleaned = super().clean()
        if self.is_spam:
            logger.info("honeypot filled in on a %s: told done, nothing saved", type(self).__name__)
        elif settings.FORM_MIN_SECONDS:
            seconds = _seconds_since(cleaned.get("form_started"))
            if seconds is None or seconds < settings.FORM_MIN_SECONDS:
                self.add_error(None, TOO_SOON)
        return cleaned
