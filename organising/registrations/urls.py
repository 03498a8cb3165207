"""Registrations' staff pages, under /staff/ in the organising namespace."""

from django.contrib import admin
from django.urls import path

from ..moved import old_address
from . import callbacks, mailings, views

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
    path("registrations/call-backs/", staff(callbacks.call_backs), name="call-backs"),
    path(
        "registrations/call-backs/<int:call_id>/called/",
        staff(callbacks.called),
        name="call-back-called",
    ),
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

# Their old addresses in the admin (from its root), sent on to the pages above.
old_admin_urls = [
    old_address(
        "registrations/registration/register-someone/",
        "registrations_registration_register_someone",
        "organising:register-someone",
    ),
    old_address(
        "registrations/registration/email-registered/<int:seminar_id>/",
        "registrations_registration_email_registered",
        "organising:email-registered",
    ),
    old_address(
        "registrations/registration/announce/<int:seminar_id>/",
        "registrations_registration_announce",
        "organising:announce",
    ),
    old_address(
        "registrations/registration/<int:registration_id>/resend-confirmation/",
        "registrations_registration_resend_confirmation",
        "organising:resend-confirmation",
    ),
    old_address(
        "registrations/registration/<int:registration_id>/correct-attendance/",
        "registrations_registration_correct_attendance",
        "organising:correct-attendance",
    ),
    old_address(
        "registrations/registration/future-seminars.csv",
        "registrations_registration_opted_in",
        "organising:opted-in",
    ),
    old_address(
        "seminars/seminar/<int:seminar_id>/tell-registered/",
        "seminars_seminar_tell_registered",
        "organising:tell-registered",
    ),
]
