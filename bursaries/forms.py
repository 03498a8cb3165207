import datetime

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html

from config.forms import (
    EMAIL_ERRORS,
    NAME_ERRORS,
    POUNDS_ERRORS,
    PlainErrorsMixin,
    PoundsField,
    count_words,
)
from config.images import clean_receipt_upload

from .models import (
    MAX_COST,
    STATEMENT_WORD_LIMIT,
    BursaryApplication,
    BursaryGroup,
    BursaryStatus,
    Score,
)

GROUP_HINTS = {
    BursaryGroup.SERVICE_USER_CARER: "You use, or have used, mental health services, or you "
    "care for a family member or friend who does.",
    BursaryGroup.THIRD_SECTOR: "You are paid by, or volunteer for, a charity, voluntary "
    "organisation or social enterprise.",
    BursaryGroup.EARLY_CAREER: "You are a research student, or finished your PhD in the last "
    "5 years, or are in your first research job.",
}
HEALTH_CONSENT_LABEL = (
    "I consent to you holding information about my health: that I am a service user or carer, "
    "and my access needs"
)
HEALTH_CONSENT_HINT = (
    "Only needed if you apply as a service user or carer, or write access needs. The law treats "
    "this as health information. Only the bursary panel and the organisers see it. You can "
    "withdraw your consent at any time."
)


