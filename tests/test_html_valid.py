"""Every public page is valid HTML, as the Nu HTML Checker (the W3C's validator) reads it: the
pages in each state a visitor can meet, and the forms empty and sent back with errors. All pages
go to the checker in one run (tests/clients), because Java is slow to start."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from bursaries.models import BursaryStatus
from registrations.models import ParticipantGroup, RegistrationStatus
from seminars.models import PageKind, SeminarStatus
from subscribers.models import SubscriberStatus
from tests.clients import nu_check
from tests.factories import (
    BursaryApplicationFactory,
    PageFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TeamMemberFactory,
    TentativeSeminarFactory,
)
from tests.factories.subscribers import SubscriberFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

REPLY_BY = timezone.now() + datetime.timedelta(days=7)


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def series():
    """A series as visitors meet it: a seminar in every state, people, partners and pages."""
    for kind in PageKind.values:
        PageFactory(kind=kind)
    person = PersonFactory(name="Ann Example", lived_experience="Ann has used services.")
    TeamMemberFactory(name="Bea Example")
    PartnerFactory(name="Leeds Mind")
    ResearchProjectFactory(title="Co-producing care plans")
    open_seminar = SeminarFactory(title="Open for registration", bursaries_per_group=3)
    SeminarSpeakerFactory(seminar=open_seminar, person=person)
    ProgrammeItemFactory(seminar=open_seminar)
    full = SeminarFactory(title="Full, with a waiting list", capacity=1)
    RegistrationFactory(seminar=full)
    RegistrationFactory(seminar=full, status=RegistrationStatus.WAITING)
    closed = SeminarFactory(
        title="Registration closed",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=6),
        registration_deadline=_ago(1),
        registration_opens_at=_ago(60),
        bursary_deadline=_ago(10),
    )
    past = SeminarFactory(
        title="Long ago",
        starts_at=london(2016, 1, 5, 10),
        ends_at=london(2016, 1, 5, 16),
        registration_opens_at=london(2015, 11, 1, 9),
        registration_deadline=london(2015, 12, 11),
        bursary_deadline=london(2015, 12, 1),
        bursary_decisions_by=datetime.date(2015, 12, 8),
    )
    return {
        "person": person,
        "open": open_seminar,
        "full": full,
        "closed": closed,
        "month only": TentativeSeminarFactory(title="Month only"),
        "postponed": SeminarFactory(title="Put back", status=SeminarStatus.POSTPONED),
        "cancelled": SeminarFactory(title="Called off", status=SeminarStatus.CANCELLED),
        "past": past,
    }


class Pages(dict):
    """{name: HTML} of pages fetched with the test client, each answered 200 (a form sent with
    errors comes back, not redirected)."""

    def __init__(self, client):
        super().__init__()
        self.client = client

    def fetch(self, name, url):
        self._keep(name, self.client.get(url))

    def send(self, name, url, data):
        self._keep(name, self.client.post(url, data))

    def _keep(self, name, response):
        assert response.status_code == 200, name
        self[name] = response.content.decode()


def public_pages(client, series):
    """{name: HTML} for every page a member of the public can reach."""
    seminar = series["open"]
    pages = Pages(client)
    get, post = pages.fetch, pages.send

    get("home", "/")
    get("seminar list", reverse("seminars:list"))
    for state in ["open", "full", "closed", "month only", "postponed", "cancelled", "past"]:
        get(f"seminar: {state}", series[state].get_absolute_url())
    get("people", reverse("seminars:people"))
    get("person", reverse("seminars:person", kwargs={"slug": series["person"].slug}))
    get("partners", reverse("seminars:partners"))
    get("research", reverse("seminars:research"))
    for kind in PageKind.values:
        get(f"page: {kind}", reverse(f"seminars:{kind}"))

    slug = {"slug": seminar.slug}
    register = reverse("registrations:register", kwargs=slug)
    get("registration form", register)
    post("registration form, nothing filled in", register, {})
    post(
        "registration form, some answers wrong",
        register,
        {
            "name": "Ann Example",
            "email": "ann@example",
            "group": ParticipantGroup.SERVICE_USER,
            "access_requirements": "A quiet room",
        },
    )
    get(
        "registration form, waiting list",
        reverse("registrations:register", kwargs={"slug": series["full"].slug}),
    )
    get(
        "registration form, closed",
        reverse("registrations:register", kwargs={"slug": series["closed"].slug}),
    )
    get("registration sent", reverse("registrations:check-email", kwargs=slug))
    my_link = reverse("registrations:manage-link", kwargs=slug)
    get("get my link form", my_link)
    post("get my link form with an error", my_link, {"email": "not an address"})

    registration = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=series["full"], status=RegistrationStatus.WAITING)
    get("manage registration", registration.manage_path)
    get("manage registration, waiting", waiting.manage_path)
    post(
        "manage registration with an error",
        registration.manage_path,
        {"access_requirements": "Step-free access"},
    )
    token = {"token": registration.manage_token}
    get("cancel registration", reverse("registrations:cancel", kwargs=token))
    get("correct your name", reverse("registrations:name", kwargs=token))
    post("correct your name, left empty", reverse("registrations:name", kwargs=token), {"name": ""})
    get("stop emails", reverse("registrations:stop-emails", kwargs=token))

    get("mailing list sign-up", reverse("subscribers:sign-up"))
    post("mailing list sign-up with an error", reverse("subscribers:sign-up"), {"email": "ann@"})
    get("mailing list: check your email", reverse("subscribers:check-email"))
    post("mailing list: the footer's address", reverse("subscribers:start"), {"email": "ann@x.org"})
    subscriber = SubscriberFactory(status=SubscriberStatus.PENDING, confirm_by=REPLY_BY)
    subscriber_token = {"token": subscriber.token}
    unsubscribe = reverse("subscribers:unsubscribe", kwargs=subscriber_token)
    get("mailing list: confirm", reverse("subscribers:confirm", kwargs=subscriber_token))
    get("mailing list: unsubscribe", unsubscribe)
    post("mailing list: unsubscribed", unsubscribe, {})
    alert = reverse("subscribers:opening-alert", kwargs={"slug": series["month only"].slug})
    post("tell me when registration opens, with an error", alert, {"email": "ann@"})

    apply = reverse("bursaries:apply", kwargs=slug)
    get("bursary form", apply)
    post("bursary form, nothing filled in", apply, {})
    post(
        "bursary form, some answers wrong",
        apply,
        {
            "name": "Ann Example",
            "email": "ann@example.org",
            "group": "carer",
            "travel_cost": "99999",
            "accommodation_cost": "a lot",
            "companion_needed": "on",
            "payment_method": "book",
            "access_needs": "Step-free",
            "statement": "word " * 251,
        },
    )
    get(
        "bursary form, closed",
        reverse("bursaries:apply", kwargs={"slug": series["closed"].slug}),
    )
    get("bursary sent", reverse("bursaries:check-email", kwargs=slug))
    easy_read_pages(get, seminar)
    pages.update(bursary_private_pages(client, series))
    pages.update(fee_pages(client, series))
    pages.update(feedback_pages(client))
    pages.update(outputs_pages(client))
    pages.update(certificate_pages(client))
    return pages


def certificate_pages(client):
    """A certificate's verification page (valid, withdrawn, a name typed), the form to type a
    code, and the page to ask for a name change."""
    from certificates import services

    seminar = SeminarFactory(
        starts_at=_ago(3), cpd_hours=Decimal("5.5"), learning="Co-design", title="Done"
    )
    seminar.attendance_completed_at = _ago(1)
    seminar.save(update_fields=["attendance_completed_at"])
    came = RegistrationFactory(seminar=seminar, name="Ann Lee", attended=True)
    issued = services.issue_certificate(came)
    pages = Pages(client)
    get, post = pages.fetch, pages.send
    get("manage registration, certificate", came.manage_path)
    get("certificate: check a code", reverse("certificates:check-form"))
    get("certificate: check a code, malformed", reverse("certificates:check-form") + "?code=x")
    get("certificate: valid", issued.get_absolute_url())
    post("certificate: the name typed", issued.get_absolute_url(), {"name": "Ann Lee"})
    post("certificate: a name left empty", issued.get_absolute_url(), {"name": ""})
    name_change = reverse("certificates:name-change", kwargs={"token": came.manage_token})
    get("certificate: ask for a name change", name_change)
    post("certificate: ask for a name change, empty", name_change, {"name": ""})
    services.withdraw_certificate(issued, by=None, reason="Given in error")
    get("certificate: withdrawn", issued.get_absolute_url())
    get("manage registration, certificate withdrawn", came.manage_path)
    return pages


def easy_read_pages(get, seminar):
    """A seminar's summary and how bursaries work, in Easy Read, with and without a picture."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bursaries.models import BursaryEasyReadLine, BursaryPolicy
    from seminars.models import SeminarEasyReadLine
    from tests.test_images import image_bytes

    policy, _ = BursaryPolicy.objects.get_or_create(pk=1)
    for line in (
        SeminarEasyReadLine(seminar=seminar, text="We meet to talk.", picture_alt="People"),
        BursaryEasyReadLine(policy=policy, text="We pay for your travel.", picture_alt="Coins"),
    ):
        line.picture.save("p.png", SimpleUploadedFile("p.png", image_bytes("PNG")))
    SeminarEasyReadLine.objects.create(seminar=seminar, text="It is free.", order=1)
    get("seminar: Easy Read", reverse("seminars:easy-read", kwargs={"slug": seminar.slug}))
    get("bursaries: Easy Read", reverse("bursaries:easy-read"))


