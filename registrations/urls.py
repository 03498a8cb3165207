from django.urls import path, register_converter

from . import views


class TokenConverter:
    """Only the shape of a real token reaches the database; anything else is a plain 404."""

    regex = "[A-Za-z0-9_-]{32,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "registrations"
urlpatterns = [
    path("seminars/<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "seminars/<slug:slug>/register/check-your-email/",
        views.CheckEmailView.as_view(),
        name="check-email",
    ),
    path("seminars/<slug:slug>/my-link/", views.ManageLinkView.as_view(), name="manage-link"),
    path("registrations/<token:token>/", views.ManageView.as_view(), name="manage"),
    path("registrations/<token:token>/cancel/", views.CancelView.as_view(), name="cancel"),
    path(
        "registrations/<token:token>/stop-emails/",
        views.StopEmailsView.as_view(),
        name="stop-emails",
    ),
]
