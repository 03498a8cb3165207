from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates and follow-up"

    def ready(self):
        from outbox import attachments
        from registrations import sections

        from . import signals  # noqa: F401  (connects the receivers)
        from .emails import CERTIFICATE, draw_certificate
        from .sections import private_page

        sections.register_private(private_page, order=20)
        # The thanks email keeps the registration's id; the worker draws the PDF as it sends.
        attachments.declare(CERTIFICATE, draw_certificate)