def outputs_pages(client):
    """A past seminar's "What happened", the outputs list and a news post, a registered person's
    materials, and a speaker's upload form, empty and sent back."""
    from tests.factories.outputs import (
        MaterialFactory,
        NewsPostFactory,
        RecordingFactory,
        SpeakerLinkFactory,
        YouSaidWeDidFactory,
    )

    pages = Pages(client)
    said = YouSaidWeDidFactory()
    seminar = said.write_up.seminar
    MaterialFactory(seminar=seminar, accessible_version_note="A large-print version is available.")
    MaterialFactory(seminar=seminar, audience="registered", has_captions=True)
    RecordingFactory(seminar=seminar, has_captions=True)
    news = NewsPostFactory()
    came = RegistrationFactory(seminar=seminar)
    upload = reverse("outputs:upload", kwargs={"token": SpeakerLinkFactory(seminar=seminar).token})
    for name, url in [
        ("seminar: past, with its write-up and materials", seminar.get_absolute_url()),
        ("outputs", reverse("outputs:list")),
        ("outputs of one seminar", reverse("outputs:list") + f"?seminar={seminar.number}"),
        ("news post", reverse("outputs:news", kwargs={"slug": news.slug})),
        (
            "registered materials",
            reverse("outputs:registered-materials", kwargs={"token": came.manage_token}),
        ),
        ("speaker upload form", upload),
    ]:
        pages.fetch(name, url)
    pages.send("speaker upload form, nothing sent", upload, {})
    return pages


