import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*args, fold=0):
    """A moment in UK time: london(2015, 12, 11) is midnight at the start of 11 December
    (fold=1 for the second pass of the hour the clocks go back)."""
    return datetime.datetime(*args, tzinfo=LONDON, fold=fold)


def text(response):
    """The page's visible words with tags removed and white space folded, for plain assertions
    (of a response, or of its HTML already decoded)."""
    html = response if isinstance(response, str) else response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def group_as_migrated(name, permissions):
    """A group a data migration makes, with its permissions; a transactional test elsewhere (the
    browser tests' live server) may have flushed it."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        )
    return group


def seminar_parts_data(seminar=None, **overrides):
    """The inlines of the seminar's admin page as the admin posts them back unchanged: the
    seminar's travel bursaries (prefix "bursaries"), certificates (prefix "certificate") and
    online places (prefix "online"),
    from its rows, or one empty form of each for a seminar without them (or a new one).
    `overrides` use the posted names, such as "bursaries-0-deadline_0"."""
    from bursaries.models import SeminarBursaries
    from certificates.models import SeminarCertificate
    from seminars.deadlines import day_and_time

    data = {}
    bursaries = seminar and SeminarBursaries.objects.filter(seminar=seminar).first()
    day, time = day_and_time(bursaries.deadline) if bursaries and bursaries.deadline else ("", "")
    data.update(
        {
            "bursaries-TOTAL_FORMS": 1,
            "bursaries-INITIAL_FORMS": 1 if bursaries else 0,
            "bursaries-0-seminar": seminar.pk if bursaries else "",
            "bursaries-0-deadline_0": day and day.isoformat(),
            "bursaries-0-deadline_1": time and f"{time:%H:%M}",
            "bursaries-0-decisions_by": bursaries
            and bursaries.decisions_by
            and bursaries.decisions_by.isoformat(),
            "bursaries-0-per_group": bursaries.per_group if bursaries else 5,
            "bursaries-0-max_award": bursaries.max_award if bursaries else "300.00",
            "bursaries-0-note": bursaries.note if bursaries else "",
        }
    )
    if bursaries and bursaries.rolling_decisions:
        data["bursaries-0-rolling_decisions"] = "on"
    if bursaries and bursaries.blind_review:
        data["bursaries-0-blind_review"] = "on"
    certificate = seminar and SeminarCertificate.objects.filter(seminar=seminar).first()
    data.update(
        {
            "certificate-TOTAL_FORMS": 1,
            "certificate-INITIAL_FORMS": 1 if certificate else 0,
            "certificate-0-seminar": seminar.pk if certificate else "",
            "certificate-0-cpd_hours": certificate and certificate.cpd_hours,
            "certificate-0-learning": certificate.learning if certificate else "",
        }
    )
    # Seminars' own Easy Read inline: none, unless a test posts some.
    data.update({"easy_read_lines-TOTAL_FORMS": 0, "easy_read_lines-INITIAL_FORMS": 0})
    data.update(_online_data(seminar))
    data.update(overrides)
    return {name: "" if value is None else value for name, value in data.items()}


def _online_data(seminar):
    """The online places inline (prefix "online"), as posted back unchanged."""
    from registrations.models import SeminarOnline

    online = seminar and SeminarOnline.objects.filter(seminar=seminar).first()
    return {
        "online-TOTAL_FORMS": 1,
        "online-INITIAL_FORMS": 1 if online else 0,
        "online-0-seminar": seminar.pk if online else "",
        "online-0-capacity": online.capacity if online else 0,
        "online-0-joining_link": online.joining_link if online else "",
    }
