"""The staff site: Django's admin in the series' words, behind the second factor.

Models are shown in sections named for the work rather than by app; the technical tables
(accounts, groups, sign-in records, devices) only to superusers, under "Security". A staff
member who signed in with the right password but has no second factor yet is taken to set one
up, rather than back to a blank sign-in page.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from two_factor.admin import AdminSiteOTPRequired

from .overview import overview

# (section, its models as "app_label.model_name", in the order shown)
SECTIONS = [
    (
        "Seminars and pages",
        ["seminars.seminar", "seminars.venue", "seminars.page", "bursaries.bursarypolicy"],
    ),
    ("People and partners", ["people.person", "people.partner", "people.researchproject"]),
    ("Registrations", ["registrations.registration", "registrations.groupcount"]),
    ("Mailing list", ["subscribers.subscriber"]),
    (
        "Outputs",
        [
            "outputs.writeup",
            "outputs.material",
            "outputs.recordingconsent",
            "outputs.speakerlink",
            "outputs.newspost",
        ],
    ),
    ("Feedback", ["feedback.feedbackanswer", "feedback.feedbackquestion"]),
    (
        "Certificates",
        [
            "certificates.namechangerequest",
            "certificates.issuedcertificate",
            "certificates.followup",
            "certificates.signature",
        ],
    ),
    ("Bursaries", ["bursaries.bursaryapplication"]),
    ("Money", ["ledger.budget", "ledger.moneysettings", "fees.feesettings", "fees.involvementfee"]),
    ("Emails", ["outbox.email"]),
]
SECURITY = {
    "common.auditentry": "Who did what: every recorded action",
    "ledger.entry": "Every money entry",
    "auth.user": "Staff accounts",
    "auth.group": "Groups and their permissions",
    "axes.accessattempt": "Sign-in lockouts",
    "axes.accessfailurelog": "Failed sign-ins",
    "axes.accesslog": "Sign-ins",
    "otp_totp.totpdevice": "Authenticator apps",
    "otp_static.staticdevice": "Backup codes",
}


class SeriesAdminSite(AdminSiteOTPRequired):
    site_header = "Reimagining professionalism: staff"
    site_title = "Seminar series staff"
    index_title = "Overview"
    index_template = "organising/overview.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Deleting in bulk would take history with it (registrations, counts, decisions):
        # seminars are cancelled or unpublished, registrations cancelled, instead.
        self.disable_action("delete_selected")

    def get_urls(self):
        # Pages that moved under /staff/ still answer at their old addresses, with a redirect.
        # Imported here: this site is made while the apps' admins load, before any URLs can.
        from organising.urls import old_admin_urls

        return [*old_admin_urls, *super().get_urls()]

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_staff and not user_has_device(user):
            return redirect("two_factor:setup")
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        """The overview (organising/overview.py), with the tables below it."""
        context = {**overview(request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:  # one app's own page keeps Django's layout
            return apps
        models = {
            model["model"]._meta.label_lower: model for app in apps for model in app["models"]
        }
        if counts := models.get("registrations.groupcount"):
            # Stored counts cover only people whose details have gone; the report adds the rest.
            models["registrations.groupcount"] = {
                **counts,
                "name": "Counts by group: the funder's report",
                "admin_url": reverse("organising:report"),
            }
        sections = [
            section(name, [models.pop(label) for label in labels if label in models])
            for name, labels in SECTIONS
        ]
        security = [
            {**models.pop(label), "name": name}
            for label, name in SECURITY.items()
            if label in models
        ]
        if request.user.is_superuser:
            sections.append(section("Security", security))
        # Anything not placed above still shows, rather than going missing.
        sections.append(section("Other", list(models.values())))
        return [s for s in sections if s["models"]]


def section(name, models):
    return {
        "name": name,
        "app_label": name.lower().replace(" ", "-"),
        "app_url": models[0]["admin_url"] if models else "",
        "has_module_perms": True,
        "models": models,
    }


class SecondFactorAdminMixin:
    """The admin shows second factors and removes other people's (a lost phone), but never adds
    or edits one, nor removes a superuser's own: that goes through "Your sign-in", which asks
    for the password and a code first (config/signin.py). Keys and codes are never shown
    (OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.user_id != request.user.pk)


def guard_second_factor_admins(site):
    """Replaces django-otp's device admins (registered by autodiscovery) with guarded ones."""
    from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class AuthenticatorAppAdmin(SecondFactorAdminMixin, TOTPDeviceAdmin):
        pass

    class BackupCodesAdmin(SecondFactorAdminMixin, StaticDeviceAdmin):
        pass

    for model, model_admin in (
        (TOTPDevice, AuthenticatorAppAdmin),
        (StaticDevice, BackupCodesAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
