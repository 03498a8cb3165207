from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

    def ready(self):
        from seminars import sections

        from .sections import seminar_box

        sections.register(seminar_box)
