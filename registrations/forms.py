from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import format_html

from common.forms import EMAIL_ERRORS, NAME_ERRORS, PlainErrorsMixin, RobotChecksMixin
from common.validators import check_name_fields, validate_name_characters

from .models import Mode, ParticipantGroup, Registration, needs_health_consent
from .needs_form import NeedsFields

HEALTH_CONSENT_LABEL = "You may keep what I have told you here about my health"
HEALTH_CONSENT_HINT = (
    "We ask because being a service user or carer, and access needs, count as health "
    "information, which we keep only with your permission (until "
    f"{settings.REGISTRATION_DETAILS_KEEP_MONTHS} months after the seminar)."
)
NEEDS_CONSENT_HINT = (
    "We ask because your group, access needs, allergies and some diets (such as halal or "
    "kosher) are personal, so we keep them only with your permission (until "
    f"{settings.REGISTRATION_DETAILS_KEEP_MONTHS} months after the seminar). If you leave this "
    "unticked, we keep none of the needs you ticked, and we will ask you about them on the day."
)


def health_consent_missing(*, health_group, access, group_words="choose 'Prefer not to say'"):
    """One sentence that says what to do when health information comes without permission."""
    if health_group and access:
        return "Tick the box so that we can keep what you told us about your health."
    if health_group:
        return (
            "Tick the box so that we can keep that you are a service user or carer, or "
            f"{group_words}."
        )
    return "Tick the box so that we can keep your access needs, or leave them empty."


class ParticipantFormMixin(PlainErrorsMixin):
    """Plain error messages, and the consent that access requirements and some groups need."""

    consent_can_be_withdrawn = False

    def _clean_health_consent(self, group):
        data = self.cleaned_data
        access = bool(data.get("access_requirements", "").strip())
        if self.consent_can_be_withdrawn and not access:
            return  # unticking here withdraws consent: the service deletes what needed it
        if needs_health_consent(group, data.get("access_requirements")) and not data.get(
            "health_consent"
        ):
            self.add_error(
                "health_consent",
                health_consent_missing(
                    health_group=group in ParticipantGroup.health_related, access=access
                ),
            )


MODE_CHOICES = [
    (Mode.ROOM, "In the room, at the venue"),
    (Mode.ONLINE, "Online, on a computer, tablet or phone"),
]


class RegistrationForm(ParticipantFormMixin, NeedsFields, forms.ModelForm):
    # Asked only when the seminar offers online places (offers_online); otherwise in the room.
    mode = forms.ChoiceField(
        label="How will you take part?",
        choices=MODE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Online, we email you the link to join. You can change this later with your "
        "private link, while places allow, until registration closes.",
        error_messages={
            "required": "Choose whether you will come to the room or take part online.",
            "invalid_choice": "Choose whether you will come to the room or take part online.",
        },
    )
    health_consent = forms.BooleanField(
        label=HEALTH_CONSENT_LABEL, required=False, help_text=NEEDS_CONSENT_HINT
    )
    privacy_agreed = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={
            "required": "Tick the box to say you have read the privacy notice.",
        },
    )
    future_seminars = forms.BooleanField(
        label="Email me about future seminars in this series (optional)",
        required=False,
        help_text="We will email you a link to confirm. You can stop these emails at any time "
        "with the link in each one.",
    )

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "organisation",
            "group",
            "access_requirements",
            "dietary_requirements",
        ]
        labels = {
            "name": "Full name",
            "email": "Email address",
            "organisation": "Organisation (optional)",
            "group": "Which group are you part of?",
            "access_requirements": "Anything else about access (optional)",
            "dietary_requirements": "Anything else about food (optional)",
        }
        help_texts = {
            "name": "As you would like it on your name badge.",
            "email": "We will send your confirmation and a private link to this address.",
            "organisation": "Where you work or volunteer, if you want to tell us.",
            "group": "This helps us to make sure every group is heard. Choose 'Prefer not to "
            "say' if you would rather not tell us.",
            "access_requirements": "Anything not in the list that would help you take part, "
            "for example regular breaks or a seat near the door.",
            "dietary_requirements": "For example which allergy you have, or food you cannot eat.",
        }
        error_messages = {
            "name": NAME_ERRORS,
            "email": EMAIL_ERRORS,
            "group": {
                "required": "Choose the group you are part of, or 'Prefer not to say'.",
                "invalid_choice": "Choose one of the groups in the list.",
            },
            "organisation": {"max_length": "Enter an organisation of 200 characters or fewer."},
            "access_requirements": {
                "max_length": "Shorten your access requirements to 2,000 characters or fewer."
            },
            "dietary_requirements": {
                "max_length": "Shorten your dietary requirements to 1,000 characters or fewer."
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "group": forms.RadioSelect,
            "access_requirements": forms.Textarea(attrs={"rows": 3}),
            "dietary_requirements": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, offers_online=False, **kwargs):
        super().__init__(*args, **kwargs)
        if offers_online:
            self.fields["mode"].required = True
        else:
            del self.fields["mode"]
        self.fields["group"].choices = ParticipantGroup.choices  # no empty "-----" choice
        check_name_fields(self, "name")
        self.fields["group"].required = True  # blank in the model only once details are removed
        self.fields["email"].required = True  # blank only for someone registered by an organiser
        privacy_url = reverse_lazy("seminars:privacy")
        self.fields["privacy_agreed"].help_text = format_html(
            'Our <a href="{}">privacy notice</a> explains what we do with your information.',
            privacy_url,
        )

    def clean(self):
        cleaned = super().clean()
        self._clean_health_consent(cleaned.get("group"))
        self.clean_needs_and_phone()
        return cleaned

    def _post_clean(self):
        # The service builds and validates the registration; the form only checks the input.
        pass

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "group": data["group"],
            "organisation": data.get("organisation", ""),
            "access_requirements": data.get("access_requirements", ""),
            "dietary_requirements": data.get("dietary_requirements", ""),
            "health_consent": data.get("health_consent", False),
            "future_seminars": data.get("future_seminars", False),
            **self.needs_arguments(),
            "mode": data.get("mode") or Mode.ROOM,
        }


class PublicRegistrationForm(RobotChecksMixin, RegistrationForm):
    """The registration form on the seminar's public page."""


class ManageLinkForm(RobotChecksMixin, PlainErrorsMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address you registered with. If it is registered for this seminar, "
        "we will email its private link to it.",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class NameForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As you would like it on your name badge and your certificate of attendance.",
        error_messages=NAME_ERRORS,
        validators=[validate_name_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


class RequirementsForm(ParticipantFormMixin, NeedsFields, forms.ModelForm):
    consent_can_be_withdrawn = True
    health_consent = forms.BooleanField(
        label=HEALTH_CONSENT_LABEL,
        required=False,
        help_text=NEEDS_CONSENT_HINT
        + " To take your permission back, untick the box and empty the 'anything else about "
        "access' box: we then delete this information.",
    )

    class Meta:
        model = Registration
        fields = ["access_requirements", "dietary_requirements"]
        labels = RegistrationForm.Meta.labels
        help_texts = RegistrationForm.Meta.help_texts
        error_messages = RegistrationForm.Meta.error_messages
        widgets = RegistrationForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["health_consent"].initial = bool(self.instance.health_consent_at)
        self.set_needs_initial(self.instance)

    def clean(self):
        cleaned = super().clean()
        self._clean_health_consent(self.instance.group)
        self.clean_needs_and_phone()
        return cleaned

    def _post_clean(self):
        pass
