from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates and follow-up"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
