from django import template

from .. import rules

register = template.Library()


@register.filter
def may_have_certificate(registration):
    """{% if registration|may_have_certificate %}: the one rule (certificates/rules.py)."""
    return rules.may_have_certificate(registration)


@register.filter
def issued_certificate(registration):
    return rules.issued_certificate(registration)
