from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from common import audit
        from config import pagecache
        from seminars import slots

        from .models import BursaryPolicy
        from .rules import may_see_entry
        from .sections import seminar_box

        slots.fill("page.top", seminar_box)
        slots.fill("changed", prompt_to_tell)
        pagecache.renew_on_change(BursaryPolicy)
        audit.declare_rule(
            may_see_entry
        )  # bursary entries stay the panel's  # the rules show on seminar pages and forms


def prompt_to_tell(request, seminar, changed):
    from .admin.changes import prompt  # the admin's, imported once the admin is loaded

    prompt(request, seminar, changed)
