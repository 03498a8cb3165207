"""Dates and times in words, in UK time, as GOV.UK writes them: 'Tuesday 5 January 2016, 10am'."""

import calendar
import datetime

from django.utils import timezone


def clock(moment):
    """'10am', '10:30am', 'midday', 'midnight'."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def day(moment):
    """'Tuesday 5 January 2016'."""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def month(date):
    """'October 2016'."""
    return f"{date:%B %Y}"


def local(moment):
    return timezone.localtime(moment)


def seminar_when(seminar):
    """The seminar's date in words; a month-only seminar never gets an invented day."""
    if seminar.starts_at:
        start = local(seminar.starts_at)
        if not seminar.ends_at:
            return f"{day(start)}, {clock(start)}"
        end = local(seminar.ends_at)
        if end.date() == start.date():
            return f"{day(start)}, {clock(start)} to {clock(end)}"
        return f"{day(start)}, {clock(start)} to {day(end)}, {clock(end)}"
    if seminar.tentative_month:
        return f"{month(seminar.tentative_month)} (date to be confirmed)"
    return "Date to be announced"


def seminar_short_when(seminar):
    if seminar.starts_at:
        return day(local(seminar.starts_at))
    if seminar.tentative_month:
        return month(seminar.tentative_month)
    return "Date to be announced"


def deadline(moment):
    """'23:59 on Thursday 10 December 2015' for a deadline of midnight at the start of 11 December.

    A deadline is the moment something closes. When that is midnight, people read the day before
    as the last day, so we name the last minute that is still open rather than the next day.
    """
    moment = local(moment)
    if moment.time() == datetime.time(0, 0):
        last_minute = moment - datetime.timedelta(minutes=1)
        return f"23:59 on {day(last_minute)}"
    return f"{moment:%H:%M} on {day(moment)}"


def opening(moment):
    """'00:00 on Tuesday 1 December 2015': the moment something opens, named as it is."""
    moment = local(moment)
    return f"{moment:%H:%M} on {day(moment)}"


def shift_months(moment, months):
    """The same UK wall-clock time `months` later (earlier if negative), on the same day of the
    month or the month's last day: 31 March less one month is 28 or 29 February."""
    moment = local(moment)
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    shifted = moment.replace(tzinfo=None).replace(
        year=year, month=month, day=min(moment.day, last_day)
    )
    return timezone.make_aware(shifted, timezone.get_current_timezone())


def working_days_after(start, count):
    """The day `count` working days (Monday to Friday) after `start`. Bank holidays are not
    known here: promises made with it should leave room for them."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def working_days_between(start, end):
    """How many working days (Monday to Friday) after `start` `end` is; 0 on the same day."""
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days
