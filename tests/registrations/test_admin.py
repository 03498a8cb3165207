import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email, EmailStatus
from registrations.models import Registration, RegistrationStatus
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.utils import london, text

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
    assert "Cancelled 1 registration." in text(response)
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
    yesterday = SeminarFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    came, absent = RegistrationFactory.create_batch(2, seminar=yesterday)

    action(client, "mark_attended", [came])
    action(client, "mark_not_attended", [absent])

    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


def test_attendance_actions_wait_for_the_day(client, organiser):
    registration = RegistrationFactory()  # a seminar a month ahead

    response = action(client, "mark_attended", [registration])

    registration.refresh_from_db()
    assert "Arrivals can be marked from" in text(response)
    assert registration.attended is None


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
    url = reverse("organising:register-someone")
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
    url = reverse("organising:register-someone")
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
    assert "Corrected by an organiser: organiser" in page
    assert "(dietary requirements, full name)" in page


def test_attendance_and_cancellation_by_an_organiser_are_recorded(organiser):
    from common.models import AuditEntry
    from registrations import services

    registration = RegistrationFactory()

    services.mark_attendance(
        registration, attended=True, by=organiser, now=registration.seminar.starts_at
    )
    services.cancel_registration(registration, by=organiser)

    assert list(AuditEntry.objects.values_list("action", "by__username")) == [
        ("marked as attended", "organiser"),
        ("cancelled", "organiser"),
    ]


def names_found(client, term):
    response = client.get(CHANGELIST, {"q": term})
    return sorted(registration.name for registration in response.context["cl"].result_list)


def test_search_ignores_accents_and_capitals(client, organiser):
    RegistrationFactory(name="Seán Ó Dálaigh", organisation="Université de Liège")
    RegistrationFactory(name="Sean Murphy", organisation="Mind")
    RegistrationFactory(name="Ann Zed", organisation="Leeds Mind", email="ann.zed@example.org")

    assert names_found(client, "Sean") == ["Sean Murphy", "Seán Ó Dálaigh"]
    assert names_found(client, "SEÁN") == ["Sean Murphy", "Seán Ó Dálaigh"]
    assert names_found(client, "o dalaigh") == ["Seán Ó Dálaigh"]
    assert names_found(client, "Ó DÁLAIGH") == ["Seán Ó Dálaigh"]
    assert names_found(client, "universite liege") == ["Seán Ó Dálaigh"]
    assert names_found(client, "leeds") == ["Ann Zed"]
    assert names_found(client, "ANN.ZED@example") == ["Ann Zed"]
    assert names_found(client, "Siobhán") == []


def changelist_queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_list_shows_waiting_positions_in_as_many_queries_for_one_row_as_for_many(
    client, organiser
):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    changelist_queries(client)  # the session's first request does some work once
    one, _ = changelist_queries(client)

    RegistrationFactory.create_batch(11, seminar=seminar, status=RegistrationStatus.WAITING)
    RegistrationFactory.create_batch(3)
    many, html = changelist_queries(client)

    assert many == one
    assert '<td class="field-position">1st</td>' in html
    assert '<td class="field-position">12th</td>' in html
    assert html.count('<td class="field-position">') == 16  # the places show no position


def test_a_filtered_list_and_the_change_page_count_the_whole_waiting_list(client, organiser):
    seminar = SeminarFactory(capacity=0)
    RegistrationFactory.create_batch(2, seminar=seminar, status=RegistrationStatus.WAITING)
    third = RegistrationFactory(
        seminar=seminar, name="Seán Third", status=RegistrationStatus.WAITING
    )
    confirmed = RegistrationFactory()

    _, html = changelist_queries(client, "?q=sean+third&status__exact=waiting")
    waiting_page = text(client.get(f"{CHANGELIST}{third.pk}/change/"))
    confirmed_page = text(client.get(f"{CHANGELIST}{confirmed.pk}/change/"))

    assert '<td class="field-position">3rd</td>' in html
    assert "Waiting list: 3rd on the waiting list" in waiting_page
    assert "Waiting list: Not on the waiting list" in confirmed_page


