"""The outputs page, news posts, downloads, speakers' upload pages, and registered people's
materials (reached through their registration's private link)."""

from django.contrib import messages
from django.db import DatabaseError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, TemplateView

from common.views import database_failed, token_not_found, too_many_posts
from registrations.views import TokenMixin
from seminars.models import Seminar

from . import rules, services
from .forms import SpeakerUploadForm
from .models import Material, MaterialStatus, NewsPost, SpeakerLink, WriteUp


def material_response(material):
    """A material's file as a download: never shown inline, its type never guessed."""
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("This file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.download_name,
        content_type=material.file_kind.content_type if material.file_kind else None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_download(request, pk):
    material = get_object_or_404(
        Material.objects.published().select_related("seminar").exclude(file=""),
        pk=pk,
        audience="public",
    )
    return material_response(material)


class OutputListView(TemplateView):
    """Every published write-up, material and news post; ?seminar=<number> narrows the first
    two to one seminar (anything else is ignored)."""

    template_name = "outputs/output_list.html"

    def get_context_data(self, **kwargs):
        seminars = list(Seminar.objects.public().order_by("number"))
        chosen = self._chosen(seminars)
        write_ups = WriteUp.objects.published().select_related("seminar")
        materials = Material.objects.listed_publicly().select_related("seminar")
        if chosen:
            write_ups = write_ups.filter(seminar=chosen)
            materials = materials.filter(seminar=chosen)
        return super().get_context_data(
            seminars=seminars,
            chosen=chosen,
            write_ups=list(write_ups.order_by("seminar__number")),
            materials=list(materials),
            news=list(NewsPost.objects.published()) if not chosen else [],
            **kwargs,
        )

    def _chosen(self, seminars):
        value = self.request.GET.get("seminar", "")
        return next((s for s in seminars if str(s.number) == value.strip()), None)


class NewsPostDetailView(DetailView):
    template_name = "outputs/newspost_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return NewsPost.objects.published()


class RegisteredMaterialsView(TokenMixin, TemplateView):
    """A registration's private page of its seminar's published materials."""

    template_name = "outputs/registered_materials.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        registration = self.registration
        materials = [
            material
            for material in Material.objects.published().filter(seminar=registration.seminar)
            if material.can_download(registration)
        ]
        return super().get_context_data(materials=materials, **kwargs)


class RegisteredDownloadView(TokenMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        material = get_object_or_404(
            Material.objects.select_related("seminar").exclude(file=""), pk=kwargs["pk"]
        )
        if not material.can_download(self.registration):
            raise Http404("No such material for this registration.")
        if rules.why_recording_cannot_be_published(material):  # a speaker added or said no
            raise Http404("No such material for this registration.")
        response = material_response(material)
        response["Cache-Control"] = "private, no-store"
        return response


@method_decorator(never_cache, name="dispatch")
class SpeakerUploadView(FormView):
    """A speaker's private page: send slides, documents or links; see what was sent."""

    template_name = "outputs/speaker_upload.html"
    form_class = SpeakerUploadForm
    http_method_names = ["get", "post", "head"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.link = SpeakerLink.objects.select_related("seminar", "person").get(
                token=kwargs["token"], active=True
            )
        except SpeakerLink.DoesNotExist:
            return token_not_found(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="outputs:upload", limit="speaker_upload"):
            return refused
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            link=self.link,
            seminar=self.link.seminar,
            sent=list(self.link.materials.order_by("created")),
            PUBLISHED=MaterialStatus.PUBLISHED,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.submit_material(self.link, **form.service_arguments())
        except services.OutputsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form, also="Choose your file again.")
        messages.success(
            self.request,
            "Thank you: we have it. An organiser will check it before it goes on the site.",
        )
        return redirect(self.link.get_absolute_url())
