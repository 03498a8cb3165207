from django import template
from django.db.models import Prefetch

from ..models import Material, WriteUp, YouSaidWeDid
from ..participation import participation

register = template.Library()


@register.simple_tag
def seminar_outputs(seminar):
    """What a seminar's page shows under "What happened": its published write-up (with "you
    said, we did" and who took part) and published materials. A fixed number of queries."""
    write_up = (
        WriteUp.objects.published()
        .filter(seminar=seminar)
        .prefetch_related(Prefetch("responses", queryset=YouSaidWeDid.objects.all()))
        .first()
    )
    materials = list(Material.objects.listed_publicly().filter(seminar=seminar))
    return {
        "write_up": write_up,
        "materials": materials,
        "participation": participation(seminar)
        if write_up and write_up.show_participation
        else None,
    }
