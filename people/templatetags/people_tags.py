"""Photos' placeholders and partners' logos, for any page."""

import logging

from django import template
from django.db import DatabaseError

from common import fragments
from people.models import Partner, PartnerKind, distinct_initials

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def with_distinct_initials(items):
    """People (or rows with a `person`, such as a seminar's talks), each person given
    placeholder initials that no other name in the list shares."""
    items = list(items)
    distinct_initials(getattr(item, "person", item) for item in items)
    return items


@register.simple_tag
def footer_partners():
    """Partners with an uploaded logo, the funder first: one query.

    Error pages show the footer too, sometimes because the database is failing: then there are
    no logos rather than a second error.
    """
    try:
        partners = list(Partner.objects.exclude(logo=""))
    except DatabaseError:
        logger.warning("Could not read partners' logos for the footer", exc_info=True)
        fragments.incomplete()
        return []
    return sorted(partners, key=lambda partner: partner.kind != PartnerKind.FUNDER)
