"""The applicant's forms: applying (also for someone else), correcting, accepting, claiming."""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import format_html

from common.forms import (
    EMAIL_ERRORS,
    NAME_ERRORS,
    POUNDS_ERRORS,
    PlainErrorsMixin,
    PoundsField,
    RobotChecksMixin,
    count_words,
)
from common.images import clean_receipt_upload
from common.validators import check_name_fields
from registrations.forms import HEALTH_CONSENT_HINT, HEALTH_CONSENT_LABEL, health_consent_missing
from registrations.models import ParticipantGroup, needs_health_consent
from registrations.needs import ACCESS_CHOICES

from .models import (
    ELIGIBLE_GROUPS,
    MAX_COST,
    STATEMENT_WORD_LIMIT,
    BursaryApplication,
    PaymentMethod,
)
from .services import APPLICANT_FIELDS

# Shown under each choice (templates/bursaries/includes/_payment_choice.html).
PAYMENT_HINTS = {
    PaymentMethod.BOOK: "We book and pay for your tickets, and send them to you. You pay "
    "nothing up front.",
    PaymentMethod.ADVANCE: "We pay the money into your bank account before the seminar. "
    "Afterwards you send us your tickets and receipts.",
    PaymentMethod.REIMBURSE: "You pay for your travel, keep your tickets and receipts, and "
    "send them to us after the seminar. We pay you back.",
}


