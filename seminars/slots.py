"""Slots: the named places where the apps above this one add their part of a seminar, without
this app naming them (a lower app never imports a higher one). An app fills a slot in its
AppConfig.ready(); this app asks what fills it, in order (lowest `order` first, then the order
they were filled in).

  "page.top"   the public page, under the key facts (registering, bursaries):
               `fill(seminar, *, now)` returns (template name, context dict) or None, and runs a
               fixed number of queries, so the page's count stays constant.
  "page.end"   the public page, after the venue (what happened, materials): as "page.top".
  "page.facts" the public page's key dates, beside "Register by": `fill(seminar, *, now)`
               returns (term, description) or None, with no query of its own.
  "page.related"  the name of a one-to-one relation of Seminar (an app's part of a seminar)
               that the public page reads: fetched with the seminar (select_related).
  "changed"    an organiser saved a change that people coming must hear of (another date, times
               or venue, or a postponement): `fill(request, seminar, changed)`, where `changed`
               is from seminars/changes.py; it prompts whoever tells the people concerned.
  "loaded"     the series loader (load_series) created `seminar`: `fill(seminar, *, weeks)`
               creates the app's part of it from the app's own data, its moments moved by
               `weeks` whole weeks as the loader moved the seminar's (0 unless --upcoming).

The seminar's admin page (seminars/admin.py), registered once, asks these; the apps above fill
them from their admin modules, which the admin loads at start:

  "admin.inlines"   an InlineModelAdmin class for the app's part of a seminar (its one-to-one
                    settings), shown on the seminar's page after the speakers and programme.
  "admin.queryset"  `fill(queryset)` returns the seminars' queryset annotated with what the
                    app's columns and facts read, so the list runs a fixed number of queries.
  "admin.columns"   an @admin.display function of a seminar: a column of the list.
  "admin.facts"     (fieldset name, field it follows, rows): read-only rows on the change page,
                    each an @admin.display function of a seminar or a tuple of them (one line).
  "admin.actions"   an @admin.action function: an action on the list.
  "admin.saved"     `fill(request, seminar)` after the seminar and its inlines are saved: a
                    message for the organiser about what they saved.

Custom staff pages are organising's (organising/urls.py); the admin links to them by name
(common/staff_pages.py).
"""

SLOTS = (
    "page.top",
    "page.end",
    "page.facts",
    "page.related",
    "changed",
    "loaded",
    "admin.inlines",
    "admin.queryset",
    "admin.columns",
    "admin.facts",
    "admin.actions",
    "admin.saved",
)
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


def facts(seminar, *, now):
    """[(term, description)] of `seminar`'s key dates that the apps above add."""
    found = (fact(seminar, now=now) for fact in filled("page.facts"))
    return [item for item in found if item]