def test_csv_export_names_the_seminar_and_gives_dates_in_words(client, organiser):
    seminar = SeminarFactory(
        number=3,
        title="Co-production in practice",
        starts_at=london(2027, 1, 5, 10),
        ends_at=london(2027, 1, 5, 16),
        capacity=1,
    )
    confirmed = RegistrationFactory(seminar=seminar, name="Ann Zed")
    waiting = RegistrationFactory(
        seminar=seminar, name="Bea Young", status=RegistrationStatus.WAITING
    )
    Registration.objects.filter(pk=confirmed.pk).update(created=london(2026, 12, 1, 9, 5))

    response = action(client, "export_csv", [confirmed, waiting])

    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(body.removeprefix("\ufeff")))
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert [row["Name"] for row in table] == ["Bea Young", "Ann Zed"]  # by sort name
    assert {row["Seminar"] for row in table} == {"Seminar 3: Co-production in practice"}
    assert {row["Seminar date"] for row in table} == {"Tuesday 5 January 2027, 10am to 4pm"}
    assert table[1]["Registered"] == "Tuesday 1 December 2026, 09:05"
    assert [row["Place on the waiting list"] for row in table] == ["1st", ""]
    assert [row["Status"] for row in table] == ["On the waiting list", "Confirmed"]
    assert [row["Where"] for row in table] == ["In the room", "In the room"]


def test_the_sort_name_can_be_changed_and_otherwise_follows_the_name(client, organiser):
    from common.models import AuditEntry

    chosen = RegistrationFactory(name="Seán Ó Dálaigh")
    renamed = RegistrationFactory(name="Ann Zed")
    page = text(client.get(f"{CHANGELIST}{chosen.pk}/change/"))

    def post(registration, **changes):
        data = {
            "name": registration.name,
            "sort_name": registration.sort_name,
            "email": registration.email,
            "organisation": "",
            "access_requirements": "",
            "dietary_requirements": "",
            **changes,
        }
        client.post(f"{CHANGELIST}{registration.pk}/change/", data)
        registration.refresh_from_db()

    post(chosen, sort_name="Ó Dálaigh")
    post(renamed, name="Ann Young")

    assert (
        "Sort by: How the name is sorted on the printed sheets; the last word of the name "
        "unless you change it." in page
    )
    assert (chosen.sort_name, renamed.sort_name) == ("Ó Dálaigh", "Young")
    assert renamed.search_name == "ann young young"
    assert [entry.fields for entry in AuditEntry.objects.order_by("pk")] == [
        ["sort_name"],
        ["name"],  # the sort name followed the name: not a change of its own
    ]


def test_register_someone_comes_with_the_seminar_chosen(client, organiser):
    seminar = SeminarFactory()
    SeminarFactory()
    url = reverse("organising:register-someone")

    form = client.get(url, {"seminar": seminar.pk}).context["form"]
    unknown = client.get(url, {"seminar": "nonsense"})
    filtered_list = client.get(CHANGELIST, {"seminar__id__exact": seminar.pk})
    seminar_page = client.get(f"/admin/seminars/seminar/{seminar.pk}/change/")
    seminar_list = client.get("/admin/seminars/seminar/")

    assert str(form["seminar"].value()) == str(seminar.pk)
    assert unknown.status_code == 200
    link = f"{url}?seminar={seminar.pk}"
    assert f'href="{link}"' in filtered_list.content.decode()
    assert f'href="{link}"' in seminar_page.content.decode()
    assert f'href="{link}"' in seminar_list.content.decode()


def test_register_two_people_without_email_who_are_told_by_the_organiser(client, organiser):
    seminar = SeminarFactory()
    url = reverse("organising:register-someone")
    data = {
        "seminar": seminar.pk,
        "email": "",
        "group": "practitioner",
        "privacy_agreed": "on",
    }

    first = client.post(url, {**data, "name": "Phone Caller"}, follow=True)
    second = client.post(url, {**data, "name": "Letter Writer"}, follow=True)

    assert "Phone Caller has a confirmed place." in text(first)
    assert "They have no email address, so we have emailed them nothing" in text(first)
    assert "Letter Writer has a confirmed place." in text(second)
    assert sorted(seminar.registrations.values_list("name", "email")) == [
        ("Letter Writer", ""),
        ("Phone Caller", ""),
    ]
    assert not Email.objects.exists()
    assert "This person has no email address, so we email them nothing." in text(second)
    assert "Send their confirmation again" not in text(second)


def correct_email(client, registration, email, reason=""):
    return client.post(
        f"{CHANGELIST}{registration.pk}/change/",
        {
            "name": registration.name,
            "sort_name": registration.sort_name,
            "email": email,
            "email_change_reason": reason,
            "organisation": "",
            "access_requirements": "",
            "dietary_requirements": "",
        },
        follow=True,
    )


