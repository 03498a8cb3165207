"""The benchmark's minimal project: Django's own defaults (startproject's middleware and apps)
and one trivial view, the most a Django site can serve on this machine. benchmarks/run serves it
with scripts/serve, the site's production gunicorn command, and compares every page with it."""

import os

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "the-benchmark-ceiling-keeps-no-secrets")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.ceiling.urls"
WSGI_APPLICATION = "benchmarks.ceiling.wsgi.application"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Never opened: the view reads nothing.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
STATIC_URL = "static/"
USE_TZ = True
