"""The project's ground: where files live, the environment, the apps and middleware, templates,
language and time, static and media files, forms."""

import os
import secrets
from pathlib import Path

from django.urls import reverse

from common.s3 import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, *, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, *, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_or_create_dev_key(path):
    """A per-machine development key, made once and kept out of git (var/ is ignored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


PRODUCTION = os.environ.get("DJANGO_ENV") == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # refuse to start without it
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or read_or_create_dev_key(
        VAR_DIR / "dev-secret-key"
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)

DJANGO_APPS = [
    "organising.apps.SeriesAdminConfig",  # Django's admin, as organising/site.py shows it
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the renderer below
]
THIRD_PARTY_APPS = [
    "bootstrap",  # Bootstrap's CSS, from the django-bootstrap-static package
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "imagekit",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
]
LOCAL_APPS = [
    "common",
    "outbox",
    "people",
    "seminars",
    "ledger",
    "subscribers",
    "registrations",
    "bursaries",
    "fees",
    "outputs",
    "certificates",
    "feedback",
    "organising",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "common.middleware.head_without_body",
    "common.deadline.DatabaseDeadline",  # first to start the clock, so it covers all the rest
    "config.health.health_probes",  # before anything checks the Host header
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "common.middleware.AdminSelections",  # before the CSRF check reads the form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "common.middleware.staff_sessions_expire",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Looks at nothing on the way in: it answers a view's database failure (503).
    "common.middleware.DatabaseFailures",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
# A person's page is served by the seminars app, which sits above people: the project, which
# knows both, says where it is (HS-1: people never names a seminars URL).
ABSOLUTE_URL_OVERRIDES = {
    "people.person": lambda person: reverse("seminars:person", args=[person.slug]),
}
# The admin's address; somewhere less guessable than /admin/ in production, if you like.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=not PRODUCTION)
# Receipts and other private files: outside MEDIA_ROOT, never served by a URL of their own.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
RECEIPT_MAX_BYTES = int(os.environ.get("DJANGO_RECEIPT_MAX_BYTES", 10 * 1024 * 1024))
RECEIPTS_PER_CLAIM = 10
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible object storage (django-storages) when DJANGO_S3_* are set (common/s3.py).
STORAGES.update(s3_storages(os.environ))

# Widgets render from the project's templates too, so templates/admin/widgets can give the
# admin's date and time inputs real labels.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Renditions are made when a photo is saved, and their URLs are computed without touching the
# database or the disk, so pages with many photos keep a constant number of queries.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
# Uploads larger than this many pixels are refused before they are decoded.
IMAGE_MAX_PIXELS = int(os.environ.get("DJANGO_IMAGE_MAX_PIXELS", 50_000_000))
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("DJANGO_IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

# Links in emails are built from this address, never from a request's Host header.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
