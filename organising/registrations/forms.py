"""The organisers' forms for registrations' staff pages: registering someone who phoned in,
correcting attendance once it is complete, and writing to everyone registered or to the
mailing list."""

from django import forms

from registrations import services
from registrations.forms import RegistrationForm
from seminars.models import Seminar


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
        # Asked whichever seminar is chosen: the service refuses online where none are offered.
        super().__init__(*args, offers_online=True, **kwargs)
        self.fields["mode"].required = False
        self.fields["mode"].label = "Where will they take part? (in the room unless you choose)"
        self.fields["mode"].help_text = "Online only at a seminar that offers online places."
        self.fields["privacy_agreed"].label = "They have been told about the privacy notice"
        self.fields[
            "health_consent"
        ].label = "They consent to us holding their health information (their group and needs)"
        self.fields["phone_call"].label = "They would like a call to talk about what would help"
        self.fields["phone"].label = "Their phone number (only if they would like a call)"
        # Someone who phoned in may have no email address: the organiser then tells them.
        self.fields["email"].required = False
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