def bursary_private_pages(client, series):
    pages = Pages(client)
    get, post = pages.fetch, pages.send

    def url(name, application):
        return reverse(f"bursaries:{name}", kwargs={"token": application.token})

    submitted = BursaryApplicationFactory(seminar=series["open"])
    get("bursary: submitted", url("status", submitted))
    get("bursary: change", url("correct", submitted))
    post("bursary: change with errors", url("correct", submitted), {"travel_cost": "-5"})
    get("bursary: withdraw", url("withdraw", submitted))

    offered = BursaryApplicationFactory(
        seminar=series["closed"],
        status=BursaryStatus.OFFERED,
        offer_amount=Decimal("30.00"),
        reply_by=REPLY_BY,
    )
    get("bursary: offered", url("status", offered))
    get("bursary: accept", url("accept", offered))
    post("bursary: accept with an error", url("accept", offered), {})
    get("bursary: decline", url("decline", offered))

    accepted = BursaryApplicationFactory(
        seminar=series["past"],
        status=BursaryStatus.ACCEPTED,
        offer_amount=Decimal("30.00"),
        reply_by=REPLY_BY,
    )
    get("bursary: accepted, after the seminar", url("status", accepted))
    get("bursary: claim", url("claim", accepted))
    post("bursary: claim with errors", url("claim", accepted), {"amount": "lots"})

    queried = BursaryApplicationFactory(
        seminar=series["past"],
        status=BursaryStatus.QUERIED,
        offer_amount=Decimal("30.00"),
        reply_by=REPLY_BY,
    )
    get("bursary: queried", url("status", queried))
    get("bursary: answer", url("answer", queried))
    post("bursary: answer with an error", url("answer", queried), {})
    return pages


