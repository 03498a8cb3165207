"""Who may open what: every admin, staff and private-link URL, for each kind of account, in each
state of its object that matters. The expected answers are a table written by hand below
(URL, object state: the accounts allowed); the rules in rules.py are tested against the same
rows, so a wrong rule fails; and a URL that is in the site but not in the table fails too.

"Allowed" means the page answered (200, or a redirect that leads to a page that answers);
"refused" means 403, 404, 405, 409 (an action the seminar's phase refuses) or 429, or a
redirect to sign in or, from an object's page, to the admin's front page (the admin's answer for
an object the account may not see). Anything else (400, 500) fails.
"""

import datetime
from dataclasses import dataclass, field, replace
from functools import cached_property

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from common import audit
from tests.factories import (
    BursaryApplicationFactory,
    PageFactory,
    PartnerFactory,
    PersonFactory,
    RegistrationFactory,
    ResearchProjectFactory,
    SeminarFactory,
    VenueFactory,
)
from tests.roles import ROLES, make_staff

pytestmark = pytest.mark.django_db

ANON, ORG, P, D, S, OP, N, PC = (
    "anonymous",
    "organiser",
    "panel",
    "door",
    "superuser",
    "organiser_and_panel",
    "no_group",
    "panel_conflicted",
)
ACTORS = [ANON, *ROLES]
assert set(ACTORS) == {ANON, ORG, P, D, S, OP, N, PC}

NOBODY = frozenset()
EVERYONE = frozenset(ACTORS)
STAFF = EVERYONE - {ANON}
SUPER = frozenset({S})
ORGANISERS = frozenset({ORG, OP, S})
PANEL = frozenset({P, OP, PC, S})
PANEL_NOT_CONFLICTED = PANEL - {PC}  # on an application PC declared a conflict with
REPORT = ORGANISERS | PANEL
DOOR = frozenset({ORG, OP, D, S})

DAY = datetime.timedelta(days=1)


