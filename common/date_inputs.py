"""Dates and times in the admin and the staff pages as the browser's own inputs (`<input
type="date">` and `type="time"`), the same everywhere: keyboard-usable, each with its label,
and no calendar pop-up of Django's beside some fields while others use the browser's picker.
Deadlines keep their own field (seminars/deadlines.py: a day, an optional earlier time, and the
public's sentence), built on the same inputs."""

from django import forms
from django.contrib.admin import options
from django.db import models


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


def use_native_inputs():
    """Make every ModelAdmin registered from now on use them (call before the admin's
    autodiscover: organising.apps.SeriesAdminConfig.ready)."""
    defaults = options.FORMFIELD_FOR_DBFIELD_DEFAULTS
    defaults[models.DateTimeField] = {
        "form_class": forms.SplitDateTimeField,
        "widget": NativeSplitDateTime,
    }
    defaults[models.DateField] = {"widget": NativeDateInput}
    defaults[models.TimeField] = {"widget": NativeTimeInput}
