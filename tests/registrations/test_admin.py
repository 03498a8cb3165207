import csv
import io

import pytest
from django.urls import reverse

from registrations.models import Registration, RegistrationStatus
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registrations/registration/"


def action(client, name, registrations):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_list_filters_and_search_load(client, organiser):
    registration = RegistrationFactory(name="Siân Ó Dálaigh")

    for query in (
        "",
        "?q=Si%C3%A2n",
        f"?seminar__id__exact={registration.seminar_id}",
        "?status__exact=waiting",
        "?group__exact=carer",
    ):
        assert client.get(CHANGELIST + query).status_code == 200
    assert "Siân Ó Dálaigh" in text(client.get(CHANGELIST + "?q=Si%C3%A2n"))


def test_change_page_loads_and_status_is_read_only(client, organiser):
    registration = RegistrationFactory()

    html = client.get(f"{CHANGELIST}{registration.pk}/change/").content.decode()

    assert 'name="status"' not in html
    assert 'name="name"' in html


def test_organiser_cannot_record_access_needs_without_consent(client, organiser):
    registration = RegistrationFactory()

    response = client.post(
        f"{CHANGELIST}{registration.pk}/change/",
        {
            "name": registration.name,
            "email": registration.email,
            "organisation": "",
            "access_requirements": "Hearing loop",
            "dietary_requirements": "",
        },
    )

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "has not consented to us holding health information" in text(response)
    assert registration.access_requirements == ""


def test_cancel_action_promotes_the_waiting_list(client, organiser):
    seminar = SeminarFactory(capacity=1)
    place = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    response = action(client, "cancel_selected", [place])

    place.refresh_from_db()
    waiting.refresh_from_db()
    assert "Cancelled 1 registration(s)." in text(response)
    assert (place.status, waiting.status) == ("cancelled", "confirmed")


def test_promote_action_refuses_when_there_is_no_place(client, organiser):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    response = action(client, "promote_selected", [waiting])

    waiting.refresh_from_db()
    assert "There is no free place" in text(response)
    assert waiting.status == RegistrationStatus.WAITING


def test_attendance_actions(client, organiser):
    came, absent = RegistrationFactory.create_batch(2)

    action(client, "mark_attended", [came])
    action(client, "mark_not_attended", [absent])

    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


def test_csv_export_escapes_formulas(client, organiser):
    registration = RegistrationFactory(
        name='=HYPERLINK("http://evil.example")', organisation="+44 113", email="a@example.org"
    )

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [registration.pk]}
    )

    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert body.startswith("\ufeff")  # Excel then reads UTF-8
    assert response["Content-Disposition"] == 'attachment; filename="registrations.csv"'
    assert rows[0][:3] == ["Seminar", "Name", "Email"]
    assert rows[1][0] == str(registration.seminar)  # the seminar's title, not a bare number
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][3] == "'+44 113"
    assert rows[1][2] == "a@example.org"


def test_register_someone_who_phoned_in(client, organiser):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    url = reverse("admin:registrations_registration_register_someone")
    data = {
        "seminar": seminar.pk,
        "name": "Phone Caller",
        "email": "caller@example.org",
        "group": "carer",
        "health_consent": "on",
        "privacy_agreed": "on",
    }

    waiting = client.post(url, data, follow=True)
    override = client.post(
        url, {**data, "email": "vip@example.org", "override_capacity": "on"}, follow=True
    )

    assert "on the waiting list at number 1" in text(waiting)
    assert "Phone Caller has a confirmed place." in text(override)
    assert Registration.objects.get(email="vip@example.org").registered_by == organiser
    assert seminar.registrations.confirmed().count() == 2


def test_seminar_admin_shows_places_taken_left_and_waiting(client, organiser):
    seminar = SeminarFactory(capacity=3)
    RegistrationFactory.create_batch(2, seminar=seminar)
    RegistrationFactory(seminar=seminar, status="waiting")

    changelist = client.get("/admin/seminars/seminar/").content.decode()
    change = text(client.get(f"/admin/seminars/seminar/{seminar.pk}/change/"))
    add = client.get("/admin/seminars/seminar/add/")

    assert '<td class="field-places_taken">2</td>' in changelist
    assert '<td class="field-places_left">1</td>' in changelist
    assert '<td class="field-waiting">1</td>' in changelist
    assert "Places taken: 2" in change
    assert add.status_code == 200
    assert Seminar.objects.count() == 1


def test_staff_without_permission_cannot_see_registrations(client, django_user_model):
    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    client.force_login(staff)

    assert client.get(CHANGELIST).status_code == 403
    url = reverse("admin:registrations_registration_register_someone")
    assert client.get(url).status_code == 403


def test_registrations_cannot_be_deleted_in_the_admin_only_cancelled(client, organiser):
    registration = RegistrationFactory()

    response = client.get(f"{CHANGELIST}{registration.pk}/delete/")
    actions = client.get(CHANGELIST).content.decode()

    assert response.status_code == 403
    assert 'value="delete_selected"' not in actions
    assert str(registration) == f"Registration {registration.pk}"


def test_admin_history_of_an_edit_names_no_one(client, organiser):
    from django.contrib.admin.models import LogEntry

    registration = RegistrationFactory(name="Secret Person")

    client.post(
        f"{CHANGELIST}{registration.pk}/change/",
        {
            "name": "Secret Persona",
            "email": registration.email,
            "organisation": "",
            "access_requirements": "",
            "dietary_requirements": "",
        },
    )

    entry = LogEntry.objects.get()
    assert entry.object_repr == f"Registration {registration.pk}"
    assert "Secret" not in entry.object_repr + entry.get_change_message()


def test_an_organisers_edit_goes_through_the_service_and_shows_who_changed_what(client, organiser):
    from common.models import AuditEntry

    registration = RegistrationFactory(name="Secret Person", dietary_requirements="")

    client.post(
        f"{CHANGELIST}{registration.pk}/change/",
        {
            "name": "Secret Persona",
            "email": registration.email,
            "organisation": "",
            "access_requirements": "",
            "dietary_requirements": "Vegan",
        },
    )
    page = text(client.get(f"{CHANGELIST}{registration.pk}/change/"))

    [entry] = AuditEntry.objects.all()
    assert (entry.by, entry.fields) == (organiser, ["dietary_requirements", "name"])
    assert "Secret" not in str(entry.__dict__)
    assert "corrected by an organiser (organiser): dietary requirements, name" in page


def test_attendance_and_cancellation_by_an_organiser_are_recorded(organiser):
    from common.models import AuditEntry
    from registrations import services

    registration = RegistrationFactory()

    services.mark_attendance(registration, attended=True, by=organiser)
    services.cancel_registration(registration, by=organiser)

    assert list(AuditEntry.objects.values_list("action", "by__username")) == [
        ("marked as attended", "organiser"),
        ("cancelled", "organiser"),
    ]
