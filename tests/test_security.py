"""Headers, limits and production settings."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import DatabaseError, connections
from django.test import Client
from django.urls import reverse

from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def production_like(settings):
    """The production security settings, as DJANGO_ENV=production sets them."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def pages(seminar, django_user_model, client):
    staff = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(staff)  # with the second factor, as in tests/conftest.py
    return {
        "public": "/",
        "form": f"/seminars/{seminar.slug}/register/",
        "admin": "/admin/",
    }


@pytest.mark.parametrize("page", ["public", "form", "admin"])
def test_security_headers_on_every_kind_of_page(client, production_like, django_user_model, page):
    seminar = SeminarFactory()
    url = pages(seminar, django_user_model, client)[page]

    response = client.get(url, HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_form_page_cookies_are_secure_httponly_and_lax(client, production_like):
    seminar = SeminarFactory()

    response = client.get(f"/seminars/{seminar.slug}/register/", HTTP_X_FORWARDED_PROTO="https")

    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_session_cookie_is_secure_httponly_and_lax(client, production_like, django_user_model):
    django_user_model.objects.create_user("person", "a@example.org", "pw")

    response = client.post(
        "/account/login/",
        {"login_view-current_step": "auth", "auth-username": "person", "auth-password": "pw"},
        HTTP_X_FORWARDED_PROTO="https",
        REMOTE_ADDR="203.0.113.5",
    )

    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")


def test_plain_http_is_redirected_to_https(client, production_like):
    response = client.get("/seminars/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/seminars/"


def test_a_foreign_host_gets_400(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400


def test_email_links_never_use_the_request_host(client, settings, sent_emails):
    settings.SITE_URL = "https://seminars.example.org"
    settings.ALLOWED_HOSTS = ["seminars.example.org", "testserver", "other.example"]
    seminar = SeminarFactory()

    client.post(
        f"/seminars/{seminar.slug}/register/",
        {"name": "Ann", "email": "ann@example.org", "group": "academic", "privacy_agreed": "on"},
        HTTP_HOST="other.example",
    )

    [email] = sent_emails()
    assert "https://seminars.example.org/registrations/" in email.body
    assert "other.example" not in email.body


@pytest.fixture
def sent_emails():
    from django.core import mail

    from outbox import services

    def deliver():
        services.send_due()
        return list(mail.outbox)

    return deliver


def test_too_many_fields_get_400_not_500(client):
    seminar = SeminarFactory()
    data = {f"field{n}": "x" for n in range(300)}

    response = client.post(f"/seminars/{seminar.slug}/register/", data)

    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_an_oversized_body_gets_400_not_500(client):
    seminar = SeminarFactory()

    response = client.post(f"/seminars/{seminar.slug}/register/", {"name": "x" * (2 * 1024 * 1024)})

    assert response.status_code == 400


def test_too_many_files_get_400_not_500(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seminar = SeminarFactory()
    files = [SimpleUploadedFile(f"f{n}.pdf", b"%PDF-") for n in range(25)]

    response = client.post(f"/seminars/{seminar.slug}/register/", {"receipts": files})

    assert response.status_code == 400


def test_healthz_answers_while_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.parametrize("path", ["/healthz", "/healthz/worker"])
def test_health_probes_are_answered_whatever_the_host_and_scheme(settings, path):
    # Load balancers probe by IP address, over plain HTTP.
    client = Client(raise_request_exception=False)
    settings.ALLOWED_HOSTS = ["seminars.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(path, HTTP_HOST="10.0.0.7:8000")
    page = client.get("/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code in (200, 503)  # the probe's own answer, not a 400 or 301
    assert page.status_code == 400  # everything else still checks the host


def test_healthz_says_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    # The outside world failing, for every connection (the probe opens one of its own).
    monkeypatch.setattr(type(connections["default"]), "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503


def test_check_deploy_passes_under_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE", "REDIS"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x7" * 30 + "-production-like-secret-for-the-deploy-check",
        DJANGO_ALLOWED_HOSTS="seminars.example.org",
        DJANGO_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS"))}
    env.update(DJANGO_ENV="production", DJANGO_SECRET_KEY="s" * 60, DJANGO_VAR_DIR=str(tmp_path))

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "KeyError: 'REDIS_URL'" in result.stderr


def test_object_storage_is_used_when_configured(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        DJANGO_VAR_DIR=str(tmp_path),
        DJANGO_S3_MEDIA_BUCKET="seminars-media",
        DJANGO_S3_PRIVATE_BUCKET="seminars-private",
        DJANGO_S3_REGION="eu-west-2",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; d = storages['default']; "
        "from common.storage import private_storage; p = private_storage(); "
        "print(type(d).__name__, d.bucket_name, "
        "type(p).__name__, p.bucket_name, p.default_acl, p.querystring_auth)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout.split() == [
        "S3Storage",
        "seminars-media",
        "S3Storage",
        "seminars-private",
        "private",
        "True",
    ], result.stderr


def test_guessing_private_links_is_answered_429_past_the_limit_of_misses(client, settings):
    from tests.factories import RegistrationFactory

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token_misses": "3/h"}
    registration = RegistrationFactory()

    misses = [client.get(f"/registrations/{'x' * 43}{n}/").status_code for n in range(4)]
    bursary_miss = client.get(f"/bursaries/{'y' * 43}/").status_code
    own = client.get(registration.manage_path)

    assert misses == [404, 404, 404, 429]
    assert bursary_miss == 429  # one count for every private link
    assert own.status_code == 200  # a right link still works
    assert "no-store" in own["Cache-Control"]


def tick(client, count):
    """The registrations list's form with `count` rows ticked, sent as a browser sends it."""
    return client.post(
        reverse("admin:registrations_registration_changelist"),
        urlencode({"action": "export_csv", "_selected_action": range(1, count + 1)}, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def test_an_admin_list_takes_a_field_per_ticked_row_from_staff_only(
    client, django_user_model, settings
):
    """Ticking many rows in the admin sends many fields: read with the admin lists' own limit,
    for those the admin lets in; anyone else, and every other page, keeps the site's 200."""
    checking = Client(enforce_csrf_checks=True)  # the CSRF check reads the form, as in use
    checking.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    assert tick(checking, 300).status_code == 400  # not signed in
    checking.force_login(django_user_model.objects.create_user("not-staff"))
    assert tick(checking, 300).status_code == 400
    staff = django_user_model.objects.create_superuser("organiser", "o@example.org", "pw")
    client.force_login(staff)
    assert tick(client, 300).status_code == 200
    seminar = SeminarFactory()
    data = urlencode({f"field{n}": "x" for n in range(300)})
    response = client.post(
        f"/seminars/{seminar.slug}/register/",
        data,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_an_admin_list_still_has_a_limit(client, django_user_model, settings):
    settings.ADMIN_LIST_MAX_NUMBER_FIELDS = 250
    staff = django_user_model.objects.create_superuser("organiser", "o@example.org", "pw")
    client.force_login(staff)

    assert tick(client, 300).status_code == 400
