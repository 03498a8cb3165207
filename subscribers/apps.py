from django.apps import AppConfig


class SubscribersConfig(AppConfig):
    name = "subscribers"
    verbose_name = "Mailing list"

    def ready(self):
        from seminars import slots

        from .sections import opening_alert_panel

        slots.fill("page.top", opening_alert_panel)