class World:
    """The objects a URL is about, made on demand (each test makes only what its URL needs)."""

    def __init__(self, users):
        self.users = users

    @cached_property
    def seminar(self):
        return SeminarFactory()

    def seminar_in(self, state):
        now = timezone.now()
        if state == "before the day":
            return SeminarFactory(starts_at=now + 2 * DAY)
        if state == "on the day":
            return SeminarFactory(starts_at=now + datetime.timedelta(hours=1))
        if state == "after the day":
            return SeminarFactory(starts_at=now - 2 * DAY)
        if state == "attendance complete":
            return self.completed
        raise ValueError(state)

    @cached_property
    def completed(self):
        return SeminarFactory(
            starts_at=timezone.now() - 3 * DAY,
            attendance_completed_at=timezone.now() - DAY,
            cpd_hours=3,
            learning="What was covered.",
        )

    @cached_property
    def registration(self):
        return RegistrationFactory(seminar=self.seminar)

    @cached_property
    def held(self):
        from registrations.models import RegistrationStatus

        return RegistrationFactory(seminar=self.seminar, status=RegistrationStatus.HELD)

    @cached_property
    def call_back(self):
        from registrations.models import CallBack

        return CallBack.objects.create(registration=self.registration, phone="07700 900123")

    @cached_property
    def held_call_back(self):
        from registrations.models import CallBack

        return CallBack.objects.create(registration=self.held, phone="07700 900124")

    @cached_property
    def attended(self):
        return RegistrationFactory(seminar=self.completed, attended=True)

    @cached_property
    def application(self):
        return BursaryApplicationFactory(seminar=self.seminar)

    @cached_property
    def fee(self):
        """An involvement fee offered to a co-facilitator at the seminar."""
        from decimal import Decimal

        from fees import services

        return services.offer_fee(
            self.seminar,
            by=None,
            name="Cal Facilitator",
            email="cal@example.org",
            for_what="Co-facilitating",
            unit="hour",
            quantity=Decimal("3"),
        )

    @cached_property
    def conflicted(self):
        """An application the panel_conflicted member declared a conflict of interest with."""
        from bursaries import services

        application = BursaryApplicationFactory(seminar=self.seminar)
        services.declare_conflict(application, reviewer=self.users[PC])
        return application

    @cached_property
    def receipt(self):
        from bursaries.models import Claim, Receipt

        claim = Claim.objects.create(application=self.application, amount=10)
        receipt = Receipt(claim=claim)
        receipt.file.save("ticket.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        return receipt

    def email(self, kind):
        from outbox.models import Email

        if kind == "registration":
            from registrations import emails

            emails.queue_place_confirmed(self.registration)
        else:
            from bursaries import emails

            emails.queue_application_received(self.application)
        email = Email.objects.latest("pk")
        email.status = "failed"
        email.save(update_fields=["status"])
        return email

    @cached_property
    def material(self):
        from tests.factories.outputs import FileMaterialFactory

        return FileMaterialFactory(seminar=self.seminar)

    @cached_property
    def issued(self):
        from certificates import services
        from certificates.models import IssuedCertificate

        services.certificate_for(self.attended)
        return IssuedCertificate.objects.get(registration=self.attended)

    @cached_property
    def name_request(self):
        from certificates import services

        return services.request_name_change(self.attended, name="Corrected Name")

    @cached_property
    def follow_up(self):
        from certificates.models import FollowUp

        return FollowUp.objects.create(
            seminar=self.completed, sent_at=timezone.now(), thanked=0, missed=0
        )

    @cached_property
    def signature(self):
        from certificates.models import Signature
        from tests.certificates.conftest import signature_png

        signature = Signature(person=PersonFactory())
        signature.image.save("signature.png", ContentFile(signature_png()))
        return signature

    @cached_property
    def question(self):
        from tests.factories.feedback import FeedbackQuestionFactory

        return FeedbackQuestionFactory()

    @cached_property
    def subscriber(self):
        from subscribers.models import Subscriber

        return Subscriber.objects.create(email="sub@example.org")

    @cached_property
    def group_count(self):
        from registrations.models import GroupCount

        return GroupCount.objects.create(
            seminar=self.seminar, group="academic", status="confirmed", registrations=1
        )

    def device(self, kind):
        """A second factor of someone else's (the superuser's own are theirs alone)."""
        from django.contrib.auth import get_user_model

        someone = get_user_model().objects.create_user("someone", is_staff=True)
        if kind == "totp":
            from django_otp.plugins.otp_totp.models import TOTPDevice

            return TOTPDevice.objects.create(user=someone, name="phone")
        from django_otp.plugins.otp_static.models import StaticDevice

        return StaticDevice.objects.create(user=someone, name="backup")

    def model_object(self, label):
        makers = {
            "people.person": PersonFactory,
            "people.partner": PartnerFactory,
            "people.researchproject": ResearchProjectFactory,
            "seminars.venue": VenueFactory,
            "seminars.page": PageFactory,
            "seminars.seminar": lambda: self.seminar,
            "subscribers.subscriber": lambda: self.subscriber,
            "registrations.registration": lambda: self.registration,
            "registrations.groupcount": lambda: self.group_count,
            "bursaries.bursaryapplication": lambda: self.application,
            "bursaries.bursarypolicy": _policy,
            "outbox.email": lambda: self.email("registration"),
            "outputs.writeup": _writeup,
            "outputs.material": lambda: self.material,
            "outputs.speakerlink": _speaker_link,
            "outputs.recordingconsent": _recording_consent,
            "outputs.newspost": _news_post,
            "certificates.signature": lambda: self.signature,
            "certificates.followup": lambda: self.follow_up,
            "certificates.issuedcertificate": lambda: self.issued,
            "certificates.namechangerequest": lambda: self.name_request,
            "feedback.feedbackquestion": lambda: self.question,
            "feedback.feedbackanswer": lambda: self.completed,  # its admin pages go by seminar
            "otp_totp.totpdevice": lambda: self.device("totp"),
            "otp_static.staticdevice": lambda: self.device("static"),
            "auth.group": _group,
            "auth.user": lambda: self.users[N],
            "axes.accessattempt": _access_attempt,
            "axes.accesslog": _access_log,
            "axes.accessfailurelog": _access_failure,
            "common.auditentry": lambda: audit.record(self.seminar, "noted", by=None),
            "ledger.budget": lambda: _budget(self.seminar),
            "ledger.moneysettings": _money_settings,
            "ledger.entry": lambda: _entry(self.seminar),
            "fees.feesettings": _fee_settings,
            "fees.involvementfee": lambda: self.fee,
        }
        return makers[label]()


def _policy():
    """The one row of rules (a migration makes it; a transactional test elsewhere may have
    flushed it)."""
    from bursaries.models import BursaryPolicy

    return BursaryPolicy.objects.get_or_create(pk=1)[0]


def _budget(seminar):
    from ledger.models import Budget

    return Budget.objects.create(line="venue", seminar=seminar, amount=500)


def _money_settings():
    from ledger.models import MoneySettings

    return MoneySettings.objects.get_or_create(pk=1)[0]


def _entry(seminar):
    from ledger import services

    account = services.open_account(
        seminar=seminar, line="venue", purpose="expenses", reference="V1", description="Room"
    )
    return services.offer(account, {"room": 300})[0]


def _fee_settings():
    from fees.models import FeeSettings

    return FeeSettings.objects.get_or_create(pk=1)[0]


def _writeup():
    from tests.factories.outputs import WriteUpFactory

    return WriteUpFactory()


def _speaker_link():
    from tests.factories.outputs import SpeakerLinkFactory

    return SpeakerLinkFactory()


def _recording_consent():
    from tests.factories.outputs import RecordingConsentFactory

    return RecordingConsentFactory()


def _news_post():
    from tests.factories.outputs import NewsPostFactory

    return NewsPostFactory()


def _group():
    from django.contrib.auth.models import Group

    return Group.objects.create(name="Another group")


def _access_attempt():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username="x", ip_address="127.0.0.9", failures_since_start=1
    )


