from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from common import audit, pagecache
        from seminars import slots

        from . import money_emails, online, series_data  # noqa: F401 (they declare email kinds; online answers registrations' mode_changed)
        from .models import BursaryEasyReadLine, BursaryPolicy, SeminarBursaries
        from .rules import may_see_entry
        from .sections import deadline_fact, seminar_box

        slots.fill("page.related", "bursaries")
        slots.fill("page.facts", deadline_fact)
        slots.fill("page.top", seminar_box)
        # After the prompt to tell everyone registered (organising's, at the default order, 0).
        slots.fill("changed", prompt_holders, order=10)
        slots.fill("loaded", series_data.load)
        # The rules and each seminar's bursaries show on seminar pages and forms.
        pagecache.renew_on_change(BursaryPolicy, SeminarBursaries, BursaryEasyReadLine)
        pagecache.changes_by_the_clock(SeminarBursaries.objects.moments_after)
        audit.declare_rule(may_see_entry)  # bursary entries stay the panel's


def prompt_holders(request, seminar, changed):
    from .admin.changes import prompt_holders  # the admin's, imported once the admin is loaded

    prompt_holders(request, seminar, changed)
