from django import template

from ..forms import SignUpForm

register = template.Library()


@register.simple_tag
def footer_sign_up_form():
    """The footer's sign-up form, unbound, with ids of its own."""
    return SignUpForm(auto_id="footer-%s")
