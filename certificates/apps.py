from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates and follow-up"

    def ready(self):
        from registrations import sections

        from . import signals  # noqa: F401  (connects the receivers)
        from .sections import private_page

        sections.register_private(private_page, order=20)
