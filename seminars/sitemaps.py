"""sitemap.xml: every public page, with addresses on SITE_URL, never on the request's Host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from people.models import Person

from .models import Seminar, SeminarStatus


class StaticPagesSitemap(Sitemap):
    names = [
        "home",
        "list",
        "people",
        "about",
        "partners",
        "research",
        "contact",
        "privacy",
        "accessibility",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(f"seminars:{item}")


class SeminarSitemap(Sitemap):
    def items(self):
        return Seminar.objects.public()

    def lastmod(self, seminar):
        return seminar.updated


class SeminarEasyReadSitemap(Sitemap):
    """The Easy Read version of each public seminar that has one."""

    def items(self):
        return Seminar.objects.public().filter(easy_read_lines__isnull=False).distinct()

    def location(self, seminar):
        return reverse("seminars:easy-read", kwargs={"slug": seminar.slug})

    def lastmod(self, seminar):
        return seminar.updated


class PersonSitemap(Sitemap):
    def items(self):
        return (
            (
                Person.objects.filter(team_role__gt="")
                | Person.objects.filter(talks__seminar__status__in=SeminarStatus.public)
            )
            .distinct()
            .order_by("name")
        )

    def lastmod(self, person):
        return person.updated


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "seminars": SeminarSitemap,
    "easy-read": SeminarEasyReadSitemap,
    "people": PersonSitemap,
}


class OnSiteUrl:
    """Addresses on settings.SITE_URL: a request that reached us by another name (an IP
    address, a proxy's Host) must not put that name in front of search engines."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        # The rest of SITE_URL, as every other absolute link here is SITE_URL + path.
        return settings.SITE_URL.split("://", 1)[1]


def on_site_url(sitemaps):
    """`sitemaps` (name: Sitemap class, from any app) with their addresses on SITE_URL."""
    return {
        name: type(sitemap.__name__, (OnSiteUrl, sitemap), {}) for name, sitemap in sitemaps.items()
    }
