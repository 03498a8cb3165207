from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path(
        "registrations/<token:token>/certificate/",
        views.CertificateDownloadView.as_view(),
        name="download",
    ),
    path(
        "registrations/<token:token>/certificate/name/",
        views.NameChangeRequestView.as_view(),
        name="name-change",
    ),
    path("certificates/check/", views.CheckFormView.as_view(), name="check-form"),
    path("certificates/check/<str:code>/", views.CheckView.as_view(), name="check"),
]
