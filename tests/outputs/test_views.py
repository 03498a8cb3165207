import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outputs.models import Audience, Material, MaterialStatus
from registrations.models import RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.outputs import (
    DOCX,
    PPTM,
    FileMaterialFactory,
    MaterialFactory,
    NewsPostFactory,
    PastSeminarFactory,
    RecordingFactory,
    SpeakerLinkFactory,
    WriteUpFactory,
    YouSaidWeDidFactory,
    ooxml_bytes,
    pdf_bytes,
)
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db


def registered_download(registration, material):
    return reverse(
        "outputs:registered-download",
        kwargs={"token": registration.manage_token, "pk": material.pk},
    )


# The seminar's page


def test_a_past_seminars_page_shows_what_happened(client):
    write_up = WriteUpFactory()
    YouSaidWeDidFactory(write_up=write_up, you_said="Too few breaks", we_did="Two more breaks")
    RegistrationFactory(seminar=write_up.seminar, attended=True)
    MaterialFactory(seminar=write_up.seminar, title="The handout")
    RecordingFactory(seminar=write_up.seminar, title="The recording", has_captions=True)

    page = text(client.get(write_up.seminar.get_absolute_url()))

    assert "What happened We talked about sharing power . Then we had lunch." in page
    assert "Key messages Listen first Share the agenda" in page
    # One person is never described by group on a public page, not even as "Other groups 1".
    assert (
        "1 person came. Numbers by group are not shown when a group has fewer than five people."
        in page
    )
    assert "Other groups" not in page
    assert "Practitioners" not in page
    assert "You said: Too few breaks We did: Two more breaks" in page
    assert "The handout (Other, a link to another site)" in page
    # A recording is the people registered's: its page is their private link's.
    assert "The recording" not in page


def test_nothing_shows_before_the_seminar_or_while_unpublished(client):
    upcoming = WriteUpFactory(seminar=SeminarFactory(), body="Too soon")
    unpublished = WriteUpFactory(published=False, body="Not yet")
    MaterialFactory(seminar=unpublished.seminar, status=MaterialStatus.SUBMITTED, title="Waits")

    assert "Too soon" not in text(client.get(upcoming.seminar.get_absolute_url()))
    page = text(client.get(unpublished.seminar.get_absolute_url()))
    assert "Not yet" not in page
    assert "Waits" not in page
    assert "What happened" not in page


def test_who_took_part_can_be_left_out(client):
    write_up = WriteUpFactory(show_participation=False)
    RegistrationFactory(seminar=write_up.seminar, attended=True)

    assert "Who took part" not in text(client.get(write_up.seminar.get_absolute_url()))


def test_registered_only_items_are_listed_without_a_link_on_the_public_page(client):
    material = FileMaterialFactory(audience=Audience.REGISTERED, title="Workshop notes")

    response = client.get(material.seminar.get_absolute_url())

    assert "Workshop notes" in text(response)
    assert reverse("outputs:download", kwargs={"pk": material.pk}) not in response.content.decode()


# Downloads


def test_a_public_file_downloads_as_an_attachment_never_sniffed(client):
    material = FileMaterialFactory(title="Opening slides")

    response = client.get(material.get_absolute_url())
    content = b"".join(response.streaming_content)
    response.close()

    assert content == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f"seminar-{material.seminar.number}-opening-slides.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "changes",
    [
        {"audience": Audience.REGISTERED},
        {"status": MaterialStatus.SUBMITTED},
        {"status": MaterialStatus.HIDDEN},
    ],
)
def test_a_file_that_is_not_public_and_published_is_not_found(client, changes):
    material = FileMaterialFactory(**changes)

    response = client.get(reverse("outputs:download", kwargs={"pk": material.pk}))

    assert response.status_code == 404


def test_a_registered_person_downloads_registered_only_files_through_their_link(client):
    material = FileMaterialFactory(audience=Audience.REGISTERED)
    registration = RegistrationFactory(seminar=material.seminar)

    response = client.get(registered_download(registration, material))
    content = b"".join(response.streaming_content)
    response.close()

    assert content == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "who", ["another seminar's registrant", "waiting", "cancelled", "stranger"]
)
def test_anyone_else_gets_not_found(client, who):
    material = FileMaterialFactory(audience=Audience.REGISTERED)
    if who == "another seminar's registrant":
        registration = RegistrationFactory()
    elif who == "stranger":
        registration = RegistrationFactory.build(manage_token="x" * 43)
    else:
        registration = RegistrationFactory(seminar=material.seminar, status=who)

    response = client.get(registered_download(registration, material))

    assert response.status_code == 404
    assert "Content-Disposition" not in response


