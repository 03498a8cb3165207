from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from config import pagecache
        from seminars import sections

        from .models import BursaryPolicy
        from .sections import seminar_box

        sections.register(seminar_box)
        pagecache.renew_on_change(BursaryPolicy)  # the rules show on seminar pages and forms
