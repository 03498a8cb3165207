from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        from registrations import sections

        from .sections import private_page

        sections.register_private(private_page, order=30)
