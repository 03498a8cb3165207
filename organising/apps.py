from django.apps import AppConfig


class OrganisingConfig(AppConfig):
    """Running the series, above registrations and bursaries: the staff overview, the day
    itself (the door list, sheets, badges) and the funder's report. Nothing below imports it."""

    name = "organising"
    verbose_name = "Running the series"

    def ready(self):
        # The admins below link to the staff pages here by name (common/staff_pages.py).
        from .moved import serve_the_admins_links

        serve_the_admins_links()
