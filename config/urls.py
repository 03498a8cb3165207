from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, register_converter
from django.views.static import serve
from two_factor.urls import urlpatterns as two_factor_urls

from bursaries.sitemaps import SITEMAPS as BURSARY_SITEMAPS
from common.converters import TokenConverter
from config.signin import (
    BackupCodesView,
    QRCodeView,
    RemoveView,
    ReplaceView,
    SetUpDoneView,
    SetUpView,
    SignInView,
    YourSignInView,
)
from config.views import benchmark_ceiling, healthz, worker_healthz
from outputs.sitemaps import SITEMAPS as OUTPUT_SITEMAPS
from seminars.sitemaps import SITEMAPS, on_site_url

register_converter(TokenConverter, "token")
SITEMAPS = {**SITEMAPS, **BURSARY_SITEMAPS, **OUTPUT_SITEMAPS}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/worker", worker_healthz, name="healthz-worker"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("staff/", include("organising.urls")),
    # django-two-factor-auth's sign-in and set-up, in our words, at the library's addresses.
    path("account/login/", SignInView.as_view()),
    path("account/two_factor/setup/", SetUpView.as_view()),
    path("account/two_factor/setup/complete/", SetUpDoneView.as_view()),
    path("account/two_factor/qrcode/", QRCodeView.as_view()),
    # What guards the account asks for the password and a code each time (config/signin.py).
    path("account/two_factor/", YourSignInView.as_view()),
    path("account/two_factor/backup/tokens/", BackupCodesView.as_view()),
    path("account/two_factor/disable/", RemoveView.as_view()),
    path("account/two_factor/replace/", ReplaceView.as_view(), name="replace-sign-in-code"),
    path("", include(two_factor_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": on_site_url(SITEMAPS)}, name="sitemap"),
    path("", include("subscribers.urls")),
    path("", include("registrations.urls")),
    path("", include("feedback.urls")),
    path("", include("bursaries.urls")),
    path("", include("fees.urls")),
    path("", include("outputs.urls")),
    path("", include("certificates.urls")),
    path("", include("seminars.urls")),
]

if settings.BENCHMARK_CEILING:
    urlpatterns.insert(0, path("benchmark/ceiling", benchmark_ceiling))

if settings.SERVE_MEDIA:
    # Public photos and logos from MEDIA_ROOT, until production puts them behind the web server
    # or object storage (SERVE_MEDIA off).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler500 = "common.views.server_error"
