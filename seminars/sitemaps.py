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


SITEMAPS = {"pages": StaticPagesSitemap, "seminars": SeminarSitemap, "people": PersonSitemap}
