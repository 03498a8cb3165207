"""The panel's pages under /staff/bursaries/, and the admin's old addresses for them."""

from django.urls import path

from ..moved import old_address
from . import changes, finance, views

urlpatterns = [
    path("<int:object_id>/actions/<slug:action>/", views.action, name="bursary-action"),
    path("<int:object_id>/receipts/<int:receipt_id>/", views.receipt, name="bursary-receipt"),
    path("send-staged/", views.send_staged, name="bursary-send-staged"),
    path("finance.csv", finance.finance_csv, name="bursary-finance"),
    path("conflicts/", views.conflicts, name="bursary-conflicts"),
    path(
        "conflicts/<int:object_id>/withdraw/",
        views.withdraw_conflict,
        name="bursary-withdraw-conflict",
    ),
    path("tell-holders/<int:seminar_id>/", changes.tell_holders, name="bursary-tell-holders"),
]

_OLD = "bursaries/bursaryapplication/"
old_admin_urls = [
    old_address(f"{_OLD}{route}", f"bursaries_bursaryapplication_{old}", f"organising:{new}")
    for route, old, new in [
        ("<int:object_id>/actions/<slug:action>/", "action", "bursary-action"),
        ("<int:object_id>/receipts/<int:receipt_id>/", "receipt", "bursary-receipt"),
        ("send-staged/", "send_staged", "bursary-send-staged"),
        ("finance.csv", "finance", "bursary-finance"),
        ("conflicts/", "conflicts", "bursary-conflicts"),
        ("conflicts/<int:object_id>/withdraw/", "withdraw_conflict", "bursary-withdraw-conflict"),
        ("tell-holders/<int:seminar_id>/", "tell_holders", "bursary-tell-holders"),
    ]
]
