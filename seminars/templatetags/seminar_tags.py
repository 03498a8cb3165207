import functools
import json

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from seminars import calendars, dates

register = template.Library()

register.filter("when", dates.seminar_when)
register.filter("short_when", dates.seminar_short_when)
register.filter("deadline", dates.deadline)
register.filter("opening", dates.opening)
register.filter("clock", dates.clock)

_MARKDOWN_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"}
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def markdown(text):
    """Organisers' Markdown as HTML, with anything but simple text markup removed."""
    return mark_safe(_markdown(text or ""))  # noqa: S308 - nh3 has removed every tag not listed


@functools.lru_cache(maxsize=512)
def _markdown(text):
    # The same text always gives the same HTML, so remembering it can never show anything
    # out of date (unlike a cache of content, it stays on in development): converting and
    # cleaning was the largest single cost of a seminar page's rendering.
    html = markdown_lib.markdown(text)
    return nh3.clean(html, tags=_MARKDOWN_TAGS, attributes={"a": {"href"}}, link_rel=None)


@register.filter
def json_ld(data):
    """A schema.org block; a data block, not a script, so a strict CSP leaves it alone."""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def calendar_web_links(seminar):
    """Links that add the seminar to Google Calendar or Outlook on the web."""
    return calendars.web_links(seminar, base_url=settings.SITE_URL)
