"""A database error while a form is checked or its page looked up is a failure to check, never
an answer: the person gets a 503 that keeps what they typed, never "already registered", never
a 500 (common.basemodels.ConstraintsCheckedModel, common.middleware.DatabaseFailures)."""

import contextlib
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import OperationalError, ProgrammingError, connection, models
from django.test import Client
from django.urls import reverse

from common.basemodels import ConstraintsCheckedModel
from registrations.models import Registration
from tests.factories import RegistrationFactory, SeminarFactory
from tests.registrations.test_views import form_data
from tests.utils import text

pytestmark = pytest.mark.django_db

ALREADY = "already has a place"

# A form whose save fails comes back through common.views.database_failed, which drops a
# connection left in a transaction: on PostgreSQL, a test must then run outside one.
OUTSIDE_A_TRANSACTION = pytest.mark.django_db(transaction=True)


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


@OUTSIDE_A_TRANSACTION
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
    assert "Anything else about food" in page  # the form's own label
    assert "Send again" in page
    assert not Registration.objects.exists()


def test_a_page_that_cannot_be_looked_up_says_try_again_in_a_minute(client):
    seminar = SeminarFactory()
    with failing("seminars_seminar"):
        response = client.get(reverse("registrations:register", args=[seminar.slug]))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Please try again in a minute" in text(response)


def test_a_database_error_that_looks_like_our_mistake_keeps_its_traceback(client, caplog):
    seminar = SeminarFactory()

    def broken(execute, sql, params, many, context):
        if "seminars_seminar" in sql:
            raise ProgrammingError('column "title" does not exist')
        return execute(sql, params, many, context)

    with connection.execute_wrapper(broken):
        response = client.post(reverse("registrations:register", args=[seminar.slug]), form_data())
    mine = [r for r in caplog.records if r.name == "common.middleware"]

    assert response.status_code == 503
    assert [(r.levelname, r.exc_info is not None) for r in mine] == [("ERROR", True)]
    assert "sian@example.org" not in mine[0].getMessage()


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


# Each public form that checks a constraint as it saves: what it posts, something the person
# typed that the answer must keep, and what would have been saved.


def register_case():
    seminar = SeminarFactory()
    url = reverse("registrations:register", args=[seminar.slug])
    return url, form_data(dietary_requirements="Typed by me"), Registration.objects.all()


def requirements_case():
    registration = RegistrationFactory()
    url = reverse("registrations:manage", args=[registration.manage_token])
    data = {"access_requirements": "", "dietary_requirements": "Typed by me"}
    return url, data, Registration.objects.filter(dietary_requirements="Typed by me")


def apply_case():
    from bursaries.models import BursaryApplication
    from tests.bursaries.test_views import form_data as bursary_data

    seminar = SeminarFactory()
    url = reverse("bursaries:apply", args=[seminar.slug])
    return url, bursary_data(statement="Typed by me"), BursaryApplication.objects.all()


def correct_case():
    from bursaries.models import BursaryApplication
    from tests.bursaries.test_applications import answers
    from tests.factories import BursaryApplicationFactory

    application = BursaryApplicationFactory(payment_method="book")
    url = reverse("bursaries:correct", args=[application.token])
    data = {
        **{k: v for k, v in answers(application).items() if v is not None},
        "companion_needed": "",
        "health_consent": "",
        "statement": "Typed by me",
    }
    return url, data, BursaryApplication.objects.filter(statement="Typed by me")


def claim_case():
    from bursaries.models import Claim
    from tests.bursaries.test_receipts import PDF, accepted, upload

    application = accepted.__wrapped__()
    url = reverse("bursaries:claim", args=[application.token])
    data = {
        "amount": "38.20",
        "reason_over_offer": "Typed by me",
        "receipts": [upload(PDF, "train.pdf", "application/pdf")],
    }
    return url, data, Claim.objects.all()


def sign_up_case():
    from subscribers.models import Subscriber

    url = reverse("subscribers:sign-up")
    return url, {"email": "typed-by-me@example.org", "website": ""}, Subscriber.objects.all()


