from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"

    def ready(self):
        from common import pagecache
        from seminars import slots

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import Registration, SeminarOnline
        from .sections import seminar_panel

        slots.fill("page.top", seminar_panel)
        slots.fill("page.related", "online")  # the panel asks whether there are online places
        pagecache.renew_on_change(Registration)  # places left show on seminar pages
        pagecache.renew_on_change(SeminarOnline)  # and whether there are online places
