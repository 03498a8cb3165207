from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