def _access_log():
    from axes.models import AccessLog

    return AccessLog.objects.create(username="x", ip_address="127.0.0.9")


def _access_failure():
    from axes.models import AccessFailureLog

    return AccessFailureLog.objects.create(username="x", ip_address="127.0.0.9")


@dataclass(frozen=True)
class Row:
    """One line of the table: a URL (by name) in one state of its object, who may open it."""

    name: str
    allowed: frozenset
    state: str = ""
    method: str = "get"
    args: object = None  # world -> the URL's arguments
    data: dict = field(default_factory=dict)
    json: bool = False  # asked as the door list's script asks
    follow: bool = False  # a POST follows redirects (an old address sends it on: 301, or 308)

    def __post_init__(self):
        assert isinstance(self.name, str), f"a row without a URL name: {self}"

    @property
    def id(self):
        return f"{self.name}[{self.state}]" if self.state else self.name


# The admin's pages for each model: who may open the list (and a row's page), add, change and
# delete. Written from the README's account of each group, not from the code.
#                                  list/view  add        change     delete
MODEL_TABLE = {
    "people.person": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "people.partner": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "people.researchproject": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "seminars.venue": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "seminars.page": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    # Seminars are unpublished or cancelled, never deleted: history depends on them.
    # (A seminar anything depends on cannot be deleted: its delete page says what protects it.)
    "seminars.seminar": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "subscribers.subscriber": (ORGANISERS, NOBODY, NOBODY, NOBODY),
    # Registrations are cancelled, never deleted; they come from the form or "Register someone".
    "registrations.registration": (ORGANISERS, NOBODY, ORGANISERS, NOBODY),
    "registrations.groupcount": (ORGANISERS, NOBODY, NOBODY, NOBODY),
    # Only the panel (and superusers) see anything of bursary applications.
    # The panel's page for one application has a form per action, each with its own URL.
    "bursaries.bursaryapplication": (PANEL, PANEL, NOBODY, NOBODY),
    "bursaries.bursarypolicy": (ORGANISERS | PANEL, NOBODY, ORGANISERS, NOBODY),
    # (The row made for its pages is a registration email: organisers' to read. A bursary
    # email is the panel's: its rows are below.)
    "outbox.email": (ORGANISERS | PANEL, NOBODY, NOBODY, SUPER, ORGANISERS),
    "outputs.writeup": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "outputs.material": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "outputs.recordingconsent": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "outputs.speakerlink": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "outputs.newspost": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "certificates.signature": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "certificates.followup": (ORGANISERS, NOBODY, NOBODY, NOBODY),
    # The register changes only by an organiser's recorded action (withdraw, reissue, approve).
    "certificates.issuedcertificate": (ORGANISERS, NOBODY, NOBODY, NOBODY),
    "certificates.namechangerequest": (ORGANISERS, NOBODY, NOBODY, NOBODY),
    "feedback.feedbackquestion": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "feedback.feedbackanswer": (ORGANISERS, None, None, None),  # results: a list, by seminar
    # Security: superusers only, and nobody adds or edits someone's second factor here.
    "otp_totp.totpdevice": (SUPER, NOBODY, NOBODY, SUPER),
    "otp_static.staticdevice": (SUPER, NOBODY, NOBODY, SUPER),
    "auth.group": (SUPER, SUPER, SUPER, SUPER),
    "auth.user": (SUPER, SUPER, SUPER, SUPER),
    "axes.accessattempt": (SUPER, NOBODY, SUPER, SUPER),
    "axes.accesslog": (SUPER, NOBODY, SUPER, SUPER),
    "axes.accessfailurelog": (SUPER, NOBODY, SUPER, SUPER),
    # The whole log, read-only: each object's page shows its own entries to its readers.
    "common.auditentry": (SUPER, NOBODY, NOBODY, NOBODY),
    # Money: organisers set the budget and the series' money settings; entries are written by
    # the site and read whole by superusers (each group sees its own money on its pages).
    "ledger.budget": (ORGANISERS, ORGANISERS, ORGANISERS, ORGANISERS),
    "ledger.moneysettings": (ORGANISERS, NOBODY, ORGANISERS, NOBODY),
    "ledger.entry": (SUPER, NOBODY, NOBODY, NOBODY),
    # Involvement fees: organisers' alone (never the panel's). Fees are offered, approved and
    # paid on their staff pages; the admin lists and shows them, and holds the series' rates.
    "fees.feesettings": (ORGANISERS, NOBODY, ORGANISERS, NOBODY),
    "fees.involvementfee": (ORGANISERS, NOBODY, NOBODY, NOBODY),
}


