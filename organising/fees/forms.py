"""The organisers' forms for fees: the input boundary only; the services do the work."""

from django import forms

from common.date_inputs import NativeDateInput
from common.forms import POUNDS_ERRORS, PlainErrorsMixin, PoundsField, not_in_future
from fees.models import FeeUnit, PartReason

PROCEED = "Offer it anyway: I know it takes the involvement budget over"


class OfferForm(PlainErrorsMixin, forms.Form):
    speaker = forms.ChoiceField(
        label="Who is it for?",
        help_text="A speaker on the seminar's programme, or a co-facilitator (name them below).",
    )
    name = forms.CharField(
        label="Their name (for a co-facilitator)", max_length=200, required=False
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="We email them the private link to their fee.",
        error_messages={
            "required": "Enter their email address, like name@example.com.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    for_what = forms.CharField(
        label="What is it for?",
        max_length=200,
        help_text="For example 'Speaking at seminar 3, and preparing'.",
    )
    unit = forms.ChoiceField(label="Paid by", choices=FeeUnit.choices)
    quantity = forms.DecimalField(
        label="How many?",
        min_value=0.5,
        max_value=100,
        decimal_places=1,
        help_text="For example 3 hours, or 1 day. Halves are fine: 1.5.",
    )
    lived_experience = forms.BooleanField(
        label="They take part as a person with lived experience", required=False
    )
    consent = forms.BooleanField(
        label="They agreed, explicitly, that we record this",
        required=False,
        help_text="Lived experience is health data: record it only with their consent.",
    )
    proceed_over_budget = forms.BooleanField(label=PROCEED, required=False)

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.talks = {str(talk.pk): talk for talk in seminar.talks.select_related("person")}
        self.fields["speaker"].choices = [
            ("", "Choose…"),
            *((pk, talk.person.name) for pk, talk in self.talks.items()),
            ("other", "A co-facilitator not on the programme"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("speaker") == "other" and not data.get("name", "").strip():
            self.add_error("name", "Enter the co-facilitator's name.")
        if data.get("lived_experience") and not data.get("consent"):
            self.add_error(
                "consent", "Tick this only once they have agreed; else untick the one above."
            )
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "speaker": self.talks.get(data["speaker"]),
            "name": data["name"].strip(),
            "email": data["email"],
            "for_what": data["for_what"],
            "unit": data["unit"],
            "quantity": data["quantity"],
            "lived_experience": data["lived_experience"],
            "consent": data["consent"],
            "proceed_over_budget": data["proceed_over_budget"],
        }


class ApproveForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(
        label="Approve (£)",
        max_value=10000,
        help_text="What they chose, or less under the series' policy.",
        error_messages=POUNDS_ERRORS,
    )
    reason = forms.ChoiceField(
        label="If less than they chose: why (optional)",
        choices=[("", "—"), *PartReason.choices],
        required=False,
    )


class PayForm(PlainErrorsMixin, forms.Form):
    paid_on = forms.DateField(
        label="Paid on",
        widget=NativeDateInput(attrs={"class": "form-control"}),
        error_messages={"invalid": "Enter the date, like 2026-12-14."},
        validators=[not_in_future],
    )
    reference = forms.CharField(label="Payment reference (optional)", max_length=40, required=False)


class ExpensesForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(label="Travel expenses (£)", max_value=2000, error_messages=POUNDS_ERRORS)
    proceed_over_budget = forms.BooleanField(label=PROCEED, required=False)


class ApproveExpensesForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(
        label="What their travel cost (£)", max_value=2000, error_messages=POUNDS_ERRORS
    )


class EmailForm(PlainErrorsMixin, forms.Form):
    email = forms.EmailField(
        label="Their correct email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com."
        },
    )
