import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*args, fold=0):
    """A moment in UK time: london(2015, 12, 11) is midnight at the start of 11 December
    (fold=1 for the second pass of the hour the clocks go back)."""
    return datetime.datetime(*args, tzinfo=LONDON, fold=fold)


def text(response):
    """The page's visible words with tags removed and white space folded, for plain assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def group_as_migrated(name, permissions):
    """A group a data migration makes, with its permissions; a transactional test elsewhere (the
    browser tests' live server) may have flushed it."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        )
    return group
