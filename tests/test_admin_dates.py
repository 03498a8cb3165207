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


def test_every_tabular_inline_names_its_inputs():
    """A tabular inline shows each field's name once, as a column heading: without more, its
    inputs have no label (axe: "Form elements must have labels")."""
    from django.contrib import admin as django_admin

    from common.admin import LabelledInlineFormSet

    tabular = [
        inline
        for model_admin in django_admin.site._registry.values()
        for inline in model_admin.inlines
        if issubclass(inline, django_admin.TabularInline)
        and not inline.__module__.startswith("django")  # the libraries' own (django_otp)
    ]

    assert tabular  # a speaker's talk on the seminar, "You said, we did" on a write-up
    assert [i for i in tabular if not issubclass(i.formset, LabelledInlineFormSet)] == []


def test_a_speakers_row_on_the_seminar_has_a_name_for_every_input(admin_client):
    from tests.factories import SeminarSpeakerFactory

    seminar = SeminarFactory()
    SeminarSpeakerFactory(seminar=seminar)

    html = admin_client.get(f"/admin/seminars/seminar/{seminar.pk}/change/").content.decode()

    row = [
        tag
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
        if 'name="talks-0-' in tag and 'type="hidden"' not in tag
    ]
    assert len(row) >= 3  # person, talk title, order, delete
    assert [tag for tag in row if "aria-label=" not in tag] == []
    assert 'aria-label="Talk title"' in html