def test_the_registration_materials_page_lists_its_seminars_items(client):
    material = FileMaterialFactory(audience=Audience.REGISTERED, title="Workshop notes")
    FileMaterialFactory(title="Elsewhere")
    registration = RegistrationFactory(seminar=material.seminar)
    url = reverse("outputs:registered-materials", kwargs={"token": registration.manage_token})

    response = client.get(url)

    assert "Workshop notes" in text(response)
    assert "Elsewhere" not in text(response)
    assert registered_download(registration, material) in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


# The outputs page, news and the feed


def listed(response):
    """What the outputs page lists: its words after the seminar chooser (which names every
    seminar)."""
    response.content = response.content.split(b"</form>", 1)[1]
    return text(response)


def test_the_outputs_page_lists_everything_published_and_filters_by_seminar(client):
    WriteUpFactory(seminar__title="First seminar")
    second = WriteUpFactory(seminar__title="Second seminar")
    MaterialFactory(seminar=second.seminar, title="Second's slides")
    WriteUpFactory(published=False, seminar__title="Unpublished one")
    NewsPostFactory(title="Report published")
    NewsPostFactory(title="Draft news", published=False)

    everything = listed(client.get("/outputs/"))
    only_second = listed(client.get("/outputs/", {"seminar": second.seminar.number}))

    assert "First seminar" in everything
    assert "Second's slides" in everything
    assert "Report published" in everything
    assert "Unpublished one" not in everything
    assert "Draft news" not in everything
    assert "First seminar" not in only_second
    assert "Report published" not in only_second
    assert "Second's slides" in only_second


@pytest.mark.parametrize("value", ["abc", "999", "", "1' OR 1=1", "%00", "1" * 500])
def test_an_invalid_seminar_filter_is_ignored(client, value):
    WriteUpFactory(seminar__title="Shown anyway")

    response = client.get("/outputs/", {"seminar": value})

    assert response.status_code == 200
    assert "Shown anyway" in text(response)


def test_a_news_post_has_its_own_page_and_drafts_have_none(client):
    post = NewsPostFactory(title="Report published", body="Read **it** now.")
    draft = NewsPostFactory(published=False)

    page = text(client.get(post.get_absolute_url()))

    assert "Report published" in page
    assert "Read it now." in page
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_feed_is_valid_atom_with_write_ups_and_news(client):
    write_up = WriteUpFactory(seminar__title="Sharing power")
    NewsPostFactory(title="Report published")
    NewsPostFactory(title="Draft", published=False)

    response = client.get(reverse("outputs:feed"))
    feed = feedparser.parse(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert sorted(entry.title for entry in feed.entries) == [
        "Report published",
        f"What happened at Seminar {write_up.seminar.number}: Sharing power",
    ]
    entry = next(e for e in feed.entries if e.title.startswith("What happened"))
    assert entry.link.endswith(write_up.seminar.get_absolute_url() + "#what-happened")
    assert "<strong>sharing power</strong>" in entry.summary
    assert all(e.id.startswith("tag:") for e in feed.entries)


def test_every_page_links_to_the_feed_in_its_head(client):
    response = client.get("/")

    head = response.content.decode().split("</head>")[0]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert reverse("outputs:feed") in head


def test_the_sitemap_lists_the_outputs_page_and_news(client):
    post = NewsPostFactory()
    NewsPostFactory(slug="a-draft", published=False)

    body = client.get("/sitemap.xml").content.decode()

    assert "/outputs/</loc>" in body
    assert post.get_absolute_url() in body
    assert "a-draft" not in body


# Speakers' upload links


def upload_data(**overrides):
    return {
        "title": "My slides",
        "kind": "slides",
        "audience": "public",
        "consent": "on",
        "file": SimpleUploadedFile("slides.pdf", pdf_bytes()),
        **overrides,
    }


def test_a_speaker_sends_a_file_that_waits_for_an_organiser(client):
    link = SpeakerLinkFactory()

    response = client.post(link.get_absolute_url(), upload_data(), follow=True)

    material = Material.objects.get()
    assert material.status == MaterialStatus.SUBMITTED
    assert material.seminar == link.seminar
    assert "An organiser will check it" in text(response)
    assert "My slides: waiting for the organisers" in text(response)
    assert "My slides" not in text(client.get(link.seminar.get_absolute_url()))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"file": SimpleUploadedFile("deck.pptx", ooxml_bytes(PPTM))},
            "This file contains macros",
        ),
        ({"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")}, "We cannot accept this kind"),
        (
            {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n1 0 obj <</S/Launch/F(x)>> endobj")},
            "This PDF contains scripts, attached files or actions that run by themselves",
        ),
        (
            {"file": SimpleUploadedFile("notes.docx", ooxml_bytes(DOCX, extra=["x/o.bin"]))},
            "This document contains macros or links to other files. Save it as a plain PDF",
        ),
        ({"consent": ""}, "Tick the box to say that you"),
        ({"file": "", "url": ""}, "Choose a file to upload, or give a link"),
        ({"url": "https://example.org/x"}, "Send a file or a link, not both"),
        ({"url": "not a link at all", "file": ""}, "Enter a link in the correct format"),
        ({"title": ""}, "Enter a title"),
    ],
)
def test_a_refused_upload_says_what_to_do_and_saves_nothing(client, overrides, message):
    link = SpeakerLinkFactory()

    response = client.post(link.get_absolute_url(), upload_data(**overrides))

    assert response.status_code == 200
    assert message in text(response)
    assert Material.objects.count() == 0