class BursaryApplicationForm(PlainErrorsMixin, forms.ModelForm):
    travel_cost = PoundsField(
        label="Your expected travel cost, in pounds",
        max_value=MAX_COST,
        help_text="The return journey, for example 45.50. A rough figure is fine.",
        error_messages={
            **POUNDS_ERRORS,
            "required": "Enter your expected travel cost in pounds, for example 45.50.",
        },
    )
    companion_cost = PoundsField(
        label="Their expected travel cost, in pounds (if someone travels with you)",
        max_value=MAX_COST,
        required=False,
        help_text="Leave empty if nobody needs to travel with you.",
        error_messages=POUNDS_ERRORS,
    )
    health_consent = forms.BooleanField(
        label=HEALTH_CONSENT_LABEL, required=False, help_text=HEALTH_CONSENT_HINT
    )
    privacy_agreed = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Tick the box to say you have read the privacy notice."},
    )
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = BursaryApplication
        fields = [
            "name",
            "email",
            "group",
            "organisation",
            "travelling_from",
            "travel_cost",
            "companion_needed",
            "companion_cost",
            "prefers_booking",
            "access_needs",
            "statement",
        ]
        labels = {
            "name": "Full name",
            "email": "Email address",
            "group": "Which group are you applying as?",
            "organisation": "Your organisation or university (if you are applying as a "
            "third-sector employee or researcher)",
            "travelling_from": "Where will you travel from?",
            "companion_needed": "A companion or carer needs to travel with me",
            "prefers_booking": "I would rather you book and pay for my tickets in advance",
            "access_needs": "Access needs (optional)",
            "statement": "Why would you like to come to this seminar?",
        }
        help_texts = {
            "name": "As it appears on your bank account, so that we can pay you back.",
            "email": "We will send your confirmation and a private link to this address.",
            "organisation": "For example 'Leeds Mind' or 'University of York'.",
            "travelling_from": "A town or city is enough, for example 'Bradford'.",
            "companion_needed": "We can pay their travel too.",
            "prefers_booking": "Then you do not have to pay first and claim the money back.",
            "access_needs": "Anything that would help you travel or take part.",
            "statement": f"In your own words, {STATEMENT_WORD_LIMIT} words or fewer. There are "
            "no right answers: tell us what you hope to bring or to take away.",
        }
        error_messages = {
            "name": NAME_ERRORS,
            "email": EMAIL_ERRORS,
            "group": {
                "required": "Choose the group you are applying as.",
                "invalid_choice": "Choose one of the three groups.",
            },
            "organisation": {"max_length": "Enter 200 characters or fewer."},
            "travelling_from": {
                "required": "Tell us where you will travel from, for example 'Bradford'.",
                "max_length": "Enter 200 characters or fewer.",
            },
            "access_needs": {"max_length": "Shorten your access needs to 2,000 characters."},
            "statement": {
                "required": "Tell us in a few sentences why you would like to come.",
                "max_length": f"Shorten your answer to {STATEMENT_WORD_LIMIT} words or fewer.",
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "group": forms.RadioSelect,
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "statement": forms.Textarea(attrs={"rows": 8, "data-word-limit": STATEMENT_WORD_LIMIT}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = BursaryGroup.choices
        self.fields["privacy_agreed"].help_text = format_html(
            'Our <a href="{}">privacy notice</a> explains what we do with your information.',
            reverse_lazy("seminars:privacy"),
        )

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        words = count_words(statement)
        if words > STATEMENT_WORD_LIMIT:
            raise forms.ValidationError(
                f"Shorten your answer to {STATEMENT_WORD_LIMIT} words or fewer. It has "
                f"{words} words now."
            )
        return statement

    def clean(self):
        cleaned = super().clean()
        group = cleaned.get("group")
        if (
            group in (BursaryGroup.THIRD_SECTOR, BursaryGroup.EARLY_CAREER)
            and not cleaned.get("organisation", "").strip()
        ):
            self.add_error(
                "organisation",
                "Tell us the organisation you work for"
                if group == BursaryGroup.THIRD_SECTOR
                else "Tell us your university or institution",
            )
        if cleaned.get("companion_needed") and cleaned.get("companion_cost") is None:
            self.add_error(
                "companion_cost",
                "Enter your companion's expected travel cost, or untick the companion box.",
            )
        needs_consent = group == BursaryGroup.SERVICE_USER_CARER or bool(
            cleaned.get("access_needs", "").strip()
        )
        if needs_consent and not cleaned.get("health_consent"):
            self.add_error(
                "health_consent",
                "Tick the consent box so that we can hold this information. If you would rather "
                "not, leave access needs empty; to apply as a service user or carer we need it.",
            )
        return cleaned

    def _post_clean(self):
        pass  # the service builds and validates the application

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def service_arguments(self):
        data = self.cleaned_data
        return {key: data.get(key) for key in [*self.Meta.fields, "health_consent"]}


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


class DecisionForm(PlainErrorsMixin, forms.Form):
    """A decision the panel stages, to preview and send with others."""

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
    amount = PoundsField(
        label="Amount to offer, in pounds",
        required=False,
        max_value=MAX_COST,
        error_messages=POUNDS_ERRORS,
        help_text="Usually the applicant's expected costs, with their companion's.",
    )
    reply_by = forms.DateField(
        label="Reply by (the end of this day, UK time)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, like 2015-12-07."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == BursaryStatus.OFFERED:
            if not cleaned.get("amount"):
                self.add_error("amount", "Enter the amount to offer, in pounds.")
            if not cleaned.get("reply_by"):
                self.add_error("reply_by", "Choose the last day to reply.")
        return cleaned

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


class BookingForm(PlainErrorsMixin, forms.Form):
    booking_details = forms.CharField(
        label="Tickets we booked",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example 'Return train Wakefield to Leeds, 5 January, ref ABC123'. The "
        "applicant sees this on their page.",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReceiptsField(forms.FileField):
    """Several receipt files in one field; each checked and cleaned by clean_receipt_upload."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [super(ReceiptsField, self).clean(item, initial) for item in files]
        files = [item for item in files if item]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > settings.RECEIPTS_PER_CLAIM:
            raise forms.ValidationError(
                f"Choose {settings.RECEIPTS_PER_CLAIM} files or fewer. You can put several "
                "receipts in one PDF."
            )
        return [clean_receipt_upload(item) for item in files]


class ClaimForm(PlainErrorsMixin, forms.Form):
    amount = PoundsField(
        label="How much did you spend on travel, in pounds?",
        max_value=MAX_COST,
        error_messages={**POUNDS_ERRORS, "required": "Enter what you spent, for example 42.80."},
    )
    reason_over_offer = forms.CharField(
        label="If you spent more than we offered, tell us why (optional otherwise)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    receipts = ReceiptsField(
        label="Your tickets and receipts",
        help_text="PDFs, or photos saved as .jpg or .png, up to 10 MB each. You can choose "
        "several files at once.",
        error_messages={"required": "Choose at least one ticket or receipt."},
    )

    def __init__(self, *args, offer_amount, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_amount = offer_amount

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        if (
            amount
            and amount > self.offer_amount
            and not cleaned.get("reason_over_offer", "").strip()
        ):
            self.add_error(
                "reason_over_offer",
                f"You are claiming more than the £{self.offer_amount} we offered. Tell us why, "
                "and the panel will consider it.",
            )
        return cleaned


class AnswerForm(PlainErrorsMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your answer to the panel's question."},
    )
    receipts = ReceiptsField(
        label="More receipts (optional)",
        required=False,
        help_text="If the panel asked for another receipt, add it here.",
    )


class QueryForm(PlainErrorsMixin, forms.Form):
    question = forms.CharField(
        label="Your question to the applicant",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaymentForm(PlainErrorsMixin, forms.Form):
    amount_paid = PoundsField(
        label="Amount paid, in pounds", max_value=MAX_COST, error_messages=POUNDS_ERRORS
    )
    paid_on = forms.DateField(
        label="Paid on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, like 2016-01-20."},
    )
