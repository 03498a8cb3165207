"""Every page says what it is to search engines and to sites a link is shared on: its own title
and og:title, a share card, and noindex on forms and private pages."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from seminars.models import PageKind
from tests.factories import (
    BursaryApplicationFactory,
    PageFactory,
    PartnerFactory,
    RegistrationFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TeamMemberFactory,
    TentativeSeminarFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://seminars.example.org"
NOINDEX = '<meta name="robots" content="noindex">'
SITE_DESCRIPTION = "An ESRC seminar series on how"  # base.html's, for pages without their own


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def seminar():
    return SeminarFactory(number=3, title="Enacting co-production")


@pytest.fixture
def public_urls(seminar):
    talk = SeminarSpeakerFactory(seminar=seminar)
    TeamMemberFactory()
    PartnerFactory()
    ResearchProjectFactory()
    for kind in PageKind.values:
        PageFactory(kind=kind)
    return [
        "/",
        "/seminars/",
        seminar.get_absolute_url(),
        TentativeSeminarFactory(number=4).get_absolute_url(),
        "/people/",
        talk.person.get_absolute_url(),
        "/partners/",
        "/research/",
        "/outputs/",
        *(f"/{kind}/" for kind in PageKind.values),
    ]


@pytest.fixture
def private_urls(seminar):
    registration = RegistrationFactory(seminar=seminar)
    application = BursaryApplicationFactory(seminar=seminar)
    slug = {"slug": seminar.slug}
    token = {"token": application.token}
    return [
        reverse("registrations:register", kwargs=slug),
        reverse("registrations:check-email", kwargs=slug),
        reverse("registrations:manage-link", kwargs=slug),
        reverse("registrations:manage", kwargs={"token": registration.manage_token}),
        reverse("registrations:cancel", kwargs={"token": registration.manage_token}),
        reverse("registrations:stop-emails", kwargs={"token": registration.manage_token}),
        reverse("bursaries:apply", kwargs=slug),
        reverse("bursaries:check-email", kwargs=slug),
        reverse("bursaries:status", kwargs=token),
        reverse("bursaries:withdraw", kwargs=token),
        reverse("bursaries:correct", kwargs=token),
        reverse("fees:fee", kwargs={"token": _fee(seminar).token}),
        "/subscribe/",
    ]


def _fee(seminar):
    from fees import services
    from fees.models import FeeSettings

    FeeSettings.objects.get_or_create(pk=1)
    return services.offer_fee(
        seminar,
        by=None,
        name="Cal",
        email="cal@example.org",
        for_what="Co-facilitating",
        unit="hour",
        quantity=Decimal("3"),
    )


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(head, prop):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', head)
    assert len(found) == 1, (prop, found)
    return unescape(found[0])


def title(head):
    return unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1))


def test_public_pages_have_their_own_title_and_og_title_and_are_indexed(client, public_urls):
    heads = {url: head_of(client, url) for url in public_urls}

    titles = [title(head) for head in heads.values()]
    og_titles = [meta(head, "og:title") for head in heads.values()]

    assert len(set(titles)) == len(public_urls), titles
    assert len(set(og_titles)) == len(public_urls), og_titles
    for url, head in heads.items():
        assert NOINDEX not in head, url
        assert "noindex" not in head, url


def test_forms_and_private_pages_are_kept_out_of_search_with_their_own_titles(client, private_urls):
    heads = {url: head_of(client, url) for url in private_urls}

    titles = [title(head) for head in heads.values()]
    assert len(set(titles)) == len(private_urls), titles
    for url, head in heads.items():
        assert head.count(NOINDEX) == 1, url
        assert not meta(head, "description").startswith(SITE_DESCRIPTION), url


def test_form_pages_name_the_seminar_in_title_and_description(client, seminar):
    head = head_of(client, reverse("registrations:register", kwargs={"slug": seminar.slug}))

    assert (
        title(head)
        == "Register for Seminar 3: Enacting co-production | Reimagining professionalism"
    )
    assert meta(head, "og:title") == "Register for Seminar 3: Enacting co-production"
    assert meta(head, "description").startswith(
        "Register for a free place at Seminar 3: Enacting co-production, "
    )


def test_every_page_has_a_large_share_card_on_site_url(client, public_urls, private_urls):
    for url in public_urls + private_urls:
        head = head_of(client, url)

        assert meta(head, "og:image").startswith(f"{SITE}/"), url
        assert meta(head, "og:image:width") == "1200", url
        assert meta(head, "og:image:height") == "630", url
        assert meta(head, "og:image:alt").endswith("."), url
        assert meta(head, "twitter:card") == "summary_large_image", url


def test_only_the_seminar_page_has_the_seminar_card(client, seminar, public_urls):
    cards = {url: meta(head_of(client, url), "og:image") for url in public_urls}

    seminar_card = cards.pop(seminar.get_absolute_url())
    assert seminar_card.startswith(f"{SITE}/seminars/{seminar.slug}/share.png?v=")
    assert {card.split("?")[0] for card in cards.values() if "/seminars/" not in card} == {
        f"{SITE}/share.png"
    }
