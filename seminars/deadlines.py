"""Deadlines as people say them: "register by Thursday 17 December", with an optional earlier
time. A deadline is stored as the moment something closes, so "by 17 December" is kept as 00:00
UK time on 18 December and shown as "23:59 on Thursday 17 December" (dates.deadline). The admin
takes the day (and time), and shows beside it the sentence the public will read."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from common.date_inputs import uk_moment

from . import dates

MIDNIGHT = datetime.time(0, 0)


def closing_moment(day, time=None):
    """The moment a deadline of `day` (until `time` that day, or its end) closes, UK time."""
    zone = timezone.get_current_timezone()
    if time is None:
        return datetime.datetime.combine(day + datetime.timedelta(days=1), MIDNIGHT, zone)
    return uk_moment(day, time)


def day_and_time(moment):
    """The day and time an organiser would say for a stored closing moment: (day, None) when it
    closes at the end of the day."""
    local = timezone.localtime(moment)
    if local.time() == MIDNIGHT:
        return local.date() - datetime.timedelta(days=1), None
    return local.date(), local.time().replace(second=0, microsecond=0)


class DeadlineWidget(forms.MultiWidget):
    """A day and an optional time, with the public's sentence beside them (updated as you type
    by deadline.js; without JavaScript it shows the saved deadline)."""

    def __init__(self, sentence, attrs=None):
        self.sentence = sentence  # "Registration closes at {} (UK time)."
        super().__init__(
            [
                forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            ],
            attrs,
        )

    use_fieldset = False  # the field's label names the day; the time has a label of its own

    class Media:
        js = ["js/deadline.js"]

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        return list(day_and_time(value)) if value else [None, None]

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        day, time = context["widget"]["subwidgets"]
        moment = value if isinstance(value, datetime.datetime) else None
        return format_html(
            '<div class="deadline-field" data-sentence="{sentence}">'
            "{day}"
            '<p><label for="{time_id}">Closing time, if earlier than the end of that day '
            "(optional)</label> {time}</p>"
            '<p class="deadline-sentence" aria-live="polite">{said}</p>'
            "</div>",
            sentence=self.sentence,
            day=self.widgets[0].render(day["name"], day["value"], day["attrs"], renderer),
            time_id=time["attrs"]["id"],
            time=self.widgets[1].render(time["name"], time["value"], time["attrs"], renderer),
            said=self.sentence.format(dates.deadline(moment)) if moment else "",
        )


class DeadlineField(forms.MultiValueField):
    def __init__(self, *, sentence, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(
            fields=[
                forms.DateField(error_messages={"invalid": "Enter the day as a date."}),
                forms.TimeField(
                    required=False, error_messages={"invalid": "Enter the time like 17:00."}
                ),
            ],
            widget=DeadlineWidget(sentence),
            require_all_fields=False,
            error_messages={"incomplete": "Enter the day as well as the time."},
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or data_list[0] is None:
            return None
        return closing_moment(data_list[0], data_list[1])


class DaySentenceWidget(forms.DateInput):
    """A day, with the public's sentence beside it."""

    input_type = "date"

    def __init__(self, sentence, attrs=None):
        self.sentence = sentence  # "Applicants hear by {}."
        super().__init__(attrs, format="%Y-%m-%d")

    class Media:
        js = ["js/deadline.js"]

    def render(self, name, value, attrs=None, renderer=None):
        said = self.sentence.format(dates.day(value)) if isinstance(value, datetime.date) else ""
        return format_html(
            '<div class="deadline-field" data-sentence="{}" data-day-only>{}'
            '<p class="deadline-sentence" aria-live="polite">{}</p></div>',
            self.sentence,
            super().render(name, value, attrs, renderer),
            said,
        )
