from django import forms

from common.forms import PlainErrorsMixin
from registrations.models import ParticipantGroup

from .models import EQUAL_SCALE, GENERAL_SCALE, USEFUL_SCALE, QuestionKind

TEXT_ERRORS = {"max_length": "Shorten this answer to 2,000 characters or fewer."}


def scale_field(label, choices, *, required=False, help_text="", error_messages=None):
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose one of the answers from 1 to 5.",
            **(error_messages or {}),
        },
    )


def text_field(label, *, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )


class FeedbackForm(PlainErrorsMixin, forms.Form):
    """The questions every seminar asks (so that seminars can be compared), then the seminar's
    own, then, apart, the person's group. Only the first question must be answered."""

    usefulness = scale_field(
        "Overall, how useful was the seminar for you?",
        USEFUL_SCALE,
        required=True,
        help_text="Choose a number from 1 to 5.",
        error_messages={"required": "Choose how useful the seminar was for you, from 1 to 5."},
    )
    as_equal = scale_field(
        "Did you feel able to take part as an equal? (optional)",
        EQUAL_SCALE,
        help_text="Whether your voice counted as much as anyone else's.",
    )
    do_differently = text_field(
        "What, if anything, will you do differently after the seminar? (optional)"
    )
    could_be_better = text_field(
        "What could we do better next time? (optional)",
        help_text="Anything at all: the day, the place, the way it was run.",
    )
    group = forms.ChoiceField(
        label="Which group are you part of? (optional)",
        required=False,
        choices=ParticipantGroup.choices,
        widget=forms.RadioSelect,
        help_text="This helps us see whether the seminars work for every group. We never show "
        "the answers of a group with fewer than 5 people on their own.",
        error_messages={"invalid_choice": "Choose one of the groups in the list."},
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            label = f"{question.wording} (optional)"
            if question.kind == QuestionKind.SCALE:
                field = scale_field(label, GENERAL_SCALE, help_text=question.hint)
            else:
                field = text_field(label, help_text=question.hint)
            self.fields[question.field_name] = field

    @property
    def core_fields(self):
        return [
            self[name] for name in ("usefulness", "as_equal", "do_differently", "could_be_better")
        ]

    @property
    def question_fields(self):
        return [self[question.field_name] for question in self.questions]

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "usefulness": data["usefulness"],
            "as_equal": data["as_equal"],
            "do_differently": data["do_differently"],
            "could_be_better": data["could_be_better"],
            "group": data["group"],
            "extra": {question: data[question.field_name] for question in self.questions},
        }
