import pytest
from django.urls import reverse

from certificates import services
from certificates.forms import same_name
from certificates.models import IssuedCertificate
from tests.factories import RegistrationFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

CHECK_FORM = reverse("certificates:check-form")


@pytest.fixture
def issued(completed):
    registration = RegistrationFactory(seminar=completed, name="Siân Ó Dálaigh", attended=True)
    return services.issue_certificate(registration)


def test_the_check_page_shows_seminar_date_hours_and_validity_never_the_name(client, issued):
    response = client.get(issued.get_absolute_url())

    page = text(response)
    seminar = issued.seminar
    assert response.status_code == 200
    assert f"Certificate {issued.display_code}" in page
    assert "This certificate is valid." in page
    assert f"Seminar {seminar.number}: {seminar.title}" in page
    assert "5.5 hours" in page
    assert "Siân" not in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_a_withdrawn_certificate_says_so_with_the_date(client, issued, organiser):
    services.withdraw_certificate(issued, by=organiser, reason="Given in error")

    page = text(client.get(issued.get_absolute_url()))

    assert "This certificate is not valid. We withdrew it on" in page
    assert "This certificate is valid." not in page
    assert "Given in error" not in page


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("Siân Ó Dálaigh", "Yes: that is the name on this certificate."),
        ("  siân   ó DÁLAIGH ", "Yes: that is the name on this certificate."),
        ("Sian O Dalaigh", "That is not the name on this certificate."),
        ("Someone Else", "That is not the name on this certificate."),
    ],
)
def test_the_name_is_confirmed_only_when_typed(client, issued, typed, answer):
    response = client.post(issued.get_absolute_url(), {"name": typed})

    page = text(response)
    assert answer in page
    if "not" in answer:
        assert "Siân" not in response.content.decode().replace(typed, "")


def test_same_name_ignores_case_spacing_compatibility_forms_and_joiners():
    assert same_name("ﬁona  SMITH", "Fiona Smith")  # the ligature "ﬁ" is "fi" under NFKC
    assert same_name("زهراسادات", "زهرا\u200cسادات")  # noqa: RUF001 (a Persian name)
    assert not same_name("Fiona Smith", "")  # an erased name confirms nothing
    assert not same_name("Sian", "Siân")


def test_an_erased_name_cannot_be_checked(client, issued):
    IssuedCertificate.objects.update(name_printed="", name_erased_at=issued.issued_at)

    page = text(client.get(issued.get_absolute_url()))
    answer = text(client.post(issued.get_absolute_url(), {"name": "Siân Ó Dálaigh"}))

    assert "We no longer keep the name printed on this certificate" in page
    assert "Yes: that is the name on this certificate" not in answer


def test_the_code_form_leads_to_the_page_however_the_code_is_typed(client, issued):
    typed = issued.code.lower().replace("0", "o")

    response = client.get(CHECK_FORM, {"code": f" {typed[:6]} {typed[6:]} "})

    assert response.status_code == 302
    assert response["Location"] == issued.get_absolute_url()


def test_a_code_in_another_form_in_the_address_redirects_to_the_printed_one(client, issued):
    response = client.get(reverse("certificates:check", kwargs={"code": issued.code.lower()}))

    assert response["Location"] == issued.get_absolute_url()


@pytest.mark.parametrize("code", ["", "ABC", "not a code at all"])
def test_a_malformed_code_asks_for_it_as_printed(client, code):
    response = client.get(CHECK_FORM, {"code": code})

    assert response.status_code == 200
    assert "Enter the code as it is printed on the certificate" in text(response)


def test_an_unknown_code_says_so_and_guessing_is_limited(client, settings, issued):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token_misses": "3/h"}
    wrong = "ZZZZ-ZZZZ-ZZZZ" if issued.code != "ZZZZZZZZZZZZ" else "YYYY-YYYY-YYYY"

    first = client.get(CHECK_FORM, {"code": wrong})
    statuses = [client.get(reverse("certificates:check", args=[wrong])).status_code] + [
        client.get(CHECK_FORM, {"code": wrong}).status_code for _ in range(2)
    ]

    assert first.status_code == 404
    assert "We have no certificate with this code" in text(first)
    assert statuses == [404, 404, 429]


def test_name_guessing_is_limited(client, settings, issued):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "check_name": "2/h"}

    statuses = [
        client.post(issued.get_absolute_url(), {"name": f"Guess {n}"}).status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_typed_name_with_direction_overrides_is_refused(client, issued):
    response = client.post(issued.get_absolute_url(), {"name": "Siân\u202e Ó Dálaigh"})

    assert "Names cannot contain control or text-direction characters" in text(response)
    assert "Yes: that is the name on this certificate" not in text(response)


def test_the_check_page_runs_a_constant_number_of_queries(
    client, issued, completed, django_assert_num_queries
):
    other = services.issue_certificate(RegistrationFactory(seminar=completed, attended=True))

    # The certificate with its seminar, and the two the footer of every page runs.
    for certificate in (issued, other):
        with django_assert_num_queries(3):
            client.get(certificate.get_absolute_url())
        with django_assert_num_queries(3):
            client.post(certificate.get_absolute_url(), {"name": "Anyone"})
