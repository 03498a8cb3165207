"""The demo's story: a series in which things have happened, for `make demo` (build_demo).

Everything is made through the apps' services wherever one exists, with `now` set to the moment
each step would have happened, so the rows are what the site itself would have written. The
series' real content stays as loaded (load_series); the demo adds seminars of its own, numbered
from DEMO_NUMBER, whose dates are bent relative to today: one six weeks ago (attendance
complete, certificates, feedback, a write-up, bursaries claimed) and one today (the door list).
Refused outright under production settings (refuse_in_production)."""

import datetime
import secrets
from decimal import Decimal as D

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from certificates import services as certificates
from certificates.models import SeminarCertificate
from common.groups import BURSARY_PANEL, DOOR_HELPERS, ORGANISERS
from feedback import services as feedback
from fees import services as fees
from fees.models import FeeUnit
from ledger.models import Budget, BudgetLine
from outbox.models import Email, EmailStatus
from registrations.models import Mode, ParticipantGroup, Registration
from registrations.online import SeminarOnline
from registrations.services import attendance, callbacks, places
from seminars.models import Seminar, SeminarStatus, Venue
from subscribers import services as subscribers

from .bursaries import bursaries
from .outputs import outputs_of
from .people import email as _email

DEMO_NUMBER = 90
# (username, group or None for the superuser)
ACCOUNTS = [
    ("demo-organiser", ORGANISERS),
    ("demo-panel", BURSARY_PANEL),
    ("demo-door", DOOR_HELPERS),
    ("demo-admin", None),
]
PEOPLE = [
    ("Amara Okafor", ParticipantGroup.SERVICE_USER),
    ("Ben Hughes", ParticipantGroup.PRACTITIONER),
    ("Chloé Martin", ParticipantGroup.ACADEMIC),
    ("Dafydd Evans", ParticipantGroup.THIRD_SECTOR),
    ("Eilidh Campbell", ParticipantGroup.PRACTITIONER),
    ("Farah Siddiqui", ParticipantGroup.CARER),
    ("Gareth Lewis", ParticipantGroup.PRACTITIONER),
    ("Hannah Kowalska", ParticipantGroup.ACADEMIC),
    ("Idris Bello", ParticipantGroup.PRACTITIONER),
    ("Jo Whitfield", ParticipantGroup.PRACTITIONER),
]

DIFFERENTLY = [
    "Ask the people who use our service to help write the review questions.",
    "Pay people for their time when they join our planning meetings.",
    "Stop calling it 'consultation' when the decision is already made.",
    "Share the budget with the carers' group before the meeting, not after.",
]


def refuse_in_production():
    """The demo's accounts and codes exist only on a developer's machine: never with
    production settings (DJANGO_ENV=production, which also turns DEBUG off)."""
    if getattr(settings, "PRODUCTION", False) or not settings.DEBUG:
        raise CommandError(
            "Refused: production settings are in force. The demo runs only on a developer's "
            "machine (`make demo`)."
        )


def already_built():
    return Seminar.objects.filter(number=DEMO_NUMBER).exists()


def current_code(username):
    """The code of a demo account only: never of anyone's own account on the same database."""
    demo_accounts = [name for name, _ in ACCOUNTS]
    device = TOTPDevice.objects.filter(
        user__username__in=demo_accounts, user__username=username, name="default"
    ).first()
    if device is None:
        raise CommandError(f"No demo account called {username!r}: run `make demo` first.")
    return str(totp(device.bin_key)).zfill(6)


