from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "outputs"
    verbose_name = "After each seminar"

    def ready(self):
        from config import pagecache

        from .models import Material, NewsPost, WriteUp, YouSaidWeDid

        # Seminar pages, the outputs page, news pages and the feed show these.
        pagecache.renew_on_change(WriteUp, YouSaidWeDid, Material, NewsPost)
