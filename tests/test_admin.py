import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from people.models import Partner, Person, ResearchProject
from seminars.models import Page, Seminar, SeminarSpeaker, Venue
from tests.factories import (
    PageFactory,
    PartnerFactory,
    PersonFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    VenueFactory,
)
from tests.utils import seminar_parts_data

pytestmark = pytest.mark.django_db

MODELS = [
    (Seminar, SeminarFactory),
    (Venue, VenueFactory),
    (Person, PersonFactory),
    (Partner, PartnerFactory),
    (ResearchProject, ResearchProjectFactory),
    (Page, PageFactory),
]


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("organiser", "o@example.org", "pw")
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "factory"), MODELS)
def test_admin_list_add_and_change_pages_load(admin_client, model, factory):
    obj = factory()
    SeminarSpeakerFactory()

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=a",
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(admin_url(Seminar, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_slugs_prepopulate_from_names_and_titles(admin_client):
    for model, source in ((Seminar, "title"), (Person, "name"), (Partner, "name")):
        html = admin_client.get(admin_url(model, "add")).content.decode()
        assert f"&quot;dependency_ids&quot;: [&quot;#id_{source}&quot;]" in html, model


def seminar_form(venue, **overrides):
    data = {
        "number": "8",
        "title": "Co-production in practice",
        "slug": "co-production-in-practice",
        "status": "published",
        "summary": "",
        "description": "",
        "starts_at_0": "10/11/2026",
        "starts_at_1": "10:00",
        "ends_at_0": "10/11/2026",
        "ends_at_1": "16:00",
        "tentative_month": "",
        "venue": str(venue.pk),
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_deadline_0": "",
        "registration_deadline_1": "",
        "capacity": "60",
        "waiting_list_cutoff_hours": "48",
        "check_in_margin_hours": "3",
        **seminar_parts_data(),
        "talks-TOTAL_FORMS": "0",
        "talks-INITIAL_FORMS": "0",
        "programme_items-TOTAL_FORMS": "0",
        "programme_items-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_organiser_adds_a_seminar_with_a_speaker(admin_client):
    venue = VenueFactory()
    person = PersonFactory()

    response = admin_client.post(
        admin_url(Seminar, "add"),
        seminar_form(
            venue,
            **{
                "talks-TOTAL_FORMS": "1",
                "talks-0-person": str(person.pk),
                "talks-0-talk_title": "Sharing power",
                "talks-0-order": "1",
            },
        ),
    )

    assert response.status_code == 302
    seminar = Seminar.objects.get(slug="co-production-in-practice")
    assert [(t.person, t.talk_title) for t in seminar.talks.all()] == [(person, "Sharing power")]


def test_admin_refuses_a_time_that_happens_twice_at_the_clock_change(admin_client):
    venue = VenueFactory()

    response = admin_client.post(
        admin_url(Seminar, "add"),
        seminar_form(
            venue,
            starts_at_0="25/10/2026",
            starts_at_1="01:30",
            ends_at_0="25/10/2026",
            ends_at_1="16:00",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "That time happens twice on that day: the clocks go back an hour at 2am. Choose a time "
        "before 1am or from 2am." in page
    )
    assert "The end time must be after the start time" not in page  # not a second, wrong error
    assert not Seminar.objects.exists()


@pytest.mark.parametrize(
    ("day", "time", "error"),
    [
        ("2026-13-01", "10:00", "Enter the day in the date box, or choose it from the calendar."),
        ("2026-10-01", "25:61", "Enter the time like 14:30."),
        ("2026-03-29", "01:30", "That time does not exist on that day: the clocks go forward."),
    ],
)
def test_admin_says_what_to_do_about_a_start_it_cannot_read(admin_client, day, time, error):
    response = admin_client.post(
        admin_url(Seminar, "add"),
        seminar_form(VenueFactory(), starts_at_0=day, starts_at_1=time, ends_at_0="", ends_at_1=""),
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Seminar.objects.exists()


def test_admin_explains_a_deadline_after_the_start(admin_client):
    venue = VenueFactory()

    response = admin_client.post(
        admin_url(Seminar, "add"),
        seminar_form(venue, registration_deadline_0="11/11/2026", registration_deadline_1="00:00"),
    )

    assert response.status_code == 200
    assert "Registration must close before the seminar starts." in response.content.decode()
    assert not Seminar.objects.exists()


def test_admin_refuses_a_duplicate_speaker_without_an_error_page(admin_client):
    talk = SeminarSpeakerFactory()
    seminar = talk.seminar
    data = seminar_form(
        seminar.venue,
        number=str(seminar.number),
        slug=seminar.slug,
        starts_at_0=f"{seminar.starts_at:%d/%m/%Y}",
        ends_at_0=f"{seminar.ends_at:%d/%m/%Y}",
        **{
            "talks-TOTAL_FORMS": "2",
            "talks-INITIAL_FORMS": "1",
            "talks-0-id": str(talk.pk),
            "talks-0-seminar": str(seminar.pk),
            "talks-0-person": str(talk.person.pk),
            "talks-0-order": "0",
            "talks-1-person": str(talk.person.pk),
            "talks-1-order": "1",
        },
    )

    response = admin_client.post(admin_url(Seminar, "change", seminar.pk), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for person" in response.content.decode()
    assert SeminarSpeaker.objects.count() == 1


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 24.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def person_form(**overrides):
    return {
        "name": "Annie Dransfield",
        "slug": "annie-dransfield",
        "position": "",
        "affiliation": "",
        "biography": "",
        "lived_experience": "",
        "team_role": "",
        "team_order": "100",
        "photo_alt": "Annie Dransfield",
        **overrides,
    }


def test_photo_uploaded_in_admin_is_stored_without_gps(admin_client):
    photo = SimpleUploadedFile("annie.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = admin_client.post(admin_url(Person, "add"), person_form(photo=photo))

    assert response.status_code == 302
    person = Person.objects.get()
    with Image.open(person.photo.path) as stored:
        assert dict(stored.getexif()) == {}
    with Image.open(person.photo_square.path) as rendition:
        assert rendition.size == (400, 400)


def test_photo_without_alt_text_is_refused_with_a_reason(admin_client):
    photo = SimpleUploadedFile("annie.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = admin_client.post(admin_url(Person, "add"), person_form(photo=photo, photo_alt=""))

    assert response.status_code == 200
    assert "Describe the photo for people who cannot see it." in response.content.decode()
    assert not Person.objects.exists()


def test_gif_upload_in_admin_is_refused_and_nothing_saved(admin_client):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    photo = SimpleUploadedFile("annie.gif", buffer.getvalue(), content_type="image/gif")

    response = admin_client.post(admin_url(Person, "add"), person_form(photo=photo))

    assert response.status_code == 200
    assert "Choose a .jpg or .png file." in response.content.decode()
    assert not Person.objects.exists()


def test_page_kind_cannot_be_changed_once_created(admin_client):
    page = PageFactory()

    html = admin_client.get(admin_url(Page, "change", page.pk)).content.decode()

    assert 'name="kind"' not in html
