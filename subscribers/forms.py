from django import forms

from common.forms import EMAIL_ERRORS, PlainErrorsMixin, RobotChecksMixin


class SignUpForm(RobotChecksMixin, PlainErrorsMixin, forms.Form):
    """An email address and nothing else. The footer's copy of the form has its own ids
    (auto_id) but the same field names, so that the page cache gives each visitor their own
    form_started and CSRF token, and a footer sign-up with a mistake comes back on /subscribe/."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
