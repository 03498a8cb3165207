from django import template

from ..models import closes_at, feedback_state

register = template.Library()


@register.simple_tag
def feedback_for(registration):
    """{"state": ..., "closes_at": ...} for a registration's private page."""
    return {
        "state": feedback_state(registration),
        "closes_at": closes_at(registration.seminar),
    }
