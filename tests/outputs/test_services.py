import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from common.audit import entries_for
from outputs import services
from outputs.files import check_material_file
from outputs.models import Audience, Material, MaterialKind, MaterialStatus
from tests.factories.outputs import MaterialFactory, SpeakerLinkFactory, WriteUpFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def test_publishing_without_consent_is_refused_and_nothing_changes():
    material = MaterialFactory(status=MaterialStatus.SUBMITTED, consent_recorded_on=None)

    with pytest.raises(services.OutputsError, match="agreed to publication"):
        services.publish_material(material)

    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED
    assert material.published_at is None


def test_publishing_with_consent_shows_it_and_records_when():
    material = MaterialFactory(status=MaterialStatus.SUBMITTED)

    services.publish_material(material)

    material.refresh_from_db()
    assert material.status == MaterialStatus.PUBLISHED
    assert material.published_at is not None


def test_publishing_and_hiding_record_who(django_user_model):
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    material = MaterialFactory(status=MaterialStatus.SUBMITTED)

    services.publish_material(material, by=organiser)
    services.hide_material(material, by=organiser)

    assert [(e.action, e.by, e.fields) for e in entries_for(material)] == [
        ("published", organiser, ["status"]),
        ("hidden", organiser, ["status"]),
    ]


def test_a_refused_publishing_records_nothing():
    material = MaterialFactory(status=MaterialStatus.SUBMITTED, consent_recorded_on=None)

    with pytest.raises(services.OutputsError):
        services.publish_material(material)

    assert not entries_for(material).exists()


def test_hiding_takes_it_off_the_site():
    material = MaterialFactory()

    services.hide_material(material)

    assert list(Material.objects.published()) == []


def test_the_database_refuses_a_published_item_without_consent():
    with pytest.raises(IntegrityError):
        MaterialFactory(consent_recorded_on=None)


def test_the_database_refuses_a_published_write_up_without_consent():
    with pytest.raises(IntegrityError):
        WriteUpFactory(consent_recorded_on=None)


def test_a_speakers_upload_waits_for_an_organiser_with_their_consent_recorded():
    link = SpeakerLinkFactory(person__name="Annie Example")
    upload = SimpleUploadedFile("My Talk.PDF", pdf_bytes())
    upload.kind = check_material_file(upload)

    material = services.submit_material(
        link, title="Sharing power", file=upload, audience=Audience.REGISTERED
    )

    assert material.status == MaterialStatus.SUBMITTED
    assert material.sent_by == link
    assert material.consent_recorded_on is not None
    assert "Annie Example" in material.consent_note
    assert material.file.name.endswith("/sharing-power.pdf")
    assert material.file_size == len(pdf_bytes())
    assert list(Material.objects.published()) == []


def test_a_switched_off_link_cannot_send_anything():
    link = SpeakerLinkFactory(active=False)

    with pytest.raises(services.OutputsError, match="no longer works"):
        services.submit_material(
            link, title="Late", url="https://example.org", audience=Audience.PUBLIC
        )

    assert Material.objects.count() == 0


def test_captions_are_recorded_only_for_recordings():
    link = SpeakerLinkFactory()

    material = services.submit_material(
        link,
        title="Handout",
        kind=MaterialKind.DOCUMENT,
        url="https://example.org/handout",
        audience=Audience.PUBLIC,
        has_captions=True,
    )

    assert material.has_captions is False


def test_a_link_keeps_at_most_a_set_number_of_items_waiting(monkeypatch):
    monkeypatch.setattr(services, "MAX_WAITING_PER_LINK", 2)
    link = SpeakerLinkFactory()

    def send(title):
        return services.submit_material(
            link, title=title, url="https://example.org", audience=Audience.PUBLIC
        )

    first, _ = send("One"), send("Two")
    with pytest.raises(services.OutputsError, match="2 items that an organiser has not checked"):
        send("Three")
    services.publish_material(first)
    send("Three, once one was checked")

    assert Material.objects.count() == 3
