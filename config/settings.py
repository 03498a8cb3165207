"""Settings for every environment: only environment variables differ.

Defaults work on a fresh laptop (SQLite and media in the git-ignored var/ folder, a development
secret key generated on first run). DJANGO_ENV=production turns the guards on.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.urls import reverse

from config.logging import logging_settings
from config.s3 import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent
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
    "subscribers",
    "registrations",
    "bursaries",
    "outputs",
    "certificates",
    "feedback",
    "organising",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "config.middleware.head_without_body",
    "config.deadline.DatabaseDeadline",  # first to start the clock, so it covers all the rest
    "config.middleware.health_probes",  # before anything checks the Host header
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.staff_sessions_expire",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Looks at nothing on the way in: it answers a view's database failure (503).
    "config.middleware.DatabaseFailures",
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
                "config.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in var/ by default; DATABASE_URL (postgres://...) switches to PostgreSQL with psycopg 3.
DATABASE_URL = os.environ.get("DATABASE_URL")
# How long one SQL statement may run, by what the process is (manage.py sets DJANGO_DB_ROLE):
# a web request gives up after 10 s and answers, the email worker and scheduled jobs get two
# minutes, migrations as long as they need.
DB_ROLE = os.environ.get("DJANGO_DB_ROLE", "web")
STATEMENT_TIMEOUT_MS = int(
    os.environ.get(
        "DJANGO_DB_STATEMENT_TIMEOUT_MS",
        {"web": 10_000, "job": 120_000, "migrate": 0}.get(DB_ROLE, 10_000),
    )
)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=60,
            # A kept connection is checked before each request reuses it, so a database
            # restart or failover costs nobody a 500.
            conn_health_checks=env_bool("DJANGO_DB_HEALTH_CHECKS", default=True),
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["OPTIONS"] = {
            "connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", 3)),
            # A live server checks every 2 s, while it runs a statement, whether the client is
            # still there (a request's connection cut at its deadline, below; PostgreSQL 14+).
            "options": (
                f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
                " -c client_connection_check_interval=2000"
            ),
            "application_name": f"seminars-{DB_ROLE}",
            # A network that dies is noticed within about 25 s, on idle connections kept between
            # requests and on the email worker's: keepalive probes after 10 s of quiet, every 5 s,
            # three missed; data unacknowledged for 25 s drops the connection. (A paused server
            # still acknowledges: only the request deadline below notices that.)
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 25_000,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # atomic() takes SQLite's write lock up front, so capacity checks serialise
                # (select_for_update does nothing on SQLite).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
# A web request's database work gives up this many seconds after the request started, even
# when the server is hung and its statement_timeout cannot fire: its connection is cut
# (config/deadline.py). With a new connection's 3 s connect timeout, a page answers within 10 s,
# far below gunicorn's 30 s timeout: a person gets the 503 page, not a dropped connection. 0: off.
DB_REQUEST_TIMEOUT = float(os.environ.get("DJANGO_DB_REQUEST_TIMEOUT", 5))
# Where each gunicorn worker answers the load balancer's /healthz, apart from the pages
# (config/health.py, started by config/gunicorn.py), so it answers while every worker is busy.
HEALTH_BIND = os.environ.get("DJANGO_HEALTH_BIND", "127.0.0.1:8001")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff sign in at /account/login/ with a password and a second factor (django-two-factor-auth,
# on django-otp); django-axes locks out a username from one address after repeated failures,
# without locking the same person out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# django-axes keeps the form data of a failed attempt: never the password or a code, whatever
# the sign-in steps and the "confirm it is you" form (config/signin.py) call their fields.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "auth-password",
    "token-otp_token",
    "backup-otp_token",
    "generator-token",
    "password",
    "code",
]
# The admin's device pages show neither app keys nor backup codes (django-otp).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
# S3-compatible object storage (django-storages) when DJANGO_S3_* are set (config/s3.py).
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

# Email: every message is written to the outbox in the transaction that causes it, and
# `manage.py send_queued_email` delivers it (console in development, locmem in tests,
# django-anymail in production: ANYMAIL_PROVIDER selects the provider's backend).
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Reimagining professionalism <noreply@example.org>"
)
ANYMAIL_PROVIDER = os.environ.get("ANYMAIL_PROVIDER")  # e.g. "postmark", "mailgun", "amazon_ses"
if ANYMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get(
        "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
EMAIL_TIMEOUT = 20  # seconds, for SMTP
ANYMAIL = {
    # Provider credentials come from ANYMAIL_<PROVIDER>_API_KEY and the like in the environment.
    "REQUESTS_TIMEOUT": (5, 20),  # connect and read seconds for HTTP API providers
}
OUTBOX_MAX_ATTEMPTS = 8  # then an email is marked failed for an organiser to look at
# A worker holds each email it is sending for this long (renewed before each send): if it dies,
# another takes the email over after this. Keep it above the provider's timeouts above.
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", 60))
# The worker waits for the database with back-off (at most this many seconds between tries),
# and exits non-zero after this long failing, so that its supervisor starts it afresh.
OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", 30))
OUTBOX_GIVE_UP_SECONDS = int(os.environ.get("OUTBOX_GIVE_UP_SECONDS", 300))
OUTBOX_KEEP_SENT_DAYS = 30  # sent emails hold personal data: the worker deletes them after this

# Registration reminders (days) and retention (months after the seminar ends). The retention
# command deletes the stated group and access and dietary requirements after the first period,
# whole registrations after the second; anonymous counts stay.
REGISTRATION_REMINDER_DAYS = int(os.environ.get("REGISTRATION_REMINDER_DAYS", 3))
REGISTRATION_DETAILS_KEEP_MONTHS = int(os.environ.get("REGISTRATION_DETAILS_KEEP_MONTHS", 3))
REGISTRATION_KEEP_MONTHS = int(os.environ.get("REGISTRATION_KEEP_MONTHS", 12))
# The certificate register keeps the name printed on each certificate this many years after it
# was issued (professional revalidation looks back up to five years: GMC's cycle is five, NMC's
# three, HCPC's two), then only its code, seminar, hours and dates (README: "The certificate
# register").
CERTIFICATE_NAME_KEEP_YEARS = int(os.environ.get("CERTIFICATE_NAME_KEEP_YEARS", 6))
BURSARY_KEEP_MONTHS = int(os.environ.get("BURSARY_KEEP_MONTHS", 12))  # after the seminar ends
BURSARY_OFFER_REMINDER_DAYS = int(os.environ.get("BURSARY_OFFER_REMINDER_DAYS", 3))
# The feedback form stays open this many days after an organiser marks attendance complete.
FEEDBACK_OPEN_DAYS = int(os.environ.get("FEEDBACK_OPEN_DAYS", 28))

# The cache is shared by every worker in production (Redis), so rate limits hold across them.
REDIS_URL = os.environ["REDIS_URL"] if PRODUCTION else os.environ.get("REDIS_URL")
if REDIS_URL:
    # django-redis keeps one Redis client per process (Django's own backend makes one a call).
    # A stopped or frozen Redis costs a request a fraction of a second, once: after a failure
    # the site does without the cache for a while (config/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", 0.25)),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", 0.25)),
            },
        }
    }
    SILENCED_SYSTEM_CHECKS = []
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process in development: a memory cache is enough for the rate limits there.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Public pages are cached whole for at most this long (config/pagecache.py), and always renewed
# when content or places change. Off while developing, so template edits show at once.
# Only with Redis: separate memory caches in several workers could not renew each other's pages.
PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_SECONDS", 600 if REDIS_URL and not DEBUG else 0)
)

# How many reverse proxies stand in front of the site, each adding to X-Forwarded-For. Rate limits
# count the address the outermost trusted proxy saw, never what the client claims.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0))
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"
# A public form sent sooner than this after its page was made is sent back to send again:
# robots post within milliseconds, people take seconds at least (common.forms.RobotChecksMixin).
FORM_MIN_SECONDS = float(os.environ.get("DJANGO_FORM_MIN_SECONDS", 2))
# Form posts per client address per hour. A whole room behind one university network must be
# able to register at once, so these are generous; the honeypot stops most robots anyway.
RATE_LIMITS = {
    "register": os.environ.get("DJANGO_RATE_REGISTER", "300/h"),
    "manage_link": os.environ.get("DJANGO_RATE_MANAGE_LINK", "60/h"),
    "bursary": os.environ.get("DJANGO_RATE_BURSARY", "100/h"),
    "speaker_upload": os.environ.get("DJANGO_RATE_SPEAKER_UPLOAD", "30/h"),
    # Private links that match nothing, from one address: guessing, not mistyping.
    "token_misses": os.environ.get("DJANGO_RATE_TOKEN_MISSES", "30/h"),
    # Names typed on a certificate's verification page: someone trying names, not a reader.
    "check_name": os.environ.get("DJANGO_RATE_CHECK_NAME", "60/h"),
}

# The benchmark's ceiling: a trivial view at /benchmark/ceiling, served only when asked for.
BENCHMARK_CEILING = env_bool("DJANGO_BENCHMARK_CEILING", default=False)

# Shown on the contact page and used as the address for questions and access needs.
CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "coproduction-seminars@example.org")
SITE_NAME = "Reimagining professionalism: towards co-production"

SESSION_COOKIE_HTTPONLY = True
# Staff sessions (the only sessions the site keeps) end after two idle hours, and twelve hours
# after signing in however busy: a day at the door fits.
STAFF_SESSION_IDLE = datetime.timedelta(hours=2)
STAFF_SESSION_LONGEST = datetime.timedelta(hours=12)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    # Behind a reverse proxy that terminates TLS and sends X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Off only where the proxy itself sends http to https.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/worker)?$"]  # health checks speak plain http
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# No page needs inline script or style, so the policy can be strict (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its checkbox ticks as data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# Bounded requests: larger bodies, more fields or more files get 400, never 500. Uploaded files
# are not counted in the body size; each form limits its own files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LOGGING = logging_settings(level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"))
