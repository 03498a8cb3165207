from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class OrganisingConfig(AppConfig):
    """Running the series, above registrations and bursaries: the staff side's one home (the
    admin site, the overview, the staff pages), the day itself (the door list, sheets, badges)
    and the funder's report. Nothing below imports it."""

    default = True  # this module holds a second AppConfig, the admin's, named in settings
    name = "organising"
    verbose_name = "Running the series"

    def ready(self):
        from seminars import slots

        from .moved import serve_the_admins_links
        from .registrations.mailings import prompt_registrants

        # The admins below link to the staff pages here by name (common/staff_pages.py).
        serve_the_admins_links()
        # After a move or a postponement is saved: the link to tell everyone registered.
        slots.fill("changed", prompt_registrants)


class SeriesAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site organising/site.py describes. Settings name it in place of
    django.contrib.admin."""

    default = False  # not this app's own config: settings name it explicitly
    default_site = "organising.site.SeriesAdminSite"

    def ready(self):
        from common.date_inputs import use_native_inputs

        use_native_inputs()  # before the admin.py modules below register their ModelAdmins
        super().ready()  # every app's admin.py, django-otp's among them, is now registered
        from django.contrib import admin

        from .site import guard_second_factor_admins

        guard_second_factor_admins(admin.site)
