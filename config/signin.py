"""Staff sign-in in plain words: django-two-factor-auth's views, with labels and errors that
say what to do. Served at the library's own addresses, so its redirects still arrive here."""

import time

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user
from django_otp.decorators import otp_required
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.forms import BackupTokenForm
from two_factor.utils import totp_digits
from two_factor.views import (
    LoginView,
    ProfileView,
    QRGeneratorView,
    SetupCompleteView,
    SetupView,
)
from two_factor.views.utils import IdempotentSessionWizardView

from common import race

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
    """The first time, straight after the password: the app, then its first code. For someone
    who already has a second factor this moves it to a new phone, and opens only after they
    have confirmed it is them (ReplaceView); the old app stops working when the new one is saved."""

    condition_dict = {"welcome": lambda view: not view.replacing}

    def get_prefix(self, request, *args, **kwargs):
        return "setup_view"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.replacing = user.is_authenticated and has_second_factor(user)
        if self.replacing and not granted(request, REPLACE_CONFIRMED):
            return redirect("replace-sign-in-code")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.replacing:  # the library would send someone with a device away
            return IdempotentSessionWizardView.get(self, request, *args, **kwargs)
        return super().get(request, *args, **kwargs)

    def get_form(self, step=None, **kwargs):
        return in_plain_words(super().get_form(step, **kwargs))

    def get_context_data(self, form, **kwargs):
        return {**super().get_context_data(form, **kwargs), "replacing": self.replacing}

    def done(self, form_list, **kwargs):
        user = self.request.user
        if not self.replacing:
            response = super().done(form_list, **kwargs)
            grant(self.request, FIRST_CODES_ALLOWED)  # no code to give yet: the sign-in will do
            return response
        if not granted(self.request, REPLACE_CONFIRMED, spend=True):
            return redirect("replace-sign-in-code")
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            return super().done(form_list, **kwargs)


class SetUpDoneView(SetupCompleteView):
    """The library goes straight on to where the person was heading; we stop here first to
    offer backup codes, then link on to that page."""

    def get(self, request, *args, **kwargs):
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The library stored this from the sign-in's own checked redirect.
        next_url = self.request.session.pop("next", None) or reverse("admin:index")
        return {
            **super().get_context_data(**kwargs),
            "next_url": next_url,
            "first_codes": granted(self.request, FIRST_CODES_ALLOWED),
            "codes_left": backup_codes_left(self.request.user),
        }


class YourSignInView(ProfileView):
    def get_context_data(self, **kwargs):
        # The library counts the codes of one backup device only.
        context = super().get_context_data(**kwargs)
        return {**context, "backup_tokens": backup_codes_left(self.request.user)}


class QRCodeView(QRGeneratorView):
    def get_issuer(self):
        return settings.SITE_NAME.split(":")[0]  # how the authenticator app names this account


# --- Asking again for what guards the account -------------------------------------------------
#
# Removing the second factor, moving it to a new phone and making new backup codes each ask, on
# the spot and every time (however recently the person signed in), for the password and a code
# from the app or an unused backup code. Removing and making codes happen in the same request as
# the answer, so the answer cannot be reused. Moving to a new phone takes several pages (scan, then
# type the new code), so the right answer leaves a confirmation in the session that only the
# set-up pages read, for REAUTH_MINUTES, and that is spent when the new phone is saved.
# A wrong password or code counts as a failed sign-in for django-axes (same lockout, same page).

REAUTH_MINUTES = 10
REPLACE_CONFIRMED = "signin-replace-confirmed"  # session: {"user": pk, "at": epoch seconds}
FIRST_CODES_ALLOWED = "signin-first-backup-codes"  # session: set by a first-time set-up
BACKUP_CODES = 10

# Words shown to people, not passwords (hence the noqa):
ENTER_PASSWORD = "Enter the password you sign in with."  # noqa: S105
WRONG_PASSWORD = (
    "That password is not right. Type the password you use to sign in here, then a new code."  # noqa: S105
)
ENTER_ANY_CODE = "Enter the 6-digit code your app shows now, or one of your unused backup codes."
WRONG_ANY_CODE = (
    "That code did not work. Each code works once: if you have just used the code your app "
    "shows, wait for the next one (they change every 30 seconds) and type that, or type one of "
    "your unused backup codes."
)


def has_second_factor(user):
    """Whether this person has something that gives a code: an authenticator app, or backup
    codes left. Someone with neither (signing in for the first time) has no code to give."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def code_is_right(user, code):
    """Checks a code from the person's app, or one of their backup codes, and spends it: an app
    code is not taken twice, a backup code is deleted. The devices are locked while checking so
    that two requests cannot spend the same code. django-otp's own throttling still applies."""
    code = "".join(code.split()).lower()
    is_app_code = code.isdigit() and len(code) == totp_digits()
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        ids = model.objects.filter(user=user, confirmed=True).values_list("pk", flat=True)
        devices = [race.locked(model, pk) for pk in ids]
        race.pause()  # tests widen the gap between taking the devices and spending the code
        return any(device.verify_token(code) for device in devices)