def _admin_rows():
    rows = []
    for label, (view, add, change, delete, *this_one) in MODEL_TABLE.items():
        app, model = label.split(".")

        def obj(world, label=label):
            return [world.model_object(label).pk]

        prefix = f"admin:{app}_{model}"
        rows.append(Row(f"{prefix}_changelist", view))
        if change is None:  # a list and nothing else (test_pages_the_table_leaves_out)
            continue
        reads = this_one[0] if this_one else view | change
        rows += [
            Row(f"{prefix}_add", add),
            Row(f"{prefix}_change", reads, args=obj),
            Row(f"{prefix}_change", change & reads, "saving", "post", obj),
            Row(f"{prefix}_delete", delete & reads, args=obj),
            Row(f"{prefix}_history", reads, args=obj),
        ]
    return rows


def seminar_at(state):
    return lambda world: [world.seminar_in(state).pk]


def person_at(state):
    def args(world):
        seminar = world.seminar_in(state)
        return [seminar.pk, RegistrationFactory(seminar=seminar).pk]

    return args


PHASES = ["before the day", "on the day", "after the day", "attendance complete"]
# Who records arrivals (and walk-ins) in each phase of the seminar: registrations/rules.py.
ARRIVALS = {
    "before the day": NOBODY,
    "on the day": DOOR,
    "after the day": ORGANISERS,
    "attendance complete": NOBODY,
}

