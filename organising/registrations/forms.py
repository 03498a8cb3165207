"""The organisers' forms for registrations' staff pages: registering someone who phoned in,
correcting attendance once it is complete, and writing to everyone registered or to the
mailing list."""

from django import forms

from registrations import services
from registrations.forms import RegistrationForm
from registrations.needs import COUNTED_AS, Need
from seminars.models import Seminar

STAFF_WORDS = {Need.OTHER_ALLERGY: "Another allergy (say which below)"}


class OrganiserRegistrationForm(RegistrationForm):
    """An organiser registers someone who phoned or wrote in: the same rules, one more choice."""

    seminar = forms.ModelChoiceField(queryset=Seminar.objects.public())
    override_capacity = forms.BooleanField(
        label="Give a place even if the seminar is full",
        required=False,
        help_text="Leave unticked to put the person on the waiting list when the seminar is full.",
    )

    # The public form speaks to the person; this one to the organiser, about "this person".
    WORDS = {
        "name": ("This person's full name", "As they would like it on their name badge."),
        "organisation": (
            "Their organisation (optional)",
            "Where this person works or volunteers, if they told you.",
        ),
        "group": (
            "Which group is this person part of?",
            "Ask them. Choose 'Prefer not to say' if they would rather not tell us.",
        ),
        "mode": (
            "Where will this person take part? (in the room unless you choose)",
            "Online only at a seminar that offers online places.",
        ),
        "access_needs": (
            "What would help this person get there and take part (optional)",
            "Tick anything they asked for.",
        ),
        "access_requirements": (
            "Anything else about access (optional)",
            "Anything not in the list that would help them take part, in their words.",
        ),
        "food_needs": ("Food this person needs (optional)", "Tick anything that applies to them."),
        "dietary_requirements": (
            "Anything else about food (optional)",
            "For example which allergy they have, or food they cannot eat.",
        ),
        "health_consent": (
            "This person consents to us holding their health information (their group and needs)",
            "Without it we keep none of the needs ticked, and ask them on the day.",
        ),
        "privacy_agreed": ("This person has been told about the privacy notice", ""),
        "future_seminars": (
            "Email this person about future seminars in this series (optional)",
            "We email them a link to confirm first. They can stop these emails at any time.",
        ),
        "phone_call": (
            "This person would like a call to talk about what would help",
            "They are added to the list of people to phone.",
        ),
        "phone": (
            "Their phone number (only if they would like a call)",
            "For example 07700 900123.",
        ),
    }

    # Its errors too: "you" is the organiser, the person is "this person".
    ERRORS = {
        "seminar": {
            "required": "Choose the seminar.",
            "invalid_choice": "Choose a seminar from the list.",
        },
        "name": {"required": "Enter this person's full name."},
        "email": {"required": "Enter this person's email address."},  # optional here, but said so
        "group": {"required": "Choose the group this person is part of, or 'Prefer not to say'."},
        "privacy_agreed": {
            "required": "Tick the box to say this person has been told about the privacy notice."
        },
        "access_requirements": {
            "max_length": "Shorten what they said about access to 2,000 characters or fewer."
        },
        "dietary_requirements": {
            "max_length": "Shorten what they said about food to 1,000 characters or fewer."
        },
    }

    def __init__(self, *args, **kwargs):
        # Asked whichever seminar is chosen: the service refuses online where none are offered.
        super().__init__(*args, offers_online=True, **kwargs)
        self.fields["mode"].required = False
        for name, (label, help_text) in self.WORDS.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text
        for name, messages in self.ERRORS.items():
            self.fields[name].error_messages = {**self.fields[name].error_messages, **messages}
        # The checklist as staff name its answers ("Met on arrival", not "Someone to meet me").
        for name in ("access_needs", "food_needs"):
            self.fields[name].choices = [
                (code, STAFF_WORDS.get(code, COUNTED_AS[code]))
                for code, _ in self.fields[name].choices
            ]
        # Someone who phoned in may have no email address: the organiser then tells them.
        self.fields["email"].required = False
        self.fields["email"].label = "This person's email address (optional)"
        self.fields["email"].help_text = (
            "We email their confirmation and private link here. Leave it empty if they have no "
            "email address: you then tell them yourself."
        )
        self.order_fields(
            [
                "seminar",
                "name",
                "email",
                "organisation",
                "group",
                "access_needs",
                "access_requirements",
                "food_needs",
                "dietary_requirements",
                "phone_call",
                "phone",
            ]
        )


class CorrectAttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label="What happened",
        choices=[("yes", "They came"), ("no", "They did not come")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they came."},
    )
    reason = forms.CharField(
        label="Why are you correcting it?",
        max_length=200,
        help_text="For example 'Signed the sheet on page 2'. It is kept with your name.",
        error_messages={"required": "Say why you are correcting it: it is recorded."},
    )


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
