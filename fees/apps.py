from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = "Involvement fees"

    def ready(self):
        from common import audit

        from .rules import may_see_entry

        audit.declare_rule(may_see_entry)  # fee entries stay the organisers'
