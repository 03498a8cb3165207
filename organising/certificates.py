"""The certificate preview: a seminar's certificate with a sample name, so that organisers can
check the CPD hours, what was covered and the signature before anyone's is made. The seminar's
page in the admin, and the page before "Mark attendance as complete", link to it."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from certificates import pdf
from registrations.models import Registration
from seminars.models import Seminar

from .moved import old_address

SAMPLE_NAME = "Sample Name"


def preview(request, seminar_id):
    """Whoever may see the seminar in the admin (its admin's own rule) may see the preview."""
    seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=seminar_id)
    if not admin.site.get_model_admin(Seminar).has_view_or_change_permission(request, seminar):
        raise PermissionDenied
    sample = Registration(seminar=seminar, name=SAMPLE_NAME, attended=True)
    response = HttpResponse(pdf.render(sample), content_type=pdf.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    return response


urlpatterns = [
    path(
        "seminars/<int:seminar_id>/certificate-preview/",
        admin.site.admin_view(preview),
        name="certificate-preview",
    ),
]
old_admin_urls = [
    old_address(
        "seminars/seminar/<int:pk>/certificate-preview/",
        "certificates_preview",
        "organising:certificate-preview",
    ),
]