def test_a_wrong_or_switched_off_upload_link_is_not_found(client):
    link = SpeakerLinkFactory(active=False)

    assert client.get(link.get_absolute_url()).status_code == 404
    assert client.get("/outputs/upload/" + "y" * 43 + "/").status_code == 404
    assert client.post(link.get_absolute_url(), upload_data()).status_code == 404
    assert Material.objects.count() == 0


# The admin


def test_organisers_can_write_up_publish_and_give_links(client, django_user_model):

    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    client.force_login(organiser)

    for model in ("writeup", "material", "speakerlink", "newspost"):
        assert client.get(f"/admin/outputs/{model}/").status_code == 200
        assert client.get(f"/admin/outputs/{model}/add/").status_code == 200


def test_publishing_from_the_admin_refuses_items_without_consent(client, admin_user):
    ready = MaterialFactory(status=MaterialStatus.SUBMITTED, title="Ready")
    waiting = MaterialFactory(
        status=MaterialStatus.SUBMITTED, consent_recorded_on=None, title="No consent"
    )
    client.force_login(admin_user)

    response = client.post(
        "/admin/outputs/material/",
        {"action": "publish", "_selected_action": [ready.pk, waiting.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.status == MaterialStatus.PUBLISHED
    assert waiting.status == MaterialStatus.SUBMITTED
    assert "“No consent” cannot be published yet" in text(response)


def test_the_admin_refuses_a_macro_file(client, admin_user):
    seminar = PastSeminarFactory()
    client.force_login(admin_user)

    response = client.post(
        "/admin/outputs/material/add/",
        {
            "seminar": seminar.pk,
            "title": "Deck",
            "kind": "slides",
            "order": 0,
            "audience": "public",
            "file": SimpleUploadedFile("deck.pptx", ooxml_bytes(PPTM)),
        },
    )

    assert response.status_code == 200
    assert "This file contains macros" in text(response)
    assert Material.objects.count() == 0


def test_registered_status_values_are_the_ones_with_a_place():
    assert set(RegistrationStatus.taking_a_place) == {"confirmed", "held"}


def test_a_registrations_page_leads_to_its_seminars_materials_once_it_has_happened(client):
    past = RegistrationFactory(seminar=PastSeminarFactory())
    coming = RegistrationFactory()
    cancelled = RegistrationFactory(seminar=past.seminar, status=RegistrationStatus.CANCELLED)
    link = "Slides, documents and recordings from this seminar"

    assert link in text(client.get(past.manage_path))
    assert link not in text(client.get(coming.manage_path))
    assert link not in text(client.get(cancelled.manage_path))
    materials = client.get(reverse("outputs:registered-materials", args=[past.manage_token]))
    assert materials.status_code == 200
