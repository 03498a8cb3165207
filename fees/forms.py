"""The contributor's choice, from their private link."""

from django import forms

from common.forms import POUNDS_ERRORS, PlainErrorsMixin, PoundsField

from .models import AnotherWay, FeeChoice

CHOICES = [
    (FeeChoice.ACCEPTED, "Take the fee"),
    (FeeChoice.LESS, "Take less than the fee"),
    (FeeChoice.ANOTHER_WAY, "Take it another way: a voucher, or paid to an organisation"),
    (FeeChoice.DECLINED, "No, thank you: I do not want a fee"),
]
HINTS = {
    FeeChoice.ACCEPTED: "We pay you the whole fee after the seminar.",
    FeeChoice.LESS: "Tell us the amount below. The rest goes back to the series' budget.",
    FeeChoice.ANOTHER_WAY: "For example, if money paid to you could affect your benefits.",
    FeeChoice.DECLINED: "You are just as welcome to take part. You can change your mind later.",
}


class ChoiceForm(PlainErrorsMixin, forms.Form):
    choice = forms.ChoiceField(
        label="What would you like to do?",
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like to do with the fee."},
    )
    amount = PoundsField(
        label="If you take less: how much, in pounds? (optional)",
        required=False,
        max_value=10000,
        help_text="For example 40.",
        error_messages={
            **POUNDS_ERRORS,
            "max_value": "Enter an amount less than the fee.",
            "max_digits": "Enter an amount less than the fee.",
            "max_whole_digits": "Enter an amount less than the fee.",
        },
    )
    another_way = forms.ChoiceField(
        label="If another way: which? (optional)",
        choices=AnotherWay.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    organisation = forms.CharField(
        label="If paid to an organisation: its name (optional)",
        max_length=200,
        required=False,
        help_text="For example a charity or a user-led group.",
    )

    def __init__(self, *args, fee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee = fee

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == FeeChoice.LESS:
            amount = data.get("amount")
            if amount is None and "amount" not in self.errors:
                self.add_error("amount", "Enter the amount you would like, for example 40.")
            elif amount is not None and not 0 < amount < self.fee.amount:
                self.add_error(
                    "amount", f"Enter an amount more than £0 and less than £{self.fee.amount}."
                )
        if choice == FeeChoice.ANOTHER_WAY:
            way = data.get("another_way")
            if not way:
                self.add_error("another_way", "Choose a voucher or payment to an organisation.")
            elif way == AnotherWay.ORGANISATION and not data.get("organisation", "").strip():
                self.add_error("organisation", "Enter the name of the organisation we should pay.")
        return data
