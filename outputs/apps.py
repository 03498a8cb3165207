from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "outputs"
    verbose_name = "After each seminar"

    def ready(self):
        from common import pagecache
        from registrations import sections as registration_sections
        from seminars import slots

        from .models import Material, NewsPost, WriteUp, YouSaidWeDid
        from .sections import registered_materials, seminar_outputs

        slots.fill("page.end", seminar_outputs)
        registration_sections.register_private(registered_materials, order=10)

        # Seminar pages, the outputs page, news pages and the feed show these.
        pagecache.renew_on_change(WriteUp, YouSaidWeDid, Material, NewsPost)
