from django.http import Http404, HttpResponse
from django.views.generic import View

from registrations.views import TokenMixin

from . import pdf, services


class CertificateDownloadView(TokenMixin, View):
    """The certificate behind the registration's private link, made now from current data;
    404 for anyone not marked as attended (the same page as a link that matches nothing)."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        try:
            content = services.certificate_for(self.registration)
        except services.CertificateError:
            raise Http404("No certificate for this registration.") from None
        response = HttpResponse(content, content_type=pdf.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{pdf.filename(self.registration)}"'
        )
        response["X-Robots-Tag"] = "noindex"
        return response
