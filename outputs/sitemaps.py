from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import NewsPost


class OutputsPageSitemap(Sitemap):
    def items(self):
        return ["outputs:list"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    def items(self):
        return NewsPost.objects.published()

    def lastmod(self, post):
        return post.updated


SITEMAPS = {"outputs": OutputsPageSitemap, "news": NewsSitemap}