def opening_alert_case():
    from subscribers.models import Subscriber
    from tests.factories import TentativeSeminarFactory

    seminar = TentativeSeminarFactory()
    url = reverse("subscribers:opening-alert", args=[seminar.slug])
    return url, {"email": "typed-by-me@example.org", "website": ""}, Subscriber.objects.all()


def feedback_case():
    from feedback.models import FeedbackAnswer
    from tests.factories.feedback import AttendedFactory

    registration = AttendedFactory()
    url = reverse("feedback:give", args=[registration.manage_token])
    data = {"usefulness": "4", "do_differently": "Typed by me"}
    return url, data, FeedbackAnswer.objects.all()


def upload_case():
    from outputs.models import Material
    from tests.factories.outputs import SpeakerLinkFactory
    from tests.outputs.test_views import upload_data

    link = SpeakerLinkFactory()
    return link.get_absolute_url(), upload_data(title="Typed by me"), Material.objects.all()


PUBLIC_FORMS = [
    register_case,
    requirements_case,
    apply_case,
    correct_case,
    claim_case,
    sign_up_case,
    opening_alert_case,
    feedback_case,
    upload_case,
]


@OUTSIDE_A_TRANSACTION
@pytest.mark.parametrize("case", PUBLIC_FORMS, ids=lambda case: case.__name__)
def test_a_public_form_whose_constraint_check_fails_answers_503_keeping_the_input(client, case):
    url, data, saved = case()
    with constraint_checks_fail() as failed:
        response = client.post(url, data)

    page = text(response)
    assert failed  # the control: this form's save checked a constraint, and the check failed
    assert response.status_code == 503
    assert "could not save this just now" in page
    html = response.content.decode()
    assert "Typed by me" in html or "typed-by-me@example.org" in html
    assert ALREADY not in page
    assert not saved.exists()


def private_link(kind):
    from tests.bursaries.test_views import offered_application

    if kind == "registration":
        registration = RegistrationFactory()
        return registration.manage_token, "registrations_registration"
    return offered_application().token, "bursaries_bursaryapplication"


@pytest.mark.parametrize(
    ("name", "kind", "data"),
    [
        ("registrations:name", "registration", {"name": "Typed by me"}),
        ("registrations:cancel", "registration", {}),
        ("registrations:stop-emails", "registration", {}),
        ("bursaries:accept", "bursary", {"payment_method": "book"}),
        ("bursaries:decline", "bursary", {}),
        ("bursaries:withdraw", "bursary", {}),
    ],
)
def test_a_private_link_that_cannot_be_looked_up_answers_503_keeping_the_input(
    client, name, kind, data
):
    token, table = private_link(kind)
    url = reverse(name, args=[token])
    with failing(table) as failed:
        response = client.post(url, data)
    assert failed
    assert response.status_code == 503
    assert "Send again" in text(response)
    assert f'action="{url}"' in response.content.decode()
    for value in data.values():
        assert f'value="{value}"' in response.content.decode()


