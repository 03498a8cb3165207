from django import template

from common import staff_pages

register = template.Library()


@register.simple_tag
def staff_url(page, *args):
    """The address of a staff page (common/staff_pages.py)."""
    return staff_pages.staff_url(page, *args)
