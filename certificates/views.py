from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

from common.views import count_link_miss, too_many_posts
from registrations.views import TokenMixin
from seminars import dates

from . import pdf, rules, services
from .forms import CheckCodeForm, CheckNameForm, NameChangeRequestForm, same_name
from .models import CODE_LENGTH, IssuedCertificate, normalise_code


class CertificateDownloadView(TokenMixin, View):
    """The certificate behind the registration's private link, drawn now from the register;
    404 for anyone who may not have one (the same page as a link that matches nothing)."""

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


class NameChangeRequestView(TokenMixin, FormView):
    """After attendance is complete, the person asks for the name on their certificate to
    change; an organiser decides, and the certificate keeps its code."""

    template_name = "certificates/name_change_request.html"
    form_class = NameChangeRequestForm

    def get(self, request, *args, **kwargs):
        if not rules.may_have_certificate(self.registration):
            raise Http404("No certificate for this registration.")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not rules.may_have_certificate(self.registration):
            raise Http404("No certificate for this registration.")
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"name": self.registration.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pending=self.registration.name_change_requests.filter(decided_at__isnull=True).first(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.request_name_change(self.registration, name=form.cleaned_data["name"])
        except services.CertificateError as error:
            form.add_error("name", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            "We have your request. Once an organiser approves it, your certificate has the "
            "new name.",
        )
        return redirect(self.registration.manage_path)


def _not_found(request, form):
    """A code that matches no certificate: the form again with a 404, or the 429 page once
    this address has missed too often (codes are counted with private links)."""
    if count_link_miss(request):
        return render(request, "rate_limited.html", status=429)
    form.add_error(
        "code",
        "We have no certificate with this code. Check it against the certificate: the code is "
        "12 letters and numbers, at the bottom of the page.",
    )
    return render(request, "certificates/check_form.html", {"form": form}, status=404)


@method_decorator(never_cache, name="dispatch")
class CheckFormView(View):
    """Type the code printed on a certificate (GET, so the page it leads to has an address)."""

    http_method_names = ["get", "head"]

    def get(self, request):
        if "code" not in request.GET:
            return render(request, "certificates/check_form.html", {"form": CheckCodeForm()})
        form = CheckCodeForm(request.GET)
        if not form.is_valid():
            return render(request, "certificates/check_form.html", {"form": form})
        issued = IssuedCertificate.objects.filter(code=form.cleaned_data["code"]).first()
        if issued is None:
            return _not_found(request, form)
        return redirect(issued.get_absolute_url())


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("name"), name="dispatch")
class CheckView(View):
    """What the register says of one certificate: seminar, date, CPD hours, valid or withdrawn.
    The name is never shown: the visitor types the name they were shown, and hears whether it
    is the one printed (a POST, so that the name is in no address or log)."""

    http_method_names = ["get", "post", "head"]
    template_name = "certificates/check.html"

    def dispatch(self, request, *args, **kwargs):
        code = normalise_code(kwargs["code"])
        self.issued = (
            IssuedCertificate.objects.select_related("seminar").filter(code=code).first()
            if len(code) == CODE_LENGTH
            else None
        )
        if self.issued is None:
            return _not_found(request, CheckCodeForm({"code": kwargs["code"]}))
        if kwargs["code"] != self.issued.display_code:
            return redirect(self.issued.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(CheckNameForm())

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="certificates:check", limit="check_name"):
            return refused
        form = CheckNameForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        return self.render(
            CheckNameForm(), matches=same_name(form.cleaned_data["name"], self.issued.name_printed)
        )

    def render(self, form, **context):
        issued = self.issued
        response = render(
            self.request,
            self.template_name,
            {
                "issued": issued,
                "seminar": issued.seminar,
                "hours": pdf.hours_words(issued.hours),
                "issued_on": dates.day(dates.local(issued.issued_at)),
                "withdrawn_on": issued.withdrawn_at and dates.day(dates.local(issued.withdrawn_at)),
                "form": form,
                "check_url": reverse("certificates:check-form"),
                **context,
            },
        )
        response["X-Robots-Tag"] = "noindex"
        return response