class FormFields(HTMLParser):
    """What a browser would send from the page's form with id `form_id`, as it stands."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.data.append((name, attrs.get("value", "")))
            elif "checked" in attrs:
                self.data.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data.removeprefix("\n") if not value else value + data))


def as_sent(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    sent = {}
    for name, value in parser.data:
        sent.setdefault(name, []).append(value)
    return sent


def staff_objects():
    from tests.factories import PersonFactory, VenueFactory

    return {"seminar": SeminarFactory, "person": PersonFactory, "venue": VenueFactory}


@pytest.mark.parametrize("model", list(staff_objects()))
def test_a_staff_form_whose_constraint_check_fails_answers_503_and_changes_nothing(
    client, organiser, model
):
    instance = staff_objects()[model]()
    url = reverse(f"admin:{instance._meta.app_label}_{model}_change", args=[instance.pk])
    sent = as_sent(client.get(url).content.decode(), f"{model}_form")
    before = type(instance).objects.get(pk=instance.pk).updated

    with constraint_checks_fail() as failed:
        response = client.post(url, sent)

    assert failed  # the control: the admin's form checked a constraint, and the check failed
    assert response.status_code == 503
    assert "could not save this just now" in text(response)
    assert type(instance).objects.get(pk=instance.pk).updated == before
    assert client.post(url, sent).status_code == 302  # what was sent is a valid change


def registration_by_staff():
    seminar = SeminarFactory()
    data = {**form_data(name="Typed By Me"), "seminar": seminar.pk}
    return "organising:register-someone", data, Registration.objects.all()


def application_by_phone():
    from bursaries.models import BursaryApplication
    from tests.bursaries.test_views import form_data as bursary_data

    seminar = SeminarFactory()
    data = {**bursary_data(name="Typed By Me"), "seminar": seminar.pk}
    return "admin:bursaries_bursaryapplication_add", data, BursaryApplication.objects.all()


@pytest.mark.parametrize("case", [registration_by_staff, application_by_phone])
def test_staff_adding_someone_while_the_check_fails_are_not_told_already_registered(
    client, organiser, case
):
    name, data, saved = case()
    with constraint_checks_fail() as failed:
        response = client.post(reverse(name), data)

    assert failed
    assert response.status_code == 503
    assert "could not save this just now" in text(response)
    assert "Typed By Me" in response.content.decode()
    assert ALREADY not in text(response)
    assert not saved.exists()
    assert client.post(reverse(name), data).status_code == 302  # the same, sent again, is taken


def test_a_walk_in_whose_constraint_check_fails_says_it_was_not_saved(client, organiser):
    import datetime

    from django.utils import timezone

    from organising.views import SAVE_FAILED

    seminar = SeminarFactory(starts_at=timezone.now() + datetime.timedelta(hours=1))
    with constraint_checks_fail() as failed:
        response = client.post(
            f"/staff/seminars/{seminar.pk}/door/walk-in/", {"name": "Typed By Me"}
        )
    assert failed
    assert SAVE_FAILED in text(response)
    assert 'value="Typed By Me"' in response.content.decode()
    assert ALREADY not in text(response)
    assert not Registration.objects.exists()


def test_the_pages_shown_while_the_database_is_away_are_valid_html(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.bursaries.test_receipts import accepted
    from tests.clients import nu_check
    from tests.test_html_valid import broken_references

    seminar = SeminarFactory()
    register = reverse("registrations:register", args=[seminar.slug])
    with failing("seminars_seminar"):
        pages = {
            "a page": client.get(register).content.decode(),
            "a form kept": client.post(register, form_data(name="<b>Ann</b>")).content.decode(),
        }
    application = accepted.__wrapped__()
    with failing("bursaries_bursaryapplication"):
        claim = client.post(
            reverse("bursaries:claim", args=[application.token]),
            {"amount": "12", "receipts": [SimpleUploadedFile("train ticket.pdf", b"%PDF-1.4")]},
        )
    pages["a form with files kept"] = claim.content.decode()

    assert "train ticket.pdf" in text(claim)
    assert "choose them again" in text(claim)
    assert "&lt;b&gt;Ann&lt;/b&gt;" in pages["a form kept"]
    assert {name: found for name, html in pages.items() if (found := broken_references(html))} == {}
    assert {name: found for name, found in nu_check(pages).items() if found} == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_failure_while_the_database_confirms_a_save_is_told_as_unknown():
    """A COMMIT that fails: here a deferred rule, checked only at COMMIT, as a connection cut
    at that moment fails it (tests/faults/test_form_faults.py does that for real)."""
    from django.db import DatabaseError, transaction

    from common.views import outcome_unknown

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE late (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO late VALUES (1), (1)")
    except DatabaseError as error:
        at_commit = error
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except DatabaseError as error:
        in_a_statement = error

    assert outcome_unknown(at_commit)
    assert not outcome_unknown(in_a_statement)