TABLE = [
    *_admin_rows(),
    # The admin's own pages: any signed-in staff member (the second factor done).
    Row("admin:index", STAFF),
    Row("admin:app_list", ORGANISERS, "seminars", args=lambda world: ["seminars"]),
    # Organisers edit the series' bursary rules (no applicant's data is in them).
    Row("admin:app_list", PANEL | ORGANISERS, "bursaries", args=lambda world: ["bursaries"]),
    Row("admin:app_list", SUPER, "auth", args=lambda world: ["auth"]),
    Row("admin:jsi18n", STAFF),
    Row("admin:password_change", STAFF),
    Row("admin:auth_user_password_change", SUPER, args=lambda world: [world.users[N].pk]),
    Row("admin:password_change_done", STAFF),
    Row("admin:logout", STAFF, method="post"),
    Row(
        "admin:autocomplete",
        ORGANISERS,
        data={"app_label": "seminars", "model_name": "seminar", "field_name": "venue"},
    ),
    Row(
        "admin:view_on_site",
        STAFF,
        args=lambda world: [_content_type("seminars.seminar"), world.seminar.pk],
    ),
    # The outbox: each email by who may read its kind (outbox/kinds.py).
    Row(
        "admin:outbox_email_change",
        ORGANISERS,
        "a registration email",
        args=lambda world: [world.email("registration").pk],
    ),
    Row(
        "admin:outbox_email_change",
        PANEL,
        "a bursary email",
        args=lambda world: [world.email("bursary").pk],
    ),
    Row(
        "admin:outbox_email_try_again",
        ORGANISERS,
        "a registration email",
        "post",
        lambda world: [world.email("registration").pk],
    ),
    Row(
        "admin:outbox_email_try_again",
        PANEL,
        "a bursary email",
        "post",
        lambda world: [world.email("bursary").pk],
    ),
    # Registrations: organisers' work, never the places held for bursary offers.
    Row("organising:register-someone", ORGANISERS),
    Row(
        "organising:email-registered",
        ORGANISERS,
        args=lambda world: [world.seminar.pk],
    ),
    Row(
        "organising:announce",
        ORGANISERS,
        args=lambda world: [world.seminar.pk],
    ),
    Row(
        "organising:resend-confirmation",
        ORGANISERS,
        method="post",
        args=lambda world: [world.registration.pk],
    ),
    Row(
        "admin:registrations_registration_change",
        SUPER,
        "a place held for a bursary offer",
        args=lambda world: [world.held.pk],
    ),
    Row(
        "organising:correct-attendance",
        NOBODY,
        "before attendance is complete",
        args=lambda world: [world.registration.pk],
    ),
    Row(
        "organising:correct-attendance",
        ORGANISERS,
        "attendance complete",
        args=lambda world: [world.attended.pk],
    ),
    Row("organising:opted-in", ORGANISERS),
    # The call-back list: organisers only, never door helpers or the bursary panel.
    Row("organising:call-backs", ORGANISERS),
    Row(
        "organising:call-back-called",
        ORGANISERS,
        method="post",
        args=lambda world: [world.call_back.pk],
    ),
    Row(
        "organising:call-back-called",
        SUPER,
        "a place held for a bursary offer",
        method="post",
        args=lambda world: [world.held_call_back.pk],
    ),
    Row("organising:online-attendance", ORGANISERS, args=lambda world: [world.seminar.pk]),
    # Bursaries: the panel's, less what a member declared a conflict with.
    Row(
        "admin:bursaries_bursaryapplication_change",
        PANEL_NOT_CONFLICTED,
        "a conflict of interest",
        args=lambda world: [world.conflicted.pk],
    ),
    Row(
        "organising:bursary-action",
        PANEL,
        "score",
        "post",
        lambda world: [world.application.pk, "score"],
        {"score": "3"},
    ),
    Row(
        "organising:bursary-action",
        PANEL_NOT_CONFLICTED,
        "score, with a conflict of interest",
        "post",
        lambda world: [world.conflicted.pk, "score"],
        {"score": "3"},
    ),
    Row(
        "organising:bursary-receipt",
        PANEL,
        args=lambda world: [world.application.pk, world.receipt.pk],
    ),
    Row("organising:bursary-send-staged", PANEL),
    Row("organising:bursary-finance", PANEL),
    Row("organising:bursary-conflicts", PANEL),
    Row(
        "organising:bursary-withdraw-conflict",
        frozenset({PC}),
        method="post",
        args=lambda world: [world.conflicted.pk],
    ),
    Row(
        "organising:bursary-tell-holders",
        PANEL,
        args=lambda world: [world.seminar.pk],
    ),
    # After the seminar.
    Row("admin:outputs_material_file", ORGANISERS, args=lambda world: [world.material.pk]),
    Row("organising:certificate-preview", ORGANISERS, args=lambda world: [world.completed.pk]),
    Row("organising:tell-registered", ORGANISERS, args=lambda world: [world.seminar.pk]),
    Row("organising:feedback-csv", ORGANISERS),
    Row(
        "organising:feedback-seminar",
        ORGANISERS,
        args=lambda world: [world.completed.pk],
    ),
    # Nobody reads an authenticator app's key again, superusers included.
    Row("admin:otp_totp_totpdevice_config", NOBODY, args=lambda world: [world.device("totp").pk]),
    Row("admin:otp_totp_totpdevice_qrcode", NOBODY, args=lambda world: [world.device("totp").pk]),
    # Staff pages outside the admin.
    # Involvement fees: organisers' pages; the panel opens none of them.
    Row("organising:fees-seminar", ORGANISERS, args=lambda world: [world.seminar.pk]),
    Row("organising:fee", ORGANISERS, args=lambda world: [world.fee.pk]),
    Row("organising:fee-action", ORGANISERS, args=lambda world: [world.fee.pk, "approve"]),
    Row(
        "organising:fee-action",
        ORGANISERS,
        "approving a fee not yet chosen (refused with the reason)",
        "post",
        lambda world: [world.fee.pk, "approve"],
    ),
    Row("organising:report", REPORT),
    Row("organising:report-csv", REPORT),
    # The finance office's files: the panel's of bursary payments, the organisers' of fees
    # and contributors' expenses, each only its own; both in one file for superusers.
    Row("organising:finance", PANEL | ORGANISERS),
    Row("organising:bursary-payments", PANEL),
    Row("organising:fees-and-expenses", ORGANISERS),
    Row("organising:all-payments", SUPER),
    *(
        Row(f"organising:{name}", DOOR, args=lambda world: [world.seminar.pk])
        for name in ("door", "staff-sheet", "sign-sheet", "badges", "totals")
    ),
    *(
        Row(
            "organising:arrival",
            ARRIVALS[phase],
            phase,
            "post",
            person_at(phase),
            {"arrived": "yes"},
            json=True,
        )
        for phase in PHASES
    ),
    *(
        Row(
            "organising:companion",
            ARRIVALS[phase],
            phase,
            "post",
            person_at(phase),
            {"companion": "yes"},
            json=True,
        )
        for phase in PHASES
    ),
    *(
        Row(
            "organising:walk-in", ARRIVALS[phase], phase, "post", seminar_at(phase), {"name": "Dee"}
        )
        for phase in PHASES
    ),
    # The second factor: each signed-in person's own (re-authentication guards the changes).
    Row("two_factor:profile", STAFF),
    Row("two_factor:backup_tokens", STAFF),
    Row("two_factor:disable", STAFF),
    Row("replace-sign-in-code", STAFF),
    Row("two_factor:login", EVERYONE),
]


