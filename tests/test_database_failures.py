"""A database error while a form is checked or its page looked up is a failure to check, never
an answer: the person gets a 503 that keeps what they typed, never "already registered", never
a 500 (config.models.ConstraintsCheckedModel, config.middleware.DatabaseFailures)."""

import contextlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models
from django.test import Client
from django.urls import reverse

from config.models import ConstraintsCheckedModel
from registrations.models import Registration
from tests.factories import RegistrationFactory, SeminarFactory
from tests.registrations.test_views import form_data
from tests.utils import text

pytestmark = pytest.mark.django_db

ALREADY = "already has a place"


@contextlib.contextmanager
def failing(fragment):
    """Every SQL statement containing `fragment` fails, as a cut connection makes it fail."""
    failed = []

    def fail(execute, sql, params, many, context):
        if fragment in sql:
            failed.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield failed


def constraint_checks_fail():
    """The query Django runs to check a conditional UniqueConstraint or a CheckConstraint
    (Q.check: SELECT 1 AS "_check" ...) fails."""
    return failing('"_check"')


def checked_models():
    """Every model whose constraints Django checks with a query (Q.check)."""
    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(constraint, models.CheckConstraint)
            or (isinstance(constraint, models.UniqueConstraint) and constraint.condition)
            for constraint in model._meta.constraints
        )
    ]


def test_every_model_checked_by_a_query_is_covered():
    assert {model._meta.label for model in checked_models()} >= {
        "registrations.Registration",
        "bursaries.BursaryApplication",
        "feedback.FeedbackAnswer",
    }
    assert all(issubclass(model, ConstraintsCheckedModel) for model in checked_models())


@pytest.mark.parametrize("model", checked_models(), ids=lambda model: model._meta.label)
def test_a_failed_constraint_check_raises_the_database_error(model):
    with constraint_checks_fail() as failed, pytest.raises(OperationalError):
        model().validate_constraints()
    assert failed


def test_djangos_own_check_takes_a_failure_for_already_registered():
    """The control: without our model's check, the same failure says "violated"."""
    registration = RegistrationFactory.build(seminar=SeminarFactory())
    with constraint_checks_fail() as failed, pytest.raises(ValidationError) as said:
        models.Model.validate_constraints(registration)
    assert failed
    assert ALREADY in str(said.value)
    with constraint_checks_fail(), pytest.raises(OperationalError):
        registration.validate_constraints()


def test_a_real_duplicate_is_still_refused():
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="sian@example.org")
    with pytest.raises(ValidationError) as said:
        RegistrationFactory.build(seminar=seminar, email="SIAN@example.org").validate_constraints()
    assert ALREADY in str(said.value)


def test_registering_while_the_check_fails_keeps_the_input_and_says_nothing_untrue(client):
    seminar = SeminarFactory()
    url = reverse("registrations:register", args=[seminar.slug])
    with constraint_checks_fail() as failed:
        response = client.post(
            url, form_data(access_requirements="A hearing loop, please", health_consent="on")
        )

    page = text(response)
    assert failed
    assert response.status_code == 503
    assert "We could not save this just now" in page
    assert "A hearing loop, please" in page
    assert 'value="Siân Ó Dálaigh"' in response.content.decode()
    assert ALREADY not in page
    assert not Registration.objects.exists()


def test_a_seminar_that_cannot_be_looked_up_keeps_the_input(client):
    seminar = SeminarFactory()
    with failing("seminars_seminar") as failed:
        response = client.post(
            reverse("registrations:register", args=[seminar.slug]),
            form_data(dietary_requirements="No nuts"),
        )
    page = text(response)
    assert failed
    assert response.status_code == 503
    assert "No nuts" in page
    assert "Dietary requirements" in page  # the form's own label
    assert "Send again" in page
    assert not Registration.objects.exists()


def test_a_page_that_cannot_be_looked_up_says_try_again_in_a_minute(client):
    seminar = SeminarFactory()
    with failing("seminars_seminar"):
        response = client.get(reverse("registrations:register", args=[seminar.slug]))
    assert response.status_code == 503
    assert "Please try again in a minute" in text(response)


def test_sending_again_when_the_database_is_back_registers(client):
    seminar = SeminarFactory()
    url = reverse("registrations:register", args=[seminar.slug])
    with failing("seminars_seminar"):
        kept = client.post(url, form_data())
    again = {
        name: value
        for name, value in _hidden_inputs(kept.content.decode())
        if name != "csrfmiddlewaretoken"
    }
    response = client.post(url, again)
    assert response.status_code == 302
    assert Registration.objects.get().name == "Siân Ó Dálaigh"


def _hidden_inputs(html):
    import re
    from html import unescape

    return [
        (unescape(name), unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', html)
    ]


def test_staff_pages_without_a_database_get_the_calm_503_page(django_user_model):
    """Sessions live in the database: a staff page cannot even open, and says so calmly."""
    user = django_user_model.objects.create_superuser("o", "o@example.org", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with failing("django_session"):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 503
    assert "Please try again in a minute" in text(response)
