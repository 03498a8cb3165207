"""The admin's form for correcting a registration."""

from django import forms

from .. import services
from ..models import EmailChangeReason


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