def _seminar(number, title, *, starts_at, hours=6, **fields):
    venue, _ = Venue.objects.get_or_create(
        name="Demo Hall",
        defaults={
            "institution": "University of Leeds",
            "address": "Woodhouse Lane\nLeeds LS2 9JT",
            "city": "Leeds",
        },
    )
    deadline = timezone.localtime(starts_at - datetime.timedelta(days=3)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    seminar = Seminar.objects.create(
        number=number,
        title=title,
        slug=f"demo-{number}",
        summary="A seminar of the demo: its dates are bent so that things have happened.",
        description="Made by `make demo`.",
        venue=venue,
        status=SeminarStatus.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        registration_opens_at=starts_at - datetime.timedelta(days=60),
        registration_deadline=deadline,
        capacity=30,
        **fields,
    )
    from bursaries.models import SeminarBursaries

    bursaries = SeminarBursaries.of(seminar)
    bursaries.deadline = starts_at - datetime.timedelta(days=30)
    bursaries.decisions_by = timezone.localdate(starts_at) - datetime.timedelta(days=25)
    bursaries.per_group = 5
    bursaries.max_award = D("300")
    bursaries.save()
    SeminarCertificate.objects.update_or_create(
        seminar=seminar,
        defaults={
            "cpd_hours": D("5.0"),
            "learning": "Co-production in practice: sharing power between professionals and "
            "the people they serve.",
        },
    )
    return seminar


def accounts():
    """One staff account per group and a superuser, each with a confirmed TOTP device, and a
    fresh random password: {username: password}."""
    User = get_user_model()
    made = {}
    for username, group in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = group is None
        user.email = f"{username}@example.org"
        user.set_password(password)
        user.save()
        if group:
            user.groups.set([Group.objects.get(name=group)])
        TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
        made[username] = password
    return made


def build():
    """The whole story, in one transaction: returns {username: password}."""
    now = timezone.now()
    with transaction.atomic():
        made = accounts()
        organiser = get_user_model().objects.get(username="demo-organiser")
        panel = get_user_model().objects.get(username="demo-panel")
        _budget()
        _past_seminar(now, organiser, panel)
        _seminar_today(now, organiser)
        _subscribers(now)
        _failed_email()
        _sent_when_they_happened(now)
    return made


def _past_seminar(now, organiser, panel):
    start = timezone.localtime(now - datetime.timedelta(days=42)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    seminar = _seminar(
        DEMO_NUMBER, "Demo: co-producing a service review (happened)", starts_at=start
    )
    booked = start - datetime.timedelta(days=40)
    registrations = []
    for name, group in PEOPLE:
        registration, _ = places.register(
            seminar,
            name=name,
            email=_email(name),
            group=group,
            health_consent=group in ParticipantGroup.health_related,
            now=booked,
        )
        registrations.append(registration)

    bursaries(seminar, start=start, panel=panel)

    everyone = list(Registration.objects.filter(seminar=seminar, status="confirmed").order_by("pk"))
    ended = start + datetime.timedelta(hours=7)
    for index, registration in enumerate(everyone):
        attendance.mark_attendance(registration, attended=index != 3, by=organiser, now=ended)
    certificates.mark_attendance_complete(seminar, by=organiser, now=ended)
    came = [r for i, r in enumerate(everyone) if i != 3]
    certificates.issue_certificates(came, now=ended + datetime.timedelta(hours=1))
    certificates.request_name_change(
        _fresh_registration(came[0]),
        name="Amara Okafor-Reid",
        now=ended + datetime.timedelta(days=2),
    )
    # Ten of the eleven who came answered: five practitioners, a group shown on its own; every
    # other group is under the small-group threshold and counted only in the total.
    for index, registration in enumerate(came[:10]):
        feedback.give_feedback(
            _fresh_registration(registration),
            usefulness=5 - index % 2,
            as_equal=4 if index % 3 else 3,
            do_differently=DIFFERENTLY[index % len(DIFFERENTLY)],
            could_be_better="Longer breaks, please." if index % 4 == 0 else "",
            group=registration.group,
            now=ended + datetime.timedelta(days=1),
        )
    outputs_of(seminar, ended=ended, organiser=organiser)
    return seminar


def _budget():
    """The series' budget by line, as an organiser sets it in the admin (no service: a row)."""
    Budget.objects.create(line=BudgetLine.TRAVEL_BURSARIES, amount=D("600"))
    Budget.objects.create(line=BudgetLine.INVOLVEMENT, amount=D("400"))


def _seminar_today(now, organiser):
    start = timezone.localtime(now).replace(hour=10, minute=0, second=0, microsecond=0)
    seminar = _seminar(DEMO_NUMBER + 1, "Demo: the seminar on its day", starts_at=start)
    booked = start - datetime.timedelta(days=20)
    SeminarOnline.objects.create(
        seminar=seminar, capacity=20, joining_link="https://meet.example.org/demo-seminar"
    )
    for name, group in [
        ("Sofia Rossi", ParticipantGroup.ACADEMIC),
        ("Tomasz Nowak", ParticipantGroup.POLICY),
    ]:
        places.register(
            seminar, name=name, email=_email(name), group=group, mode=Mode.ONLINE, now=booked
        )
    for index, (name, group) in enumerate(PEOPLE[:6]):
        needs = {0: ["step_free", "met_on_arrival"], 5: ["companion", "vegetarian"]}.get(index, [])
        registration, _ = places.register(
            seminar,
            name=name,
            email=_email(name),
            group=group,
            needs=needs,
            health_consent=bool(needs) or group in ParticipantGroup.health_related,
            now=booked,
        )
        if index == 2:
            with transaction.atomic():
                callbacks.ask_for_call(registration, phone=callbacks.clean_phone("0113 496 0000"))
    # A contributor with lived experience offered an involvement fee, not yet answered.
    fees.offer_fee(
        seminar,
        by=organiser,
        name="Sam Taylor",
        email=_email("Sam Taylor"),
        for_what="Co-facilitating the afternoon's small groups",
        unit=FeeUnit.HOUR,
        quantity=3,
        lived_experience=True,
        consent=True,
        now=booked,
    )
    return seminar


def _subscribers(now):
    for name in ("Priya Nair", "Quentin Blake", "Rosa Díaz"):
        subscribers.sign_up(email=_email(name), now=now)
        subscribers.confirm(subscribers.existing_subscriber(_email(name)), now=now)


def _failed_email():
    email = Email.objects.order_by("pk").first()
    Email.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED,
        attempts=1,
        last_error="550 Mailbox unavailable (the demo's failed email)",
    )


def _sent_when_they_happened(now):
    """The story's emails went out as it happened: the console then shows only the emails of
    what you do in the demo (the failed one stays failed, for the outbox)."""
    Email.objects.filter(status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENT, sent_at=now, attempts=1
    )


def _fresh_registration(registration):
    return Registration.objects.get(pk=registration.pk)
