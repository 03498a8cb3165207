"""The staff pages outside the admin's model pages, all under /staff/ in one namespace. The day
and the funder's report are listed here; each other area keeps its own list in its package
(organising/<area>/urls.py), included below with one line each."""

from django.urls import include, path

from . import certificates, feedback, finance, online, rules, views
from .bursaries import urls as bursaries_urls
from .fees import urls as fees_urls
from .registrations import urls as registrations_urls

app_name = "organising"
urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report.csv", views.report_csv, name="report-csv"),
    path("seminars/<int:seminar_id>/door/", views.door_list, name="door"),
    path(
        "seminars/<int:seminar_id>/door/<int:registration_id>/arrived/",
        views.arrival,
        name="arrival",
    ),
    path(
        "seminars/<int:seminar_id>/door/<int:registration_id>/companion/",
        views.companion,
        name="companion",
    ),
    path("seminars/<int:seminar_id>/door/walk-in/", views.walk_in, name="walk-in"),
    path("seminars/<int:seminar_id>/staff-sheet/", views.staff_sheet, name="staff-sheet"),
    path("seminars/<int:seminar_id>/sign-in-sheet/", views.sign_sheet, name="sign-sheet"),
    path("seminars/<int:seminar_id>/badges/", views.badges, name="badges"),
    path("seminars/<int:seminar_id>/totals/", views.totals, name="totals"),
    path(
        "seminars/<int:seminar_id>/online-attendance/",
        online.online_attendance,
        name="online-attendance",
    ),
    path("finance/", finance.finance_page, name="finance"),
    *(
        path(f"finance/{file.name}.csv", finance.file_view(file.name), name=file.name)
        for file in rules.FINANCE_FILES
    ),
    path("bursaries/", include(bursaries_urls)),
    path("fees/", include(fees_urls)),
    path("", include(certificates)),
    path("", include(feedback)),
    path("", include(registrations_urls)),
]

# The admin's old addresses of pages now here: the admin site answers them (organising/site.py).
old_admin_urls = [
    *bursaries_urls.old_admin_urls,
    *certificates.old_admin_urls,
    *feedback.old_admin_urls,
    *registrations_urls.old_admin_urls,
]
