"""The staff's form for telling people about a seminar's change: organisers tell everyone
registered, the panel the bursary holders (the apps above own those pages; the form is the
seminar's, as the change is)."""

from django import forms
from django.core.exceptions import ValidationError

from .changes import DATE, TIME, VENUE


class SeminarChangeForm(forms.Form):
    """What changed (ticked from the change the seminar admin recorded), for the email's words,
    and an optional message."""

    changed = forms.MultipleChoiceField(
        label="What has changed?",
        choices=[
            (DATE, "The date"),
            (TIME, "The start or end time, on the same day"),
            (VENUE, "The venue"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The email says what changed, then gives the date, times and venue as they "
        "are now.",
    )
    message = forms.CharField(
        label="Your message (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added after our standard words, for example an apology or travel advice.",
    )

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.seminar = seminar
        if seminar.is_cancelled:
            self.fields[
                "changed"
            ].help_text = "The seminar is cancelled: the email says so. Leave these unticked."
        elif seminar.is_postponed:
            self.fields["changed"].help_text = (
                "The seminar is postponed. Tick the date only if it has a new date (or month): "
                "otherwise the email says we will tell them the new date when we have it."
            )

    def clean_changed(self):
        changed = self.cleaned_data["changed"]
        if not changed and not (self.seminar.is_postponed or self.seminar.is_cancelled):
            raise ValidationError("Tick what has changed: the date, the time or the venue.")
        return changed
