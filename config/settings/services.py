"""Email and the outbox, how long personal data is kept, the shared cache, rate limits, logging,
and the site's name and contact address."""

import os

from common.logging import logging_settings

from .base import DEBUG, PRODUCTION, env_bool

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
# Contributors' names, addresses and lived-experience flags go this long after the seminar
# ends; the amounts stay in the ledger.
FEE_KEEP_MONTHS = int(os.environ.get("FEE_KEEP_MONTHS", 12))
BURSARY_OFFER_REMINDER_DAYS = int(os.environ.get("BURSARY_OFFER_REMINDER_DAYS", 3))
# The feedback form stays open this many days after an organiser marks attendance complete.
FEEDBACK_OPEN_DAYS = int(os.environ.get("FEEDBACK_OPEN_DAYS", 28))

# The cache is shared by every worker in production (Redis), so rate limits hold across them.
REDIS_URL = os.environ["REDIS_URL"] if PRODUCTION else os.environ.get("REDIS_URL")
if REDIS_URL:
    # django-redis keeps one Redis client per process (Django's own backend makes one a call).
    # A stopped or frozen Redis costs a request a fraction of a second, once: after a failure
    # the site does without the cache for a while (common/cache.py).
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

# Public pages are cached whole for at most this long (common/pagecache.py), and always renewed
# when content or places change. Off while developing, so template edits show at once.
# Only with Redis: separate memory caches in several workers could not renew each other's pages.
PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_SECONDS", 600 if REDIS_URL and not DEBUG else 0)
)
# Parts of pages kept beneath the page cache by content version (common/fragments.py); only
# ever while the page cache is on.
PAGE_FRAGMENTS = env_bool("DJANGO_PAGE_FRAGMENTS", default=True)

# How many reverse proxies stand in front of the site, each adding to X-Forwarded-For. Rate limits
# count the address the outermost trusted proxy saw, never what the client claims.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0))
RATELIMIT_IP_META_KEY = "common.client_ip.client_ip"
# A public form sent sooner than this after its page was made is sent back to send again:
# robots post within milliseconds, people take seconds at least (common.forms.RobotChecksMixin).
FORM_MIN_SECONDS = float(os.environ.get("DJANGO_FORM_MIN_SECONDS", 2))
# Form posts per client address per hour. A whole room behind one university network must be
# able to register at once, so these are generous; the honeypot stops most robots anyway.
RATE_LIMITS = {
    "register": os.environ.get("DJANGO_RATE_REGISTER", "300/h"),
    "manage_link": os.environ.get("DJANGO_RATE_MANAGE_LINK", "60/h"),
    "bursary": os.environ.get("DJANGO_RATE_BURSARY", "100/h"),
    "fee": os.environ.get("DJANGO_RATE_FEE", "60/h"),
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

LOGGING = logging_settings(level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"))
