from django import forms

from common.forms import EMAIL_ERRORS, PlainErrorsMixin, RobotChecksMixin


class SignUpForm(RobotChecksMixin, PlainErrorsMixin, forms.Form):
    """An email address and nothing else. The footer's copy shows only the address, with ids
    of its own (auto_id): it takes it to the sign-up page (views.StartSignUpView), where this
    whole form, with its CSRF token and robot checks, sends it."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