def test_after_correcting_an_address_the_new_one_gets_a_new_link_and_the_old_link_is_dead(
    client, organiser, sent
):
    from common.models import AuditEntry

    registration = RegistrationFactory(email="typo@example.ogr")
    old_path = registration.manage_path
    failed = Email.objects.create(
        kind="registrations/place_confirmed",
        to="typo@example.ogr",
        subject="Your place is confirmed",
        body_text="...",
        status=EmailStatus.FAILED,
    )

    corrected = correct_email(client, registration, "right@example.org", "typo")
    page = client.get(f"{CHANGELIST}{registration.pk}/change/").content.decode()
    resent = client.post(
        reverse("organising:resend-confirmation", args=[registration.pk]),
        follow=True,
    )
    delivered = sent()

    registration.refresh_from_db()
    assert "We have emailed right@example.org a new private link" in text(corrected)
    assert "Send their confirmation again" in page
    assert "Their confirmation is on its way to right@example.org." in text(resent)
    assert [email.to for email in delivered] == [["right@example.org"], ["right@example.org"]]
    assert all(registration.manage_url in email.body for email in delivered)
    assert not any(old_path in email.body for email in delivered)
    assert client.get(registration.manage_path).status_code == 200
    assert client.get(old_path).status_code == 404
    failed.refresh_from_db()
    assert (failed.status, failed.to) == (EmailStatus.FAILED, "typo@example.ogr")
    assert list(AuditEntry.objects.values_list("action", "by")) == [
        ("email address corrected (a typing mistake); new private link", organiser.pk),
        ("confirmation sent again", organiser.pk),
    ]


def test_sending_the_confirmation_again_is_a_post_by_someone_who_may_change(
    client, django_user_model
):
    registration = RegistrationFactory()
    url = reverse("organising:resend-confirmation", args=[registration.pk])
    staff = django_user_model.objects.create_user("helper", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(staff)

    refused = client.post(url)
    page = client.get(f"{CHANGELIST}{registration.pk}/change/").content.decode()
    staff.is_superuser = True
    staff.save()
    by_get = client.get(url)

    assert refused.status_code == 403
    assert "Send their confirmation again" not in page
    assert by_get.status_code == 405
    assert not Email.objects.exists()


def test_an_organiser_corrects_attendance_once_it_is_complete_and_nobody_else(
    client, django_user_model
):
    from tests.roles import make_staff

    seminar = SeminarFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        attendance_completed_at=timezone.now() - datetime.timedelta(days=1),
        cpd_hours=3,
        learning="What was covered.",
    )
    absent = RegistrationFactory(seminar=seminar, attended=False)
    before = RegistrationFactory(seminar=SeminarFactory(), attended=None)
    url = reverse("organising:correct-attendance", args=[absent.pk])
    answers = {}
    for role in ("door", "panel", "no_group"):
        client.force_login(make_staff(django_user_model, role))
        answers[role] = client.get(url).status_code
    organiser = make_staff(django_user_model, "organiser")
    client.force_login(organiser)
    page = client.get(reverse("admin:registrations_registration_change", args=[absent.pk]))
    not_yet = client.get(reverse("organising:correct-attendance", args=[before.pk]))
    missing_reason = client.post(url, {"attended": "yes", "reason": ""})
    done = client.post(url, {"attended": "yes", "reason": "Signed the sheet on page 2"})
    absent.refresh_from_db()

    assert answers == {"door": 403, "panel": 403, "no_group": 403}
    assert "Correct their attendance" in text(page)
    assert not_yet.status_code == 403
    assert "Say why you are correcting it" in text(missing_reason)
    assert done.status_code == 302
    assert absent.attended is True


def test_no_confirmation_to_send_again_once_the_seminar_is_over(client, organiser):
    over = RegistrationFactory(
        seminar=SeminarFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    )
    coming = RegistrationFactory()

    after = text(client.get(reverse("admin:registrations_registration_change", args=[over.pk])))
    before = text(client.get(reverse("admin:registrations_registration_change", args=[coming.pk])))

    assert "Send their confirmation again" not in after
    assert "Send their confirmation again" in before


def test_the_export_sorts_by_the_persons_sort_name(client, organiser):
    seminar = SeminarFactory()
    chosen = [
        RegistrationFactory(seminar=seminar, name=name, sort_name=sort_name)
        for name, sort_name in [
            ("Ann Zed", ""),
            ("bea adams", ""),
            ("Kofi Mensah Boateng", "Mensah Boateng"),
            ("Cai Young", ""),
        ]
    ]

    response = action(client, "export_csv", chosen)

    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    names = [row[1] for row in list(csv.reader(io.StringIO(body)))[1:]]
    assert names == ["bea adams", "Kofi Mensah Boateng", "Cai Young", "Ann Zed"]
