from django.apps import AppConfig


class SubscribersConfig(AppConfig):
    name = "subscribers"
    verbose_name = "Mailing list"

    def ready(self):
        from seminars import sections

        from .sections import opening_alert_panel

        sections.register(opening_alert_panel)