def _optional_pounds(label, help_text):
    return PoundsField(
        label=label,
        max_value=MAX_COST,
        required=False,
        help_text=help_text,
        error_messages=POUNDS_ERRORS,
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
    accommodation_cost = _optional_pounds(
        "A night's stay nearby, in pounds (optional)",
        "Only if you could not arrive in time on the day.",
    )
    companion_cost = _optional_pounds(
        "Their expected travel cost, in pounds (if someone travels with you)",
        "Leave empty if nobody needs to travel with you.",
    )
    care_cost = _optional_pounds(
        "Replacement care or childcare while you are away, in pounds (optional)",
        "For example a sitter for someone you care for, so that you can come.",
    )
    payment_method = forms.ChoiceField(
        label="If you are offered a bursary, how would you like us to pay?",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        help_text="You can change your mind when you accept.",
        error_messages={"required": "Choose how you would like us to pay for your travel."},
    )
    needs = forms.MultipleChoiceField(
        label="What would help you take part? (optional)",
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick anything that would help you. We keep it only if you tick the box "
        "below that lets us, and then share it with the people running the day.",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    health_consent = forms.BooleanField(
        label=HEALTH_CONSENT_LABEL, required=False, help_text=HEALTH_CONSENT_HINT
    )
    privacy_agreed = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Tick the box to say you have read the privacy notice."},
    )

    class Meta:
        model = BursaryApplication
        fields = [
            "name",
            "email",
            "supporter_name",
            "group",
            "organisation",
            "travelling_from",
            "travel_cost",
            "accommodation_cost",
            "companion_needed",
            "companion_cost",
            "care_cost",
            "needs",
            "access_needs",
            "statement",
        ]
        labels = {
            "name": "Full name",
            "email": "Email address",
            "supporter_name": "Your name, if you are filling this in for someone else (optional)",
            "group": "Which group are you part of?",
            "organisation": "Your organisation or university (if you work or volunteer for a "
            "charity, or are a researcher)",
            "travelling_from": "Where will you travel from?",
            "companion_needed": "A companion or carer needs to travel with me",
            "access_needs": "Anything else that would help (optional)",
            "statement": "Why would you like to come to this seminar?",
        }
        help_texts = {
            "name": "The person the bursary is for.",
            "email": "We will send the confirmation and a private link to this address. If "
            "you apply for someone without email, use yours, with their agreement.",
            "supporter_name": "Answer every question as the person the bursary is for would. "
            "We will email you at the address above.",
            "group": "Bursaries are for three groups: service users and carers (one group, "
            "whichever of the two you choose), people who work or volunteer for charities, and "
            "early-career researchers. If none fits you, you can still register for a free "
            "place.",
            "organisation": "For example 'Leeds Mind' or 'University of York'.",
            "travelling_from": "A town or city is enough, for example 'Bradford'.",
            "companion_needed": "We can pay their travel too.",
            "access_needs": "Anything that would help you travel or take part, for example "
            "somewhere quiet to sit at lunch. We share it with the people running the day.",
            "statement": f"In your own words, {STATEMENT_WORD_LIMIT} words or fewer. There are "
            "no right answers: tell us what you hope to bring or to take away.",
        }
        error_messages = {
            "name": NAME_ERRORS,
            "email": EMAIL_ERRORS,
            "supporter_name": {"max_length": "Enter a name of 200 characters or fewer."},
            "group": {
                "required": "Choose the group you are part of.",
                "invalid_choice": "Choose one of the answers listed.",
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
            "supporter_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "group": forms.RadioSelect,
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "statement": forms.Textarea(attrs={"rows": 8, "data-word-limit": STATEMENT_WORD_LIMIT}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = ELIGIBLE_GROUPS
        check_name_fields(self, "name", "supporter_name")
        self.fields["privacy_agreed"].help_text = format_html(
            'Our <a href="{}">privacy notice</a> explains what we do with your information.',
            reverse_lazy("seminars:privacy"),
        )
        self.order_fields(APPLICANT_FIELDS)

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
            group in (ParticipantGroup.THIRD_SECTOR, ParticipantGroup.EARLY_CAREER)
            and not cleaned.get("organisation", "").strip()
        ):
            self.add_error(
                "organisation",
                "Tell us the charity or organisation you work or volunteer for."
                if group == ParticipantGroup.THIRD_SECTOR
                else "Tell us your university or institution.",
            )
        if cleaned.get("companion_needed") and cleaned.get("companion_cost") is None:
            self.add_error(
                "companion_cost",
                "Enter your companion's expected travel cost, or untick the companion box.",
            )
        access = cleaned.get("access_needs", "")
        if needs_health_consent(group, access) and not cleaned.get("health_consent"):
            self.add_error(
                "health_consent",
                health_consent_missing(
                    health_group=group in ParticipantGroup.health_related,
                    access=bool(access.strip()),
                    group_words="choose the group that fits you",
                ),
            )
        return cleaned

    def _post_clean(self):
        pass  # the service builds and validates the application

    def service_arguments(self):
        data = self.cleaned_data
        return {key: data.get(key) for key in [*APPLICANT_FIELDS, "needs", "health_consent"]}


class PublicApplicationForm(RobotChecksMixin, BursaryApplicationForm):
    """The application form on the seminar's public page."""


class CorrectionForm(BursaryApplicationForm):
    """The applicant changes their application from the private link, before the deadline.
    The email address stays (a change here would tell whoever has the link whether another
    address applied); once the panel has decided, the group stays too."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        del self.fields["privacy_agreed"]
        self.fields["payment_method"].initial = instance.payment_method
        self.fields["health_consent"].initial = bool(instance.health_consent_at)
        self.fields["email"].disabled = True
        self.fields["email"].help_text = (
            f"To change your email address, email us at {settings.CONTACT_EMAIL}: we check "
            "it is you first."
        )
        if instance.identity_fixed:
            self.fields["group"].disabled = True
            self.fields["group"].help_text = (
                "This cannot change now that the panel has decided. If it is wrong, email us "
                f"at {settings.CONTACT_EMAIL}."
            )


def accept_hints(policy):
    """What happens next for each way of paying, in full, under each choice on the accept page."""
    return {
        PaymentMethod.BOOK: "We book and pay for your tickets, and email you what we booked and "
        "how the tickets reach you. You pay nothing for them and need no receipts for them. If "
        "you pay for anything else yourself, you can claim it after the seminar.",
        PaymentMethod.ADVANCE: "The university's finance office pays the money into your bank "
        "account before the seminar. Afterwards you send us your tickets and receipts. "
        + policy.unspent_advance,
        PaymentMethod.REIMBURSE: "You keep your tickets and receipts and send them to us after "
        f"the seminar. We pay you back within {policy.payment_days} working days of getting "
        "them.",
    }


class AcceptForm(forms.Form):
    payment_method = forms.ChoiceField(
        label="How would you like us to pay for your travel?",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to pay for your travel."},
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
        label="How much did you spend, in pounds?",
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

    def __init__(self, *args, allowance, booked, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowance = allowance
        if booked:
            self.fields[
                "amount"
            ].label = "How much did you spend yourself, in pounds, apart from what we booked?"
            self.fields["receipts"].label = "Your receipts"

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        if amount and amount > self.allowance and not cleaned.get("reason_over_offer", "").strip():
            self.add_error(
                "reason_over_offer",
                f"You are claiming more than the £{self.allowance} left in your bursary. Tell us "
                "why, and the panel will consider it.",
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
