"""Site-wide rules: settings, static files, templates without inline script or style, errors."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from seminars.models import PageKind
from tests.factories import PageFactory, SeminarSpeakerFactory, TentativeSeminarFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env, expression):
    """Import the settings fresh with `env`, as a new process would, and print `expression`."""
    code = f"import config.settings as s; print({expression})"
    clean_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE", "REDIS"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = settings_in_subprocess(
        {"DJANGO_ENV": "production", "DJANGO_VAR_DIR": str(tmp_path)}, "s.SECRET_KEY"
    )

    assert result.returncode != 0
    assert "KeyError: 'DJANGO_SECRET_KEY'" in result.stderr


def test_production_turns_debug_off_and_uses_the_given_key(tmp_path):
    result = settings_in_subprocess(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "from-the-environment",
            "DJANGO_VAR_DIR": str(tmp_path),
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        "s.DEBUG, s.SECRET_KEY, s.SERVE_MEDIA",
    )

    assert result.stdout.strip() == "False from-the-environment False"


def test_development_key_is_generated_once_and_kept(tmp_path):
    env = {"DJANGO_VAR_DIR": str(tmp_path)}

    first = settings_in_subprocess(env, "s.DEBUG, s.SECRET_KEY").stdout.split()
    second = settings_in_subprocess(env, "s.DEBUG, s.SECRET_KEY").stdout.split()

    assert first[0] == "True"
    assert len(first[1]) >= 50
    assert first == second
    assert (tmp_path / "dev-secret-key").read_text() == first[1]
    assert oct((tmp_path / "dev-secret-key").stat().st_mode & 0o777) == "0o600"


def test_database_url_switches_to_postgresql(tmp_path):
    result = settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "DJANGO_VAR_DIR": str(tmp_path),
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "test"]


def test_defaults_are_uk_time_and_british_english(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "en-gb"


def test_collectstatic_builds_compressed_hashed_files(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    built = {path.name for path in (tmp_path / "static" / "css").iterdir()}
    hashed = [name for name in built if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert len(hashed) == 1
    assert f"{hashed[0]}.gz" in built
    assert (tmp_path / "static" / "bootstrap" / "css" / "bootstrap.min.css").exists()


def public_pages():
    talk = SeminarSpeakerFactory()
    tentative = TentativeSeminarFactory()
    for kind in PageKind.values:
        PageFactory(kind=kind)
    return [
        "/",
        "/seminars/",
        talk.seminar.get_absolute_url(),
        tentative.get_absolute_url(),
        "/people/",
        talk.person.get_absolute_url(),
        "/partners/",
        "/research/",
        *(f"/{kind}/" for kind in PageKind.values),
        "/missing/",
    ]


def test_no_public_page_has_inline_script_or_style(client):
    """A strict Content-Security-Policy forbids inline code; no page may need it."""
    for url in public_pages():
        html = client.get(url).content.decode()

        inline = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", html)
            if "src=" not in tag and tag != '<script type="application/ld+json">'
        ]
        assert inline == [], url
        assert "<style" not in html, url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_every_public_page_has_one_h1_a_skip_link_and_landmarks(client):
    for url in public_pages():
        html = client.get(url).content.decode()

        assert len(re.findall(r"<h1\b", html)) == 1, url
        assert '<a class="skip-link" href="#main-content">' in html, url
        assert '<main id="main-content"' in html, url
        assert '<nav class="site-nav" aria-label="Main">' in html, url
        assert "<header" in html, url
        assert "<footer" in html, url
        assert '<html lang="en-GB">' in html, url


@override_settings(ROOT_URLCONF="tests.urls_error", CONTACT_EMAIL="help@example.org")
def test_a_failing_page_shows_the_sites_500_page(client):
    client.raise_request_exception = False

    response = client.get("/fail/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong</h1>" in html
    assert 'href="mailto:help@example.org"' in html
    assert "RuntimeError" not in html


@override_settings(ROOT_URLCONF="tests.urls_error", CONTACT_EMAIL="help@example.org")
def test_a_page_the_database_fails_shows_the_calm_503_page_without_asking_it_again(
    client, django_assert_num_queries
):
    client.raise_request_exception = False

    with django_assert_num_queries(0):  # not even the footer's dates and logos
        response = client.get("/database-fails/")

    html = response.content.decode()
    assert response.status_code == 503
    assert "try again in a minute" in html
    assert 'href="mailto:help@example.org"' in html
    assert "Sorry, something went wrong" not in html
    assert "OperationalError" not in html


def test_a_head_request_gets_the_headers_and_no_body(rf):
    from django.http import HttpResponse

    from common.middleware import head_without_body

    page = head_without_body(lambda request: HttpResponse(b"a page"))

    head = page(rf.head("/"))
    get = page(rf.get("/"))

    assert (head.content, head["Content-Length"]) == (b"", "6")
    assert get.content == b"a page"
