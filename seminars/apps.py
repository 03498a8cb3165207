from django.apps import AppConfig


class SeminarsConfig(AppConfig):
    name = "seminars"

    def ready(self):
        from common import pagecache

        from .models import (
            Page,
            ProgrammeItem,
            Seminar,
            SeminarEasyReadLine,
            SeminarSpeaker,
            Venue,
        )

        pagecache.renew_on_change(
            Seminar,
            Venue,
            SeminarSpeaker,
            ProgrammeItem,
            ProgrammeItem.speakers.through,
            Page,
            SeminarEasyReadLine,
        )
        pagecache.changes_by_the_clock(Seminar.objects.moments_after)
