"""Slots: the named places where the apps above this one add their part of a seminar, without
this app naming them (a lower app never imports a higher one). An app fills a slot in its
AppConfig.ready(); this app asks what fills it, in order (lowest `order` first, then the order
they were filled in).

  "page.top"   the public page, under the key facts (registering, bursaries):
               `fill(seminar, *, now)` returns (template name, context dict) or None, and runs a
               fixed number of queries, so the page's count stays constant.
  "page.end"   the public page, after the venue (what happened, materials): as "page.top".
  "changed"    an organiser saved a change that people coming must hear of (another date, times
               or venue, or a postponement): `fill(request, seminar, changed)`, where `changed`
               is from seminars/changes.py; it prompts whoever tells the people concerned.
"""

SLOTS = ("page.top", "page.end", "changed")
_filled = {slot: [] for slot in SLOTS}


def fill(slot, thing, *, order=0):
    _filled[slot].append((order, len(_filled[slot]), thing))
    _filled[slot].sort(key=lambda item: item[:2])
    return thing


def filled(slot):
    """What fills `slot`, in order."""
    return [thing for *_, thing in _filled[slot]]


def sections(seminar, *, now, slot="page.top"):
    """[(template name, context)] for `seminar`'s public page at `slot`."""
    found = (section(seminar, now=now) for section in filled(slot))
    return [item for item in found if item]
