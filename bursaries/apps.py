from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from config import pagecache
        from seminars import slots

        from .models import BursaryPolicy
        from .sections import seminar_box

        slots.fill("page.top", seminar_box)
        # After the prompt to tell everyone registered (at the default order, 0).
        slots.fill("changed", prompt_holders, order=10)
        pagecache.renew_on_change(BursaryPolicy)  # the rules show on seminar pages and forms


def prompt_holders(request, seminar, changed):
    from .admin.changes import prompt_holders  # the admin's, imported once the admin is loaded

    prompt_holders(request, seminar, changed)