def fee_pages(client, series):
    """A contributor's involvement fee behind its private link: undecided, with errors, and
    after a choice."""
    from fees import services
    from fees.models import FeeSettings

    FeeSettings.objects.get_or_create(pk=1)
    pages = Pages(client)
    fee = services.offer_fee(
        series["open"],
        by=None,
        name="Cal Facilitator",
        email="cal@example.org",
        for_what="Co-facilitating",
        unit="hour",
        quantity=Decimal("3"),
    )
    url = reverse("fees:fee", kwargs={"token": fee.token})
    pages.fetch("fee: offered", url)
    pages.send("fee: choice with errors", url, {"choice": "less", "amount": "lots"})
    services.choose(fee, choice="declined")
    pages.fetch("fee: declined", url)
    return pages


def feedback_pages(client):
    """The feedback form behind a registration's private link, in each of its states."""
    from tests.factories.feedback import AttendedFactory, FeedbackQuestionFactory

    pages = Pages(client)
    get, post = pages.fetch, pages.send

    def url(registration):
        return reverse("feedback:give", kwargs={"token": registration.manage_token})

    came = AttendedFactory()
    FeedbackQuestionFactory(seminar=came.seminar, hint="The rooms, the lifts, the food.")
    FeedbackQuestionFactory(seminar=came.seminar, wording="The workshop?", kind="text")
    get("manage registration, feedback open", came.manage_path)
    get("feedback form", url(came))
    post("feedback form, nothing chosen", url(came), {})
    post(
        "feedback form, some answers wrong",
        url(came),
        {"usefulness": "9", "could_be_better": "x" * 2001, "group": "nobody"},
    )
    answered = AttendedFactory(seminar=came.seminar)
    client.post(url(answered), {"usefulness": "4"})
    get("feedback, thank you", url(answered))
    closed = AttendedFactory(seminar__attendance_completed_at=_ago(60))
    get("feedback form, closed", url(closed))
    return pages


class _References(HTMLParser):
    """The ids a page has, and the ids its attributes point at."""

    POINTERS = ("aria-describedby", "aria-labelledby", "aria-controls", "for")

    def __init__(self):
        super().__init__()
        self.ids, self.wanted = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in self.POINTERS:
            self.wanted += [(name, ref) for ref in (attrs.get(name) or "").split()]
        href = attrs.get("href") or ""
        if href.startswith("#") and href not in ("#", "#top"):
            self.wanted.append(("href", href[1:]))


def broken_references(html):
    """What the checker no longer reports: an aria-describedby (or a label's for, or a link
    within the page) that points at no element, so a hint or an error is never read out."""
    page = _References()
    page.feed(html)
    return [f'{name}="{ref}" points at nothing' for name, ref in page.wanted if ref not in page.ids]


def test_every_public_page_is_valid_html(client, series):
    pages = public_pages(client, series)
    # A page with a known mistake proves that the checker read the pages, not just that it ran.
    known_mistake = "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>"

    errors = nu_check({**pages, "known mistake": known_mistake})

    assert errors.pop("known mistake") != []
    assert {
        name: [f"line {error.get('lastLine')}: {error['message']}" for error in found]
        for name, found in errors.items()
        if found
    } == {}
    assert len(pages) == 87  # every page in public_pages was checked


def test_every_public_page_points_only_at_elements_it_has(client, series):
    pages = public_pages(client, series)

    broken = {name: found for name, html in pages.items() if (found := broken_references(html))}

    assert broken == {}
    assert broken_references('<p id="a"><input aria-describedby="a b">') == [
        'aria-describedby="b" points at nothing'
    ]