# Staff pages that moved out of the admin keep their old addresses and names, as redirects
# (organising/moved.py; emails already sent link to them): each old address lets in exactly
# whom its page lets in.
MOVED = {
    "admin:bursaries_bursaryapplication_action": "organising:bursary-action",
    "admin:bursaries_bursaryapplication_receipt": "organising:bursary-receipt",
    "admin:bursaries_bursaryapplication_send_staged": "organising:bursary-send-staged",
    "admin:bursaries_bursaryapplication_finance": "organising:bursary-finance",
    "admin:bursaries_bursaryapplication_conflicts": "organising:bursary-conflicts",
    "admin:bursaries_bursaryapplication_withdraw_conflict": "organising:bursary-withdraw-conflict",
    "admin:bursaries_bursaryapplication_tell_holders": "organising:bursary-tell-holders",
    "admin:certificates_preview": "organising:certificate-preview",
    "admin:feedback_feedbackanswer_csv": "organising:feedback-csv",
    "admin:feedback_feedbackanswer_seminar": "organising:feedback-seminar",
    "admin:registrations_registration_register_someone": "organising:register-someone",
    "admin:registrations_registration_email_registered": "organising:email-registered",
    "admin:registrations_registration_announce": "organising:announce",
    "admin:registrations_registration_resend_confirmation": "organising:resend-confirmation",
    "admin:registrations_registration_correct_attendance": "organising:correct-attendance",
    "admin:registrations_registration_opted_in": "organising:opted-in",
    "admin:seminars_seminar_tell_registered": "organising:tell-registered",
}
TABLE += [
    replace(row, name=old, state=f"{row.state}, old address".lstrip(", "), follow=True)
    for old, new in MOVED.items()
    for row in TABLE
    if row.name == new
]
assert {row.name for row in TABLE} >= set(MOVED), "an old address whose page has no row"


def _content_type(label):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key(*label.split(".")).pk


# Private links: whoever holds the link (nobody needs an account), while it is the person's
# current link; an old link (the address changed since) opens nothing, for anyone.
def _registration_link(world):
    return [world.registration.manage_token]


def _old_registration_link(world):
    from registrations import services
    from registrations.models import EmailChangeReason

    registration = world.registration
    old = registration.manage_token
    services.change_email(
        registration, email="new@example.org", reason=EmailChangeReason.TYPO, by=world.users[S]
    )
    return [old]


def _application_link(world):
    return [world.application.token]


def _old_application_link(world):
    from bursaries import services
    from registrations.models import EmailChangeReason

    application = world.application
    old = application.token
    services.change_email(
        application, email="new@example.org", reason=EmailChangeReason.TYPO, by=world.users[S]
    )
    return [old]


def _fee_link(world):
    return [world.fee.token]


def _old_fee_link(world):
    from fees import services

    fee = world.fee
    old = fee.token
    services.change_email(fee, email="new@example.org", by=world.users[S])
    return [old]


