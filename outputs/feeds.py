"""An Atom feed of write-ups and news posts, newest first."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from seminars.templatetags.seminar_tags import markdown

from .models import NewsPost, WriteUp

LATEST = 50


class OutputsFeed(Feed):
    feed_type = Atom1Feed
    title = "Reimagining professionalism: write-ups and news"
    subtitle = (
        "What happened at each seminar of the ESRC series on co-production in mental health, "
        "and news of the series."
    )
    author_name = "Reimagining professionalism seminar series"

    def link(self):
        return reverse("outputs:list")

    def items(self):
        write_ups = list(WriteUp.objects.published().select_related("seminar")[:LATEST])
        news = list(NewsPost.objects.published()[:LATEST])
        return sorted(write_ups + news, key=item_moment, reverse=True)[:LATEST]

    def item_title(self, item):
        if isinstance(item, WriteUp):
            return f"What happened at Seminar {item.seminar.number}: {item.seminar.title}"
        return item.title

    def item_description(self, item):
        return markdown(item.body)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable whatever the site's address or the seminar's slug becomes.
        kind = "write-up" if isinstance(item, WriteUp) else "news"
        host = settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]
        return f"tag:{host},2015:{kind}/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item_moment(item)

    def item_updateddate(self, item):
        return max(item.updated, item_moment(item))


def item_moment(item):
    """When an item was published: a write-up's first publication, a post's date (midnight,
    UK time)."""
    if isinstance(item, WriteUp):
        return item.published_at or item.updated
    return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))