def count_failure(request, user):
    """A wrong code counts like a wrong password: django-axes hears of it (the username only)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


class FreshCodeInput(forms.TextInput):
    """A code is typed afresh after any error, never written back into the page."""

    def format_value(self, value):
        return None


class ConfirmItsYouForm(forms.Form):
    """The password and a fresh code, checked together for one action."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": ENTER_PASSWORD},
    )
    code = forms.CharField(
        label="Code from your authenticator app, or a backup code",
        help_text="The 6 digits your app shows now, or one of your unused backup codes.",
        max_length=40,
        widget=FreshCodeInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": ENTER_ANY_CODE, "max_length": WRONG_ANY_CODE},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        password, code = self.cleaned_data.get("password"), self.cleaned_data.get("code")
        if not password or not code:
            return self.cleaned_data
        user = self.request.user
        # Through Django's authenticate, so django-axes counts a wrong password and refuses
        # while the username is locked out from this address.
        checked = authenticate(self.request, username=user.get_username(), password=password)
        if checked is None or checked.pk != user.pk:
            self.add_error("password", WRONG_PASSWORD)
        elif not code_is_right(user, code):
            count_failure(self.request, user)
            self.add_error("code", WRONG_ANY_CODE)
        return self.cleaned_data


def grant(request, key):
    request.session[key] = {"user": request.user.pk, "at": int(time.time())}


def granted(request, key, *, spend=False):
    """Whether the session holds a fresh confirmation of this kind for this person."""
    value = request.session.pop(key, None) if spend else request.session.get(key)
    return (
        isinstance(value, dict)
        and value.get("user") == request.user.pk
        and 0 <= time.time() - value.get("at", 0) <= REAUTH_MINUTES * 60
    )


def make_backup_codes(user):
    """A new set of backup codes; every earlier code stops working. Returns the codes, which
    are shown once, on the page that made them."""
    with transaction.atomic():
        StaticToken.objects.filter(device__user=user).delete()
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


guarded = [
    never_cache,
    otp_required,
    sensitive_post_parameters("password", "code"),
]


@method_decorator(guarded, name="dispatch")
class BackupCodesView(FormView):
    """How many backup codes are left, and a new set, made after the password and a code (or,
    straight after a first-time set-up, with no more asked). The codes are shown on the page
    that made them, and never again."""

    template_name = "two_factor/core/backup_tokens.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_second_factor(request.user):  # nothing to back up yet: set up the app first
            return redirect("two_factor:setup")
        return super().dispatch(request, *args, **kwargs)

    def first_codes(self):
        return granted(self.request, FIRST_CODES_ALLOWED) and not backup_codes_left(
            self.request.user
        )

    def get_form_class(self):
        return forms.Form if self.first_codes() else ConfirmItsYouForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return (
            kwargs if self.get_form_class() is forms.Form else {**kwargs, "request": self.request}
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "codes_left": backup_codes_left(self.request.user),
            "confirming": self.get_form_class() is ConfirmItsYouForm,
        }

    def form_valid(self, form):
        self.request.session.pop(FIRST_CODES_ALLOWED, None)
        codes = make_backup_codes(self.request.user)
        return self.render_to_response({"codes": codes, "next_url": reverse("admin:index")})


@method_decorator(guarded, name="dispatch")
class RemoveView(FormView):
    """Removes the second factor (the app and backup codes) after the password and a code. The
    admin then stays closed until a new one is set up."""

    form_class = ConfirmItsYouForm
    template_name = "two_factor/profile/disable.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_second_factor(request.user):
            return redirect("two_factor:profile")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        with transaction.atomic():
            for device in devices_for_user(self.request.user, confirmed=None):
                device.delete()
        return redirect("two_factor:profile")


@method_decorator(guarded, name="dispatch")
class ReplaceView(FormView):
    """Before moving the sign-in code to a new phone: the password and a code. The set-up pages
    that follow accept this answer for REAUTH_MINUTES, once."""

    form_class = ConfirmItsYouForm
    template_name = "two_factor/core/replace.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_second_factor(request.user):
            return redirect("two_factor:setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "minutes": REAUTH_MINUTES}

    def form_valid(self, form):
        self.request.session.pop("django_two_factor-qr_secret_key", None)
        grant(self.request, REPLACE_CONFIRMED)
        return redirect("two_factor:setup")