PRIVATE = [
    ("registrations:manage", _registration_link, _old_registration_link),
    ("registrations:name", _registration_link, _old_registration_link),
    ("registrations:cancel", _registration_link, _old_registration_link),
    ("registrations:where", _registration_link, _old_registration_link),
    ("registrations:stop-emails", _registration_link, _old_registration_link),
    ("outputs:registered-materials", _registration_link, _old_registration_link),
    ("bursaries:status", _application_link, _old_application_link),
    ("bursaries:correct", _application_link, _old_application_link),
    ("bursaries:withdraw", _application_link, _old_application_link),
    ("fees:fee", _fee_link, _old_fee_link),
]
TABLE += [
    row
    for name, current, old in PRIVATE
    for row in (
        Row(name, EVERYONE, "current link", args=current),
        Row(name, NOBODY, "old link", args=old),
    )
]


def _attended_link(world):
    return [world.attended.manage_token]


def _old_attended_link(world):
    from registrations import services
    from registrations.models import EmailChangeReason

    attended = world.attended
    old = attended.manage_token
    services.change_email(
        attended, email="moved@example.org", reason=EmailChangeReason.TYPO, by=world.users[S]
    )
    return [old]


def _old_receipt_link(world):
    receipt = world.receipt  # sent while the link was theirs
    return [*_old_application_link(world), receipt.pk]


def _old_link_and(link, then):
    """An old link followed by more of the URL's arguments (a receipt, a material)."""
    return lambda world: [*link(world), then(world)]


TABLE += [
    # After the seminar, for someone who came: feedback (open for weeks) and the certificate.
    Row("feedback:give", EVERYONE, "current link", args=_attended_link),
    Row("feedback:give", NOBODY, "old link", args=_old_attended_link),
    Row("certificates:name-change", EVERYONE, "current link", args=_attended_link),
    Row("certificates:name-change", NOBODY, "old link", args=_old_attended_link),
    Row("certificates:download", NOBODY, "old link", args=_old_attended_link),
    Row(
        "outputs:registered-download",
        NOBODY,
        "old link",
        args=_old_link_and(_old_registration_link, lambda world: world.material.pk),
    ),
    # A bursary's other pages: whatever their state, an old link opens none of them.
    *(
        Row(name, NOBODY, "old link", args=_old_application_link)
        for name in ("bursaries:accept", "bursaries:claim", "bursaries:answer", "bursaries:decline")
    ),
    Row("bursaries:receipt", NOBODY, "old link", args=lambda world: _old_receipt_link(world)),
    Row(
        "certificates:download",
        EVERYONE,
        "attended",
        args=lambda world: [world.attended.manage_token],
    ),
    Row(
        "certificates:download",
        NOBODY,
        "not recorded as attending",
        args=lambda world: [RegistrationFactory(seminar=world.completed).manage_token],
    ),
]

# Open to everyone, with nothing to guard: listed so that a new URL is a decision, not an
# accident. (Private links whose state decides more, such as the feedback form or a claim, are
# tested in their apps.)
PUBLIC = {
    "healthz",
    "admin:login",  # sends everyone to the site's sign-in
    "healthz-worker",
    "sitemap",
    "subscribers:sign-up",
    "subscribers:start",
    "subscribers:check-email",
    "subscribers:confirm",
    "subscribers:unsubscribe",
    "subscribers:opening-alert",
    "registrations:register",
    "registrations:check-email",
    "registrations:manage-link",
    "bursaries:apply",
    "bursaries:check-email",
    "bursaries:easy-read",  # how bursaries work, in Easy Read (404 until organisers write it)
    "outputs:list",
    "outputs:feed",
    "outputs:news",
    "outputs:download",
    "outputs:upload",
    "certificates:check-form",
    "certificates:check",
    "two_factor:setup",
    "two_factor:qr",
    "two_factor:setup_complete",
    *(
        f"seminars:{name}"
        for name in [
            "home",
            "list",
            "calendar",
            "detail",
            "easy-read",  # a seminar's summary in Easy Read (404 until organisers write it)
            "seminar-calendar",
            "people",
            "person",
            "partners",
            "research",
            "robots",
            "series-share-card",
            "share-card",
            "about",
            "contact",
            "privacy",
            "accessibility",
        ]
    ),
}


def every_url_name():
    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                inner = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver()))


def test_every_url_is_in_the_table_or_public():
    in_table = {row.name for row in TABLE}
    missing = every_url_name() - in_table - PUBLIC

    assert not missing, f"URLs with no row in the permission table: {sorted(missing)}"
    assert not in_table & PUBLIC


