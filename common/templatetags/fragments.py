"""`{% fragment "name" [vary ...] %}…{% endfragment %}`: a part of a public page kept by the
series' content version (common/fragments.py), rendered only when the series changes."""

from django import template

from common import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        vary = [value.resolve(context) for value in self.vary]
        return fragments.cached(
            self.name.resolve(context),
            lambda: self.nodelist.render(context),
            *vary,
            request=context.get("request"),
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
