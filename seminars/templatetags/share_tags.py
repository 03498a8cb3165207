from django import template

from seminars import share_cards

register = template.Library()


@register.inclusion_tag("includes/_share_card.html")
def share_card_meta(seminar=None):
    """The og:image and Twitter card tags: `seminar`'s card, or the series card."""
    return {"card": share_cards.for_seminar(seminar) if seminar else share_cards.for_series()}
