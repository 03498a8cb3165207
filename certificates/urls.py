from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path(
        "registrations/<token:token>/certificate/",
        views.CertificateDownloadView.as_view(),
        name="download",
    ),
]
