"""The organisers' forms: registering someone, correcting a registration, writing to people."""

from django import forms

from seminars.models import Seminar

from .. import services
from ..forms import RegistrationForm
from ..models import EmailChangeReason


class OrganiserRegistrationForm(RegistrationForm):
    """An organiser registers someone who phoned or wrote in: the same rules, one more choice."""

    seminar = forms.ModelChoiceField(queryset=Seminar.objects.public())
    override_capacity = forms.BooleanField(
        label="Give a place even if the seminar is full",
        required=False,
        help_text="Leave unticked to put the person on the waiting list when the seminar is full.",
    )

    class Meta(RegistrationForm.Meta):
        labels = {
            **RegistrationForm.Meta.labels,
            "name": "Their full name",
            "email": "Their email address (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_agreed"].label = "They have been told about the privacy notice"
        self.fields[
            "health_consent"
        ].label = (
            "They consent to us holding their health information (their group or access needs)"
        )
        # Someone who phoned in may have no email address: the organiser then tells them.
        self.fields["email"].required = False
        self.fields["email"].help_text = (
            "We email their confirmation and private link here. Leave it empty if they have no "
            "email address: you then tell them yourself."
        )
        self.order_fields(["seminar"])


class RegistrationChangeForm(forms.ModelForm):
    """Organisers may correct names and requirements; the consent rule still holds. The
    service (correct_details) saves, and says the same.

    A changed email address also needs its reason, which decides whether the old address is
    told; change_email saves it, with a new private link (never this form)."""

    email_change_reason = forms.ChoiceField(
        label="If you changed the email address: why?",
        choices=EmailChangeReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only when you change the address. Either way we email a new private link to "
        "the new address, and the old link stops working.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("access_requirements", "").strip() and not self.instance.health_consent_at:
            self.add_error("access_requirements", services.NO_CONSENT_FOR_ACCESS)
        if (
            "email" in cleaned
            and self.email_changed()
            and self.initial.get("email")
            and not cleaned.get("email_change_reason")
        ):
            self.add_error(
                "email_change_reason",
                "Say why the email address changed: a typing mistake, or a new address.",
            )
        return cleaned

    def email_changed(self):
        return (self.cleaned_data.get("email") or "").strip() != (self.initial.get("email") or "")


class ChangeMessageForm(forms.Form):
    reason = forms.ChoiceField(
        label="What has changed?",
        choices=list(services.CHANGE_REASONS.items()),
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Your message (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Added to the email after our standard words, for example the new date or "
        "an apology.",
    )


class AnnouncementForm(forms.Form):
    message = forms.CharField(
        label="Your message (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Added after the seminar's title, date and place.",
    )
