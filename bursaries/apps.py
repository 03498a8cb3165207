from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from common import pagecache
        from seminars import slots

        from .models import BursaryPolicy
        from .sections import seminar_box

        slots.fill("page.top", seminar_box)
        slots.fill("changed", prompt_to_tell)
        pagecache.renew_on_change(BursaryPolicy)  # the rules show on seminar pages and forms


def prompt_to_tell(request, seminar, changed):
    from .admin.changes import prompt  # the admin's, imported once the admin is loaded

    prompt(request, seminar, changed)
