"""Staff sign-in in plain words: django-two-factor-auth's views, with labels and errors that
say what to do. Served at the library's own addresses, so its redirects still arrive here."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView
from two_factor.forms import BackupTokenForm
from two_factor.views import LoginView, QRGeneratorView, SetupCompleteView, SetupView

CODE_LABEL = "6-digit code from your authenticator app"
CODE_HINT = "The app shows a new code every 30 seconds."
ENTER_CODE = "Enter the 6-digit code from your authenticator app."
AS_DIGITS = "Enter the code as 6 digits, without spaces."
WRONG_CODE = (
    "That code did not work. Type the 6 digits the app shows now (they change every 30 "
    "seconds). If it still fails, check that your phone sets its clock automatically."
)
WRONG_BACKUP_CODE = (
    "That backup code did not work. Each code works once: try another from your list."
)


def in_plain_words(form):
    """The library's sign-in and set-up forms say "Token"; ours say what to type, and what to
    do when it is refused. Its forms read their messages from the instance, so they are set here
    rather than by subclassing (the sign-in view picks its code form by device at run time)."""
    name = "otp_token" if "otp_token" in form.fields else "token"
    if name not in form.fields:
        return form
    field = form.fields[name]
    if isinstance(form, BackupTokenForm):
        field.label = "Backup code"
        field.error_messages["required"] = "Enter one of your backup codes."
        form.otp_error_messages = {
            **form.otp_error_messages,
            "token_required": "Enter one of your backup codes.",
            "invalid_token": WRONG_BACKUP_CODE,
        }
        return form
    field.label, field.help_text = CODE_LABEL, CODE_HINT
    # Digits typed, not a number spun: no arrows, the phone's number pad, and autofill.
    field.widget = forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
    )
    field.error_messages.update(
        required=ENTER_CODE,
        invalid=AS_DIGITS,
        min_length=AS_DIGITS,
        max_length=AS_DIGITS,
        min_value=AS_DIGITS,
        max_value=AS_DIGITS,
    )
    if hasattr(form, "otp_error_messages"):  # signing in
        form.otp_error_messages = {
            **form.otp_error_messages,
            "token_required": ENTER_CODE,
            "invalid_token": WRONG_CODE,
        }
    else:  # setting up
        form.error_messages = {**form.error_messages, "invalid_token": WRONG_CODE}
    return form


class SignInView(LoginView):
    def get_prefix(self, request, *args, **kwargs):
        return "login_view"  # the library's name for its steps

    def get_form(self, step=None, **kwargs):
        return in_plain_words(super().get_form(step, **kwargs))


class SetUpView(SetupView):
    def get_prefix(self, request, *args, **kwargs):
        return "setup_view"

    def get_form(self, step=None, **kwargs):
        return in_plain_words(super().get_form(step, **kwargs))


class SetUpDoneView(SetupCompleteView):
    """The library goes straight on to where the person was heading; we stop here first to
    offer backup codes, then link on to that page."""

    def get(self, request, *args, **kwargs):
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The library stored this from the sign-in's own checked redirect.
        next_url = self.request.session.pop("next", None) or reverse("admin:index")
        return {**super().get_context_data(**kwargs), "next_url": next_url}


class QRCodeView(QRGeneratorView):
    def get_issuer(self):
        return settings.SITE_NAME.split(":")[0]  # how the authenticator app names this account
