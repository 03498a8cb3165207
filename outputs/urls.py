from django.urls import path

from common.pagecache import cached_page

from . import views
from .feeds import OutputsFeed

app_name = "outputs"
urlpatterns = [
    path("outputs/", cached_page(views.OutputListView.as_view()), name="list"),
    path("outputs/feed/", cached_page(OutputsFeed()), name="feed"),
    path("outputs/news/<slug:slug>/", cached_page(views.NewsPostDetailView.as_view()), name="news"),
    path("outputs/materials/<int:pk>/download/", views.public_download, name="download"),
    path("outputs/upload/<token:token>/", views.SpeakerUploadView.as_view(), name="upload"),
    path(
        "registrations/<token:token>/materials/",
        views.RegisteredMaterialsView.as_view(),
        name="registered-materials",
    ),
    path(
        "registrations/<token:token>/materials/<int:pk>/",
        views.RegisteredDownloadView.as_view(),
        name="registered-download",
    ),
]
