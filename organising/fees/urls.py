"""The organisers' fee pages under /staff/fees/."""

from django.urls import path

from . import views

urlpatterns = [
    path("seminars/<int:seminar_id>/", views.seminar_fees, name="fees-seminar"),
    path("<int:fee_id>/", views.fee_page, name="fee"),
    path("<int:fee_id>/<slug:action>/", views.fee_action, name="fee-action"),
]
