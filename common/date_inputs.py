"""Dates and times in the admin and the staff pages as the browser's own inputs (`<input
type="date">` and `type="time"`), the same everywhere: keyboard-usable, each with its label,
and no calendar pop-up of Django's beside some fields while others use the browser's picker.
Deadlines keep their own field (seminars/deadlines.py: a day, an optional earlier time, and the
public's sentence), built on the same inputs."""

import datetime

from django import forms
from django.contrib.admin import options
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

SKIPPED_TIME = "That time does not exist on that day: the clocks go forward. Choose another time."
REPEATED_TIME = (
    "That time happens twice on that day: the clocks go back an hour at 2am. Choose a time "
    "before 1am or from 2am."
)


def uk_moment(day, time):
    """`day` at `time`, UK time (the current time zone), as an aware datetime. A time the
    clocks skip (01:30 on the last Sunday of March) does not exist, and one they repeat (01:30
    on the last Sunday of October) happens twice, so which is meant cannot be known: both are
    refused as a ValidationError saying what to choose instead, never guessed."""
    zone = timezone.get_current_timezone()
    moment = datetime.datetime.combine(day, time, zone)
    if moment.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != moment.replace(
        tzinfo=None
    ):
        raise ValidationError(SKIPPED_TIME, code="skipped_time")
    if moment.replace(fold=1).utcoffset() != moment.utcoffset():
        raise ValidationError(REPEATED_TIME, code="ambiguous_time")
    return moment


class NativeDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # the only format the input reads


class NativeTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class NativeSplitDateTime(forms.SplitDateTimeWidget):
    """A day and a time, each labelled (templates/admin/widgets/split_datetime.html)."""

    template_name = "admin/widgets/split_datetime.html"

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [NativeDateInput, NativeTimeInput], attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["date_label"] = "Day (UK time)"
        context["time_label"] = "Time"
        return context


class DayAndTimeField(forms.SplitDateTimeField):
    """A day and a time (NativeSplitDateTime), UK time, with refusals that say what to do."""

    widget = NativeSplitDateTime
    default_error_messages = {
        "invalid_date": "Enter the day in the date box, or choose it from the calendar.",
        "invalid_time": "Enter the time like 14:30.",
    }

    def compress(self, data_list):
        if data_list and all(value not in self.empty_values for value in data_list):
            return uk_moment(*data_list)
        return super().compress(data_list)


def use_native_inputs():
    """Make every ModelAdmin registered from now on use them (call before the admin's
    autodiscover: organising.apps.SeriesAdminConfig.ready)."""
    defaults = options.FORMFIELD_FOR_DBFIELD_DEFAULTS
    defaults[models.DateTimeField] = {"form_class": DayAndTimeField, "widget": NativeSplitDateTime}
    defaults[models.DateField] = {"widget": NativeDateInput}
    defaults[models.TimeField] = {"widget": NativeTimeInput}
