"""The checklist of needs and "Please phone me" as form fields, shared by every form that asks
them: registering, the person's own page, and an organiser registering someone.

The phone field is always on the page (no script shows or hides it): it is required only when
the box is ticked, and the error says what to do.
"""

from django import forms

from .needs import ACCESS_CHOICES, FOOD_CHOICES, access_codes, food_codes
from .services.callbacks import PHONE_MISSING, clean_phone
from .services.errors import RegistrationError

PHONE_WITHOUT_TICK = (
    "Tick 'Please phone me' if you would like us to call you, or delete the phone number."
)


class NeedsFields(forms.Form):
    access_needs = forms.MultipleChoiceField(
        label="Getting there and taking part (optional)",
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick anything that would help you.",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    food_needs = forms.MultipleChoiceField(
        label="Food (optional)",
        choices=FOOD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick anything that applies to you.",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    phone_call = forms.BooleanField(
        label="Please phone me to talk about what would help",
        required=False,
        help_text="If you are not sure what to ask for, we can talk it through. We will call "
        "you before the seminar.",
    )
    phone = forms.CharField(
        label="Phone number (only if you would like a call)",
        required=False,
        max_length=40,
        help_text="For example 07700 900123. We use it only to call you about this seminar.",
        error_messages={"max_length": "Enter a phone number of 40 characters or fewer."},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def set_needs_initial(self, registration):
        """The form on the person's own page starts from what they told us."""
        self.fields["access_needs"].initial = access_codes(registration.needs)
        self.fields["food_needs"].initial = food_codes(registration.needs)
        call = getattr(registration, "call_back", None)
        if call is not None:
            self.fields["phone_call"].initial = True
            self.fields["phone"].initial = call.phone

    def clean_needs_and_phone(self):
        data = self.cleaned_data
        phone = data.get("phone", "").strip()
        if data.get("phone_call"):
            try:
                data["phone"] = clean_phone(phone)
            except RegistrationError:
                self.add_error("phone", PHONE_MISSING)
        elif phone:
            self.add_error("phone", PHONE_WITHOUT_TICK)

    def needs_arguments(self):
        """The service's arguments: the ticked needs, and the number to call (None: no call)."""
        data = self.cleaned_data
        return {
            "needs": [*data.get("access_needs", []), *data.get("food_needs", [])],
            "phone": data.get("phone") if data.get("phone_call") else None,
        }
