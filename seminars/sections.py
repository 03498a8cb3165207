"""Sections that the apps above this one add to a seminar's public page, without this app
naming them (HS-1: a lower app never imports a higher one). An app registers a function in its
AppConfig.ready(); the page includes what each returns, in the order they registered, at the
place each asked for: "top" (under the key facts: registering, bursaries) or "end" (after the
venue: what happened, materials).
"""

PLACES = ("top", "end")
_sections = {place: [] for place in PLACES}


def register(section, *, place="top"):
    """`section(seminar, *, now)` returns (template name, context dict) or None."""
    _sections[place].append(section)
    return section


def for_seminar(seminar, *, now, place="top"):
    """[(template name, context)] for `seminar`'s page at `place`. Each section runs a fixed
    number of queries, so the page's count stays constant."""
    found = (section(seminar, now=now) for section in _sections[place])
    return [item for item in found if item]
