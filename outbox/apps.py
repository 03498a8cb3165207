from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Email outbox"

    def ready(self):
        # Each app's emails.py declares its kinds (outbox/kinds.py) when imported; importing
        # them all now makes the registry complete before anyone reads the outbox.
        autodiscover_modules("emails")
