from django.contrib.admin.apps import AdminConfig


class SeriesAdminConfig(AdminConfig):
    """Django's admin, with the site config/admin.py describes."""

    default_site = "config.admin.SeriesAdminSite"

    def ready(self):
        super().ready()  # every app's admin.py, django-otp's among them, is now registered
        from django.contrib import admin

        from config.admin import guard_second_factor_admins

        guard_second_factor_admins(admin.site)
