from django.urls import path

from . import views
from .models import PageKind

app_name = "seminars"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("seminars/", views.SeminarListView.as_view(), name="list"),
    path("seminars/calendar.ics", views.series_calendar, name="calendar"),
    path("seminars/<slug:slug>/", views.SeminarDetailView.as_view(), name="detail"),
    path("seminars/<slug:slug>/calendar.ics", views.seminar_calendar, name="seminar-calendar"),
    path("people/", views.PeopleView.as_view(), name="people"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("partners/", views.PartnerListView.as_view(), name="partners"),
    path("research/", views.ResearchListView.as_view(), name="research"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    *(path(f"{kind}/", views.PageView.as_view(kind=kind), name=kind) for kind in PageKind.values),
]
