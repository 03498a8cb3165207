from django.urls import path

from common.pagecache import cached_page

from . import views

app_name = "registrations"
urlpatterns = [
    path(
        "seminars/<slug:slug>/register/", cached_page(views.RegisterView.as_view()), name="register"
    ),
    path(
        "seminars/<slug:slug>/register/check-your-email/",
        cached_page(views.CheckEmailView.as_view()),
        name="check-email",
    ),
    path(
        "seminars/<slug:slug>/my-link/",
        cached_page(views.ManageLinkView.as_view()),
        name="manage-link",
    ),
    path("registrations/<token:token>/", views.ManageView.as_view(), name="manage"),
    path("registrations/<token:token>/name/", views.NameView.as_view(), name="name"),
    path("registrations/<token:token>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("registrations/<token:token>/where/", views.ModeView.as_view(), name="where"),
    path(
        "registrations/<token:token>/stop-emails/",
        views.StopEmailsView.as_view(),
        name="stop-emails",
    ),
]
