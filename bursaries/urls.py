from django.urls import path

from common.pagecache import cached_page

from . import views

app_name = "bursaries"
urlpatterns = [
    path("seminars/<slug:slug>/bursary/", cached_page(views.ApplyView.as_view()), name="apply"),
    path(
        "seminars/<slug:slug>/bursary/check-your-email/",
        cached_page(views.CheckEmailView.as_view()),
        name="check-email",
    ),
    path(
        "travel-bursaries/easy-read/", cached_page(views.EasyReadView.as_view()), name="easy-read"
    ),
    path("bursaries/<token:token>/", views.StatusView.as_view(), name="status"),
    path("bursaries/<token:token>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("bursaries/<token:token>/change/", views.CorrectView.as_view(), name="correct"),
    path("bursaries/<token:token>/accept/", views.AcceptView.as_view(), name="accept"),
    path("bursaries/<token:token>/claim/", views.ClaimView.as_view(), name="claim"),
    path("bursaries/<token:token>/answer/", views.AnswerView.as_view(), name="answer"),
    path(
        "bursaries/<token:token>/receipts/<int:receipt>/",
        views.ReceiptView.as_view(),
        name="receipt",
    ),
    path("bursaries/<token:token>/decline/", views.DeclineView.as_view(), name="decline"),
]
