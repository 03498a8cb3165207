"""Each seminar's travel bursaries as the client described them, for `manage.py load_series`
(seminars/series_data.py has the seminars; the loader asks this app for its part through the
"loaded" slot). Keyed by seminar number; each entry uses SeminarBursaries' field names.

Facts the client did not give, and the defaults we chose for them:

- Five travel bursaries per eligible group: the client says "five travel bursaries are available
  for each of the following groups".
- Seminar 2's bursary applications close 10 days before its registration does, as for seminar 1
  (apply by 30 November, register by 10 December).
- Bursary decisions by 8 December 2015 for seminar 1 (a week after applications close, four
  weeks before the seminar) and 27 January 2016 for seminar 2 (three weeks before it). The most
  one bursary pays is the model's default (£300).
- Seminars known only by their month have no bursary row: they offer none until an organiser
  gives a deadline.
"""

import datetime

from seminars.management.commands.load_series import shift_moment
from seminars.series_data import london

from .models import SeminarBursaries

PER_GROUP = 5

BURSARIES = {
    # "Apply for bursaries by 30 November".
    1: {
        "deadline": london(datetime.date(2015, 12, 1)),
        "decisions_by": datetime.date(2015, 12, 8),
        "per_group": PER_GROUP,
    },
    2: {
        "deadline": london(datetime.date(2016, 1, 25)),
        "decisions_by": datetime.date(2016, 1, 27),
        "per_group": PER_GROUP,
    },
}


def load(seminar, *, weeks):
    """The series loader created `seminar` (seminars.slots, "loaded"): create its travel
    bursaries from BURSARIES, moved by `weeks` as the loader moved the seminar's dates."""
    data = BURSARIES.get(seminar.number)
    if data is None:
        return
    bursaries = SeminarBursaries(
        seminar=seminar,
        per_group=data["per_group"],
        deadline=shift_moment(data["deadline"], weeks=weeks),
        decisions_by=data["decisions_by"] + datetime.timedelta(weeks=weeks),
    )
    bursaries.full_clean()
    bursaries.save()
