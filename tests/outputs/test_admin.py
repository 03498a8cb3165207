"""Organisers open a speaker's upload in the admin and download it to review it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from outputs import rules, services
from outputs.models import Audience, MaterialStatus
from tests.factories.outputs import FileMaterialFactory, MaterialFactory, pdf_bytes
from tests.organising.test_overview import door_helpers
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    """Staff accounts by role: an organiser, a Door helper, and staff in no group."""
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    helper = django_user_model.objects.create_user("helper", is_staff=True)
    helper.groups.add(door_helpers())
    nobody = django_user_model.objects.create_user("nobody", is_staff=True)
    return {"organiser": organiser, "helper": helper, "nobody": nobody}


def change_page(material):
    return reverse("admin:outputs_material_change", args=[material.pk])


def file_view(material):
    return reverse("admin:outputs_material_file", args=[material.pk])


@pytest.mark.parametrize("audience", [Audience.PUBLIC, Audience.REGISTERED])
@pytest.mark.parametrize("status", [MaterialStatus.SUBMITTED, MaterialStatus.PUBLISHED])
def test_an_organiser_opens_an_uploaded_material_and_sees_a_link_to_review_it(
    client, staff, audience, status
):
    material = FileMaterialFactory(audience=audience, status=status)
    client.force_login(staff["organiser"])

    response = client.get(change_page(material))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{file_view(material)}"' in html
    # Never the public download, which a hidden or registered-only file does not have.
    assert reverse("outputs:download", args=[material.pk]) not in html


def test_the_review_download_is_an_attachment_never_sniffed_nor_kept(client, staff):
    material = FileMaterialFactory(status=MaterialStatus.SUBMITTED, title="Deck")
    client.force_login(staff["organiser"])

    response = client.get(file_view(material))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_are_sent_to_sign_in_and_get_no_file(client):
    material = FileMaterialFactory()

    response = client.get(file_view(material))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not hasattr(response, "streaming_content")


@pytest.mark.parametrize("who", ["helper", "nobody"])
def test_staff_who_may_not_view_materials_are_refused_the_file(client, staff, who):
    material = FileMaterialFactory()
    client.force_login(staff[who])

    response = client.get(file_view(material))

    assert response.status_code == 403
    assert not hasattr(response, "streaming_content")
    assert client.get(change_page(material)).status_code == 403


def test_a_material_without_a_file_or_that_does_not_exist_is_not_found(client, staff):
    from tests.factories.outputs import MaterialFactory

    link = MaterialFactory()
    client.force_login(staff["organiser"])

    assert client.get(file_view(link)).status_code == 404
    assert client.get(reverse("admin:outputs_material_file", args=[999999])).status_code == 404


def test_who_may_review_a_material(staff, admin_user):
    material = FileMaterialFactory()

    assert rules.may_review_material(staff["organiser"], material)
    assert rules.may_review_material(admin_user, material)
    assert not rules.may_review_material(staff["helper"], material)
    assert not rules.may_review_material(staff["nobody"], material)
    assert not rules.may_review_material(AnonymousUser(), material)
    staff["organiser"].is_active = False
    assert not rules.may_review_material(staff["organiser"], material)


def test_saving_the_change_page_without_a_new_file_keeps_the_file(client, staff):
    material = FileMaterialFactory(status=MaterialStatus.SUBMITTED, consent_recorded_on=None)
    stored = material.file.name
    client.force_login(staff["organiser"])

    response = client.post(
        change_page(material),
        {
            "seminar": material.seminar.pk,
            "title": material.title,
            "kind": material.kind,
            "order": 0,
            "audience": material.audience,
            "consent_recorded_on": "1/12/2026",
            "consent_note": "Email from the speaker",
        },
    )

    assert response.status_code == 302
    material.refresh_from_db()
    assert material.file.name == stored
    assert material.consent_note == "Email from the speaker"
    assert material.status == MaterialStatus.SUBMITTED


def test_a_materials_history_button_shows_who_published_it(client, django_user_model):
    organiser = django_user_model.objects.create_superuser("publisher", "p@example.org", "pw")
    material = MaterialFactory(status=MaterialStatus.SUBMITTED)
    services.publish_material(material, by=organiser)
    client.force_login(organiser)

    shown = text(client.get(f"/admin/outputs/material/{material.pk}/history/"))

    assert "Published: publisher" in shown
