from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class SeminarsConfig(AppConfig):
    name = "seminars"

    def ready(self):
        from .pagecache import content_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid="pagecache")
