from django import forms

from common.forms import EMAIL_ERRORS, NAME_ERRORS, PlainErrorsMixin
from common.validators import validate_name_characters
from registrations.models import ParticipantGroup, needs_health_consent


class WalkInForm(PlainErrorsMixin, forms.Form):
    """Someone who came without registering. Only the name is needed at the door."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={**NAME_ERRORS, "required": "Enter their full name."},
        strip=True,
        validators=[validate_name_characters],
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages=EMAIL_ERRORS,
        help_text="For their certificate and the feedback form. Without one, give them those "
        "yourself.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    group = forms.ChoiceField(
        label="Which group are they part of? (optional)",
        required=False,
        choices=[("", "Not asked"), *ParticipantGroup.choices],
        help_text="Only if they are happy to say: it helps us report who took part.",
    )
    health_consent = forms.BooleanField(
        label="They agreed that we may keep which group they are in",
        required=False,
        help_text="Needed to record that someone is a service user or carer: it counts as "
        "health information.",
    )
    beyond_capacity = forms.BooleanField(
        label="Let them in beyond the places",
        required=False,
        help_text="Only when the seminar is full and the room has space.",
    )

    def clean(self):
        cleaned = super().clean()
        if needs_health_consent(cleaned.get("group"), "") and not cleaned.get("health_consent"):
            self.add_error(
                "health_consent",
                "Tick the box if they agreed, or choose 'Not asked' or 'Prefer not to say'.",
            )
        return cleaned
