from django.contrib.admin.apps import AdminConfig


class SeriesAdminConfig(AdminConfig):
    """Django's admin, with the site config/admin.py describes."""

    default_site = "config.admin.SeriesAdminSite"
