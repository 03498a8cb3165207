"""Every date and time in the admin is the browser's own input, labelled: no field keeps
Django's text box and calendar link beside another's native picker."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db


def date_and_time_widgets(form_class):
    for name, field in form_class.base_fields.items():
        widget = field.widget
        while hasattr(widget, "widget"):  # RelatedFieldWidgetWrapper and the like
            widget = widget.widget
        parts = widget.widgets if isinstance(widget, forms.MultiWidget) else [widget]
        for part in parts:
            if isinstance(part, forms.DateTimeInput | forms.DateInput | forms.TimeInput):
                yield name, part


def test_every_admin_form_uses_native_date_and_time_inputs(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    found, wrong = 0, []
    for model, model_admin in admin.site._registry.items():
        forms_of = [model_admin.get_form(request)]
        forms_of += [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in forms_of:
            for name, widget in date_and_time_widgets(form_class):
                found += 1
                if getattr(widget, "input_type", None) not in ("date", "time"):
                    wrong.append(f"{model._meta.label}.{name}: {type(widget).__name__}")

    assert found > 10  # the seminar's times, the programme's, claims, payments, deadlines...
    assert wrong == []


def test_a_seminars_start_is_a_labelled_day_and_time_filled_in_as_saved(admin_client):
    seminar = SeminarFactory()

    html = admin_client.get(f"/admin/seminars/seminar/{seminar.pk}/change/").content.decode()

    day = re.search(r'<input type="date" name="starts_at_0" value="([^"]*)"[^>]*id="(\w+)"', html)
    time = re.search(r'<input type="time" name="starts_at_1" value="([^"]*)"[^>]*id="(\w+)"', html)
    assert day is not None
    assert time is not None
    local = timezone.localtime(seminar.starts_at)
    assert (day.group(1), time.group(1)) == (f"{local:%Y-%m-%d}", f"{local:%H:%M}")
    assert f'<label for="{day.group(2)}">Day (UK time)</label>' in html
    assert f'<label for="{time.group(2)}">Time</label>' in html
    assert "vDateField" not in html
    assert "DateTimeShortcuts" not in html
