"""Registrations' staff pages, under /staff/ in the organising namespace."""

from django.contrib import admin
from django.urls import path

from . import mailings, views

staff = admin.site.admin_view  # signed in with the second factor; each view asks its rule

urlpatterns = [
    path(
        "registrations/register-someone/",
        staff(views.register_someone),
        name="register-someone",
    ),
    path(
        "registrations/<int:registration_id>/resend-confirmation/",
        staff(views.resend_confirmation),
        name="resend-confirmation",
    ),
    path(
        "registrations/<int:registration_id>/correct-attendance/",
        staff(views.correct_attendance),
        name="correct-attendance",
    ),
    path("registrations/future-seminars.csv", staff(views.opted_in), name="opted-in"),
    path(
        "seminars/<int:seminar_id>/email-registered/",
        staff(mailings.email_registered),
        name="email-registered",
    ),
    path("seminars/<int:seminar_id>/announce/", staff(mailings.announce), name="announce"),
    path(
        "seminars/<int:seminar_id>/tell-registered/",
        staff(mailings.tell_registered),
        name="tell-registered",
    ),
]
