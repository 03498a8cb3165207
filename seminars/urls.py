from django.urls import path

from common.pagecache import cached_page

from . import views
from .models import PageKind

app_name = "seminars"
urlpatterns = [
    path("", cached_page(views.HomeView.as_view()), name="home"),
    path("seminars/", cached_page(views.SeminarListView.as_view()), name="list"),
    path("seminars/calendar.ics", cached_page(views.series_calendar), name="calendar"),
    path("seminars/<slug:slug>/", cached_page(views.SeminarDetailView.as_view()), name="detail"),
    path(
        "seminars/<slug:slug>/easy-read/",
        cached_page(views.SeminarEasyReadView.as_view()),
        name="easy-read",
    ),
    path(
        "seminars/<slug:slug>/calendar.ics",
        cached_page(views.seminar_calendar),
        name="seminar-calendar",
    ),
    path("people/", cached_page(views.PeopleView.as_view()), name="people"),
    path("people/<slug:slug>/", cached_page(views.PersonDetailView.as_view()), name="person"),
    path("partners/", cached_page(views.PartnerListView.as_view()), name="partners"),
    path("research/", cached_page(views.ResearchListView.as_view()), name="research"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("share.png", views.series_share_card, name="series-share-card"),
    path("seminars/<slug:slug>/share.png", views.seminar_share_card, name="share-card"),
    *(
        path(f"{kind}/", cached_page(views.PageView.as_view(kind=kind)), name=kind)
        for kind in PageKind.values
    ),
]
