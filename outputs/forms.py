from django import forms
from django.urls import reverse

from .files import MaterialFileField, stored_name
from .models import Audience, Material, MaterialKind


class _StoredFile:
    """A stored file as the file widget shows it: its name, and the staff view that serves it
    (private storage has no address of its own, and a public one must never be shown)."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class ReviewFileInput(forms.ClearableFileInput):
    """The admin's file widget for a material: the current file links to the staff download."""

    template_name = "admin/widgets/clearable_file_input.html"

    def __init__(self, *, review_url=None, **kwargs):
        self.review_url = review_url
        super().__init__(**kwargs)

    def is_initial(self, value):
        return bool(value and self.review_url and getattr(value, "name", None))

    def format_value(self, value):
        if self.is_initial(value):
            return _StoredFile(value.name, self.review_url)
        return None


class MaterialAdminForm(forms.ModelForm):
    """The admin's form for a material: the file is checked by its content, and stored under
    the title and the extension that content gives."""

    class Meta:
        model = Material
        fields = [
            "seminar",
            "title",
            "description",
            "kind",
            "order",
            "file",
            "url",
            "audience",
            "accessible_version_note",
            "accessible_version_url",
            "has_captions",
            "consent_recorded_on",
            "consent_note",
        ]
        field_classes = {"file": MaterialFileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        review_url = (
            reverse("admin:outputs_material_file", args=[self.instance.pk])
            if self.instance.pk and self.instance.file
            else None
        )
        field.widget = ReviewFileInput(review_url=review_url, attrs=field.widget.attrs)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and hasattr(upload, "kind"):
            upload.name = stored_name(cleaned.get("title") or "", upload.kind)
        return cleaned


class SpeakerUploadForm(forms.Form):
    """What a speaker sends through their private link."""

    title = forms.CharField(
        max_length=200,
        help_text="For example 'Slides: sharing power on the ward'.",
        error_messages={"required": "Enter a title, so that people know what this is."},
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=MaterialKind.choices,
        initial=MaterialKind.SLIDES,
        widget=forms.RadioSelect,
    )
    file = MaterialFileField(
        label="File (optional if you give a link)",
        required=False,
        help_text="A PDF, or .pptx, .docx, .xlsx, .odp or .odt, at most 25 MB. We cannot take "
        "files with macros.",
    )
    url = forms.URLField(
        label="Or a link (optional if you send a file)",
        required=False,
        assume_scheme="https",
        help_text="For example a recording on a video site.",
        error_messages={"invalid": "Enter a link in the correct format, like https://example.org"},
    )
    description = forms.CharField(
        label="A sentence about it (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience = forms.ChoiceField(
        label="Who may see it?",
        choices=Audience.choices,
        initial=Audience.PUBLIC,
        widget=forms.RadioSelect,
        help_text="A recording is only ever for the people registered.",
    )
    accessible_version_note = forms.CharField(
        label="Accessible version (optional)",
        required=False,
        max_length=250,
        help_text="For example 'A large print version is available on request'.",
    )
    has_captions = forms.BooleanField(label="The recording has captions", required=False)
    consent = forms.BooleanField(
        label="I agree to this being published, and everyone quoted, named or photographed in "
        "it has agreed too",
        error_messages={
            "required": "Tick the box to say that you, and everyone quoted or photographed, "
            "agree to publication."
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and cleaned.get("url"):
            self.add_error("url", "Send a file or a link, not both: empty this box or the file.")
        elif not cleaned.get("file") and not cleaned.get("url") and "file" not in self.errors:
            self.add_error("file", "Choose a file to upload, or give a link below.")
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        return {name: data[name] for name in data if name != "consent"}
