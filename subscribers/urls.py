from django.urls import path

from common.pagecache import cached_page

from . import views

app_name = "subscribers"
urlpatterns = [
    path("subscribe/", cached_page(views.SignUpView.as_view()), name="sign-up"),
    path("subscribe/start/", views.StartSignUpView.as_view(), name="start"),
    path(
        "subscribe/check-your-email/",
        cached_page(views.CheckEmailView.as_view()),
        name="check-email",
    ),
    path("subscribe/confirm/<token:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("unsubscribe/<token:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path(
        "seminars/<slug:slug>/tell-me-when-registration-opens/",
        views.OpeningAlertView.as_view(),
        name="opening-alert",
    ),
]
