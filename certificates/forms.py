import unicodedata

from django import forms

from common.forms import NAME_ERRORS, PlainErrorsMixin
from common.validators import validate_name_characters

from .models import CODE_LENGTH, normalise_code

CODE_FORMAT = "Enter the code as it is printed on the certificate, like 7KQ2-M9XD-4HPT."


class CheckCodeForm(PlainErrorsMixin, forms.Form):
    code = forms.CharField(
        label="Certificate code",
        max_length=40,
        help_text="It is printed at the bottom of the certificate, like 7KQ2-M9XD-4HPT.",
        error_messages={"required": CODE_FORMAT, "max_length": CODE_FORMAT},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(CODE_FORMAT)
        return code


class CheckNameForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(
        label="The name on the certificate",
        max_length=200,
        help_text="Type the name as it is printed. Capital letters and spaces do not matter.",
        error_messages={**NAME_ERRORS, "required": "Enter the name that is on the certificate."},
        validators=[validate_name_characters],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class NameChangeRequestForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it should be printed on your certificate.",
        error_messages=NAME_ERRORS,
        validators=[validate_name_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


# Invisible characters people may or may not type: joiners and direction marks.
IGNORED_IN_COMPARISON = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u061c"))


def same_name(typed, printed):
    """Whether `typed` is the name `printed`, ignoring case, spaces, compatibility forms
    (NFKC: full-width letters, ligatures) and invisible joiners and marks; accents count."""

    def key(text):
        text = unicodedata.normalize("NFKC", text).translate(IGNORED_IN_COMPARISON)
        return " ".join(text.casefold().split())

    return bool(printed) and key(typed) == key(printed)