def test_pages_the_table_leaves_out_do_not_exist():
    for label, (_, _, change, *_) in MODEL_TABLE.items():
        if change is None:
            for page in ("add", "change", "delete", "history"):
                with pytest.raises(NoReverseMatch):
                    reverse(f"admin:{label.replace('.', '_')}_{page}", args=[1])


def test_every_model_in_the_admin_is_in_the_table():
    assert {model._meta.label_lower for model in admin.site._registry} == set(MODEL_TABLE)


@pytest.fixture
def users(django_user_model):
    return {role: make_staff(django_user_model, role) for role in ROLES}


REFUSED = {403, 404, 405, 409, 429}
SIGN_IN = ("/account/login/", "/admin/login/")


def outcome(response, url):
    """What the account met, following redirects (the admin answers some refusals with one)."""
    redirects = [to for to, _ in getattr(response, "redirect_chain", [])]
    if response.status_code in (301, 302, 303):
        redirects.append(response["Location"])
    for to in redirects:
        if to.startswith(SIGN_IN) or (to == "/admin/" and url != "/admin/"):
            return "refused"
    if response.status_code in REFUSED:
        return "refused"
    if response.status_code in (200, 204, 301, 302, 303):
        return "allowed"
    return f"broken ({response.status_code})"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.id)
def test_who_may_open_each_url(client, users, row, actor):
    world = World(users)
    args = row.args(world) if row.args else []
    if actor != ANON:
        client.force_login(users[actor])
    url = reverse(row.name, args=args)
    headers = {"Accept": "application/json"} if row.json else {}

    if row.method == "get":
        response = client.get(url, row.data, follow=True, headers=headers)
    else:
        response = client.post(url, row.data, headers=headers, follow=row.follow)

    response.close()  # a file's response holds the file open until closed

    expected = "allowed" if actor in row.allowed else "refused"
    assert outcome(response, url) == expected, f"{actor} on {url}: {response.status_code}"


# The rules themselves, against the same rows.


@pytest.mark.parametrize("phase", PHASES)
def test_rules_may_record_arrival_agrees_with_the_table(users, phase):
    from registrations import rules

    seminar = World(users).seminar_in(phase)

    allowed = {role for role in ROLES if rules.may_record_arrival(users[role], seminar)}

    assert allowed == ARRIVALS[phase]


def test_rules_may_work_call_backs_agrees_with_the_table(users):
    from registrations import rules

    row = next(row for row in TABLE if row.name == "organising:call-backs")

    assert {r for r in ROLES if rules.may_work_call_backs(users[r])} == row.allowed


def test_rules_may_correct_attendance_agrees_with_the_table(users):
    from registrations import rules

    world = World(users)
    rows = [row for row in TABLE if row.name == "organising:correct-attendance"]

    for row, seminar in zip(rows, [world.seminar, world.completed], strict=True):
        allowed = {role for role in ROLES if rules.may_correct_attendance(users[role], seminar)}
        assert allowed == row.allowed, row.state


def test_the_bursary_rules_agree_with_the_table(users):
    from bursaries import rules

    world = World(users)
    application, conflicted = world.application, world.conflicted

    assert {r for r in ROLES if rules.may_see_application(users[r], application)} == PANEL
    assert {r for r in ROLES if rules.may_see_application(users[r], conflicted)} == (
        PANEL_NOT_CONFLICTED
    )


def test_the_finance_rules_agree_with_the_table(users):
    from organising import rules

    for row in TABLE:
        if row.name in {f"organising:{file.name}" for file in rules.FINANCE_FILES}:
            name = row.name.removeprefix("organising:")
            allowed = {r for r in ROLES if rules.may_take_finance_file(users[r], name)}
            assert allowed == row.allowed, row.name
    assert {r for r in ROLES if rules.finance_files(users[r])} == PANEL | ORGANISERS


def test_the_material_rule_agrees_with_the_table(users):
    from outputs import rules

    material = World(users).material

    assert {r for r in ROLES if rules.may_review_material(users[r], material)} == ORGANISERS


def test_who_reads_each_email_agrees_with_the_table(users):
    from outbox import kinds
    from outbox.models import Email

    world = World(users)
    for state, email in (
        ("a registration email", world.email("registration")),
        ("a bursary email", world.email("bursary")),
    ):
        [row] = [r for r in TABLE if r.name == "admin:outbox_email_change" and r.state == state]
        mine = {r: Email.objects.filter(kinds.readable_by(users[r]), pk=email.pk) for r in ROLES}
        readers = {r for r, emails in mine.items() if emails.exists()}
        assert readers == row.allowed, state
