"""The bursaries' public page of its own in sitemap.xml: how bursaries work, in Easy Read."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import BursaryEasyReadLine


class EasyReadSitemap(Sitemap):
    def items(self):
        return ["bursaries:easy-read"] if BursaryEasyReadLine.objects.exists() else []

    def location(self, item):
        return reverse(item)


SITEMAPS = {"bursaries-easy-read": EasyReadSitemap}
