"""Every public form and URL, fed with Hypothesis's worst: never a 500, never a half-saved row.

Values include NUL, lone surrogates (sent as the bytes a broken client would send), right-to-
left marks, huge strings, wrong types; requests come with and without CSRF tokens, with the
wrong methods and odd content types.
"""

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bursaries.forms import BursaryApplicationForm
from bursaries.models import BursaryApplication
from outbox.models import Email
from registrations.forms import RegistrationForm
from registrations.models import Registration
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

nasty_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300),
    st.just("\x00"),
    st.just("\ud800"),  # a lone surrogate
    st.just("\u202e\u200f" * 50),
    st.just("x" * 20_000),
    st.just("<script>alert(1)</script>"),
    st.just("=cmd|' /C calc'!A0"),
    st.integers().map(str),
    st.just(""),
)

# Every field the forms declare, so that a new field is fuzzed too.
REGISTRATION_FIELDS = list(RegistrationForm.base_fields)
BURSARY_FIELDS = list(BursaryApplicationForm.base_fields)


def form_body(values):
    """An urlencoded body that may hold bytes no browser would send (lone surrogates)."""
    return "&".join(
        f"{quote_from_bytes(key.encode())}="
        f"{quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
        for key, value in values.items()
    )


def post_form(client, url, values, content_type="application/x-www-form-urlencoded"):
    return client.generic("POST", url, form_body(values), content_type=content_type)


def counts():
    return (Registration.objects.count(), BursaryApplication.objects.count(), Email.objects.count())


@pytest.fixture
def seminar():
    return SeminarFactory(capacity=5)


@FUZZ
@given(values=st.fixed_dictionaries({}, optional={f: nasty_text for f in REGISTRATION_FIELDS}))
def test_registration_form_never_fails(client, seminar, values):
    before = counts()

    response = post_form(client, f"/seminars/{seminar.slug}/register/", values)

    assert response.status_code in (200, 302, 400, 429)
    if response.status_code != 302:
        assert counts() == before


@FUZZ
@given(values=st.fixed_dictionaries({}, optional={f: nasty_text for f in BURSARY_FIELDS}))
def test_bursary_form_never_fails(client, seminar, values):
    before = counts()

    response = post_form(client, f"/seminars/{seminar.slug}/bursary/", values)

    assert response.status_code in (200, 302, 400, 429)
    if response.status_code != 302:
        assert counts() == before


@FUZZ
@given(email=nasty_text)
def test_manage_link_form_never_fails(client, seminar, email):
    response = post_form(client, f"/seminars/{seminar.slug}/my-link/", {"email": email})

    assert response.status_code in (200, 302, 400, 429)


@FUZZ
@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            f: nasty_text for f in ("access_requirements", "dietary_requirements", "health_consent")
        },
    )
)
def test_manage_page_never_fails(client, values):
    registration = RegistrationFactory()

    response = post_form(client, registration.manage_path, values)

    assert response.status_code in (200, 302, 400)


@FUZZ
@given(
    values=st.fixed_dictionaries(
        {}, optional={f: nasty_text for f in ("amount", "reason_over_offer", "answer")}
    )
)
def test_claim_and_answer_pages_never_fail(client, values):
    application = BursaryApplicationFactory()
    token = application.token

    for path in (f"/bursaries/{token}/claim/", f"/bursaries/{token}/answer/"):
        response = post_form(client, path, values)
        assert response.status_code in (200, 302, 400)


@FUZZ
@given(segment=nasty_text)
def test_urls_with_any_slug_or_token_never_fail(client, segment):
    quoted = quote_from_bytes(segment.encode("utf-8", "surrogatepass"), safe="")
    for path in (
        f"/seminars/{quoted}/",
        f"/seminars/{quoted}/register/",
        f"/seminars/{quoted}/calendar.ics",
        f"/people/{quoted}/",
        f"/registrations/{quoted}/",
        f"/bursaries/{quoted}/withdraw/",
        f"/{quoted}",
    ):
        assert client.get(path).status_code in (200, 301, 302, 400, 404), path


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "head"])
def test_wrong_methods_never_fail(client, seminar, method):
    registration = RegistrationFactory(seminar=seminar)
    for path in (
        f"/seminars/{seminar.slug}/register/",
        f"/seminars/{seminar.slug}/bursary/",
        registration.manage_path,
        f"{registration.manage_path}cancel/",
    ):
        assert getattr(client, method)(path).status_code in (200, 405), (method, path)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/xml", ""],
)
def test_odd_content_types_never_fail(client, seminar, content_type):
    before = counts()

    response = client.generic(
        "POST", f"/seminars/{seminar.slug}/register/", b"\xff\xfe{not: valid", content_type
    )

    assert response.status_code in (200, 400)
    assert counts() == before


def test_missing_csrf_token_is_refused_everywhere(seminar):
    client = Client(enforce_csrf_checks=True)
    registration = RegistrationFactory(seminar=seminar)
    before = counts()

    for path in (
        f"/seminars/{seminar.slug}/register/",
        f"/seminars/{seminar.slug}/bursary/",
        f"/seminars/{seminar.slug}/my-link/",
        registration.manage_path,
        f"{registration.manage_path}cancel/",
    ):
        assert client.post(path, {"name": "x"}).status_code == 403, path
    assert counts() == before
