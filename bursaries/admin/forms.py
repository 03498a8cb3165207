"""The panel's forms: one per action on an application's page, and the bursary taken by phone."""

import datetime

from django import forms
from django.utils import timezone

from common.date_inputs import NativeDateInput
from common.forms import POUNDS_ERRORS, PlainErrorsMixin, PoundsField, not_in_future
from ledger.models import WaiverReason
from registrations.models import EmailChangeReason
from seminars.models import Seminar

from ..forms import BursaryApplicationForm
from ..models import (
    MAX_COST,
    PANEL_LABELS,
    BursaryStatus,
    CostLine,
    PaymentMethod,
    Score,
    SeminarBursaries,
    TicketDelivery,
)
from ..queries import offer_overrun

DATE_ERRORS = {"invalid": "Enter a date, like 2016-01-20."}


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=NativeDateInput(),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Your score",
        choices=Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a score from 1 to 5."},
    )
    comment = forms.CharField(
        label="Your comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Other panel members see it once they have scored this application.",
    )


class EmailChangeForm(PlainErrorsMixin, forms.Form):
    """The applicant asked for their email address to change: the new one, and why."""

    email = forms.EmailField(
        label="Their new email address",
        max_length=254,
        error_messages={
            "required": "Enter the new email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
        help_text="We email their new private link there, and the old link stops working.",
    )
    reason = forms.ChoiceField(
        label="Why is it changing?",
        choices=EmailChangeReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it was a typing mistake or a new address."},
    )


class ConflictForm(forms.Form):
    """Declaring a conflict of interest is one button: nothing to fill in."""


class DecisionForm(PlainErrorsMixin, forms.Form):
    """A decision the panel stages, to preview and send with others. An offer has an amount
    for each cost line, within the seminar's maximum award."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (BursaryStatus.OFFERED, "Offer a bursary"),
            (BursaryStatus.RESERVE, "Put on the reserve list"),
            (BursaryStatus.NOT_OFFERED, "Do not offer"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reply_by = _date_field("Reply by (the end of this day, UK time)", required=False)
    note = forms.CharField(
        label="A personal line for the email (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Added after our standard words, for example 'We hope to see you in Leeds'.",
    )
    # Shown only once an offer would go over the budget (clean() says by how much).
    over_budget = forms.BooleanField(
        label="Stage it although it goes over the budget",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        for line in CostLine:
            expected = application.expected(line)
            hint = f"They expect £{expected}." if expected is not None else "They asked for none."
            self.fields[f"offer_{line}"] = PoundsField(
                label=f"Offer for {PANEL_LABELS[line].lower()}, in pounds",
                required=False,
                max_value=MAX_COST,
                error_messages=POUNDS_ERRORS,
                help_text=hint,
            )
        self.order_fields(["decision", *(f"offer_{line}" for line in CostLine)])
        most = SeminarBursaries.of(application.seminar).max_award
        self.fields["offer_travel"].help_text += f" One bursary pays at most £{most} in all."

    @classmethod
    def initial_for(cls, application):
        staged = application.staged_decision == BursaryStatus.OFFERED
        return {
            "decision": application.staged_decision or None,
            "note": application.decision_note,
            **{
                f"offer_{line}": application.offered(line) if staged else application.expected(line)
                for line in CostLine
            },
            "reply_by": (
                (timezone.localtime(application.reply_by) - datetime.timedelta(days=1)).date()
                if staged and application.reply_by
                else None
            ),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == BursaryStatus.OFFERED:
            if not any(cleaned.get(f"offer_{line}") for line in CostLine):
                self.add_error("offer_travel", "Enter the amount to offer, in pounds.")
            if not cleaned.get("reply_by"):
                self.add_error("reply_by", "Choose the last day to reply.")
            self._warn_over_budget(cleaned)
        return cleaned

    def _warn_over_budget(self, cleaned):
        total = sum((amount or 0 for amount in self.lines.values()), 0)
        warning = total and offer_overrun(self.application, total)
        if warning:
            self.fields["over_budget"].widget = forms.CheckboxInput()
            if not cleaned.get("over_budget"):
                self.add_error(
                    "over_budget",
                    f"{warning} Lower the offer, or tick the box to stage it anyway: it is "
                    "recorded.",
                )

    @property
    def lines(self):
        return {line: self.cleaned_data.get(f"offer_{line}") for line in CostLine}

    @property
    def reply_by_moment(self):
        """Midnight at the end of the chosen day, UK time: shown as '23:59 on <that day>'."""
        day = self.cleaned_data.get("reply_by")
        if not day:
            return None
        return datetime.datetime.combine(
            day + datetime.timedelta(days=1),
            datetime.time(),
            tzinfo=timezone.get_current_timezone(),
        )


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label="How we pay",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        help_text="Change this only when the applicant asks, before anything is booked or paid.",
    )


class BookingForm(PlainErrorsMixin, forms.Form):
    journey = forms.CharField(
        label="Journey",
        max_length=200,
        help_text="For example 'Wakefield to Leeds and back, 5 January'.",
    )
    details = forms.CharField(
        label="What we booked",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tickets, times, booking reference, Passenger Assist. The applicant sees this.",
    )
    cost = PoundsField(label="Cost, in pounds", max_value=MAX_COST, error_messages=POUNDS_ERRORS)
    delivery = forms.ChoiceField(
        label="How the tickets reach them",
        choices=TicketDelivery.choices,
        widget=forms.RadioSelect,
    )
    postal_address = forms.CharField(
        label="Postal address (for tickets sent by post)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Removed with the application's other personal details.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("delivery") == TicketDelivery.POST
            and not cleaned.get("postal_address", "").strip()
        ):
            self.add_error("postal_address", "Give the address to post the tickets to.")
        return cleaned


class AdvanceForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(
        label="Advance paid, in pounds", max_value=MAX_COST, error_messages=POUNDS_ERRORS
    )
    paid_on = _date_field("Paid on", validators=[not_in_future])


class QueryForm(PlainErrorsMixin, forms.Form):
    question = forms.CharField(
        label="Your question to the applicant",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalForm(PlainErrorsMixin, forms.Form):
    amount_approved = PoundsField(
        label="Amount approved, in pounds",
        max_value=MAX_COST,
        error_messages=POUNDS_ERRORS,
        help_text="What the receipts show they spent that the bursary covers. Any advance is "
        "taken off to give what is due.",
    )


class PaymentForm(PlainErrorsMixin, forms.Form):
    paid_on = _date_field("Paid on", validators=[not_in_future])


class SettleForm(forms.Form):
    """Nothing to fill in: the button says it all."""


class AskBackForm(forms.Form):
    """Nothing to fill in: the amount is what is left over, and the email says how to pay."""


class WaiveForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why they keep it",
        choices=[
            (value, label)
            for value, label in WaiverReason.choices
            if value not in (WaiverReason.UNWELL, WaiverReason.CANCELLED)
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="A note for the record (optional)",
        required=False,
        max_length=300,
        help_text="Never anything about their health.",
    )


class ReturnedForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(
        label="Amount received, in pounds", max_value=MAX_COST, error_messages=POUNDS_ERRORS
    )
    paid_on = _date_field("Received on", validators=[not_in_future])


class UnwellForm(forms.Form):
    """Nothing to fill in: they told us they could not come because they were unwell."""


class PhoneApplicationForm(BursaryApplicationForm):
    """An application the panel takes by phone (or on paper): the same questions and rules."""

    seminar = forms.ModelChoiceField(
        queryset=Seminar.objects.filter(bursaries__deadline__isnull=False).order_by("number"),
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_agreed"].label = "We told them about the privacy notice"
        self.fields[
            "health_consent"
        ].label = "They agreed that we may keep what they told us about their health"
        self.fields["supporter_name"].label = "Who phoned, if not the applicant (optional)"
        self.order_fields(["seminar"])
