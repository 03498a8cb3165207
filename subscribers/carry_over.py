"""Carrying over the old "future seminars" tick box on the registration form (issue 16).

Kept stable: the data migration imports it. It takes the model classes as arguments, so that
the migration passes its historical models and the tests the live ones (and this app never
imports registrations).
"""

import datetime

from django.utils import timezone

from seminars.dates import shift_months


def seminar_end(seminar):
    """When the privacy notice's "after the seminar" starts: its end, its start, or the end of
    the month of a seminar known only by its month; None without any of these."""
    if seminar.ends_at or seminar.starts_at:
        return seminar.ends_at or seminar.starts_at
    if seminar.tentative_month:
        month = seminar.tentative_month
        first_of_next = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return timezone.make_aware(datetime.datetime.combine(first_of_next, datetime.time()))
    return None


def carry_over(Registration, Subscriber, *, keep_months, now=None):
    """Each address that ticked "future seminars" becomes a confirmed subscriber on the list,
    kept until the latest moment the privacy notice promised (keep_months after the seminar of
    their latest such registration), and asked once, by the scheduled job, whether to stay.
    An address already on the list keeps what it has. The tick boxes are cleared as they are
    carried, so a second run changes nothing. Returns how many subscribers were made."""
    now = now or timezone.now()
    promised = {}
    ticked = Registration.objects.filter(future_seminars=True).select_related("seminar")
    for registration in ticked:
        if not registration.email:
            continue
        end = seminar_end(registration.seminar)
        until = shift_months(end, keep_months) if end else shift_months(now, keep_months)
        key = registration.email.strip().lower()
        if key not in promised or until > promised[key][1]:
            promised[key] = (registration.email.strip(), until)
    made = 0
    for key, (email, until) in promised.items():
        if until <= now or Subscriber.objects.filter(email__iexact=key).exists():
            continue
        Subscriber.objects.create(
            email=email,
            status="confirmed",
            on_list=True,
            confirmed_at=now,
            keep_until=until,
            carried_over=True,
        )
        made += 1
    ticked.update(future_seminars=False)
    return made
