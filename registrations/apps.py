from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"

    def ready(self):
        from common import pagecache
        from seminars import slots

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import GroupCount, Registration, SeminarOnline
        from .queries import part
        from .sections import seminar_panel

        slots.fill("page.top", seminar_panel)
        slots.fill("page.related", "online")  # the panel asks whether there are online places
        # Places left (and who took part) show on the pages that count the seminar's
        # registrations (queries.counted_on_page): a registration renews those pages only.
        pagecache.renew_on_change(Registration, GroupCount, part=lambda row: part(row.seminar_id))
        # Whether there are online places: an organiser's edit, rare; every page.
        pagecache.renew_on_change(SeminarOnline)
