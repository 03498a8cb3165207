import secrets
import unicodedata
from enum import nonmember

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse

from common.basemodels import ConstraintsCheckedModel, TimeStampedModel
from common.validators import clean_name_fields
from seminars.models import Seminar

from .call_back import CallBack
from .needs import validate_needs
from .online import Mode, SeminarOnline

# Models of their own modules: this app's part of a seminar (online.py), the call-back list.
__all__ = ["CallBack", "Mode", "SeminarOnline"]


def new_token():
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Place held"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"

    active = nonmember(("confirmed", "held", "waiting"))
    # A place is taken by a confirmed registration, and held for someone offered a bursary.
    taking_a_place = nonmember(("confirmed", "held"))


class ParticipantGroup(models.TextChoices):
    SERVICE_USER = "service_user", "Service user: I use, or have used, mental health services"
    CARER = "carer", "Carer: I care for a family member or friend"
    PRACTITIONER = "practitioner", "Practitioner in a public service, such as the NHS"
    THIRD_SECTOR = "third_sector", "I work or volunteer for a charity or voluntary organisation"
    ACADEMIC = "academic", "Academic or researcher"
    EARLY_CAREER = (
        "early_career",
        "Early-career researcher: a research student, or within 5 years of a PhD",
    )
    STUDENT = "student", "Student"
    POLICY = "policy", "Policy maker or commissioner"
    OTHER = "other", "Other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    # Saying one belongs to these groups is health information under UK GDPR.
    health_related = nonmember(("service_user", "carer"))


class EmailChangeReason(models.TextChoices):
    """Why staff changed someone's email address: it decides whether the old address is told."""

    TYPO = "typo", "A typing mistake: the old address was never theirs (we tell it nothing)"
    NEW_ADDRESS = (
        "new_address",
        "They have a new address (we tell the old one that it changed, without naming the seminar)",
    )


def default_sort_name(name):
    """The last word of the name, which is how most names in the UK are sorted."""
    words = name.split()
    return words[-1] if words else ""


def sort_key(text):
    """For sorting names as people expect: without accents or case ('Ó' with 'O')."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()


def search_key(*parts):
    """What the admin's search compares: the words without accents or case, so that 'sean'
    finds 'Seán'. The search term goes through the same function."""
    return sort_key(" ".join(part for part in parts if part))


# The fields search_name is made from.
SEARCHED_FIELDS = {"name", "sort_name", "organisation"}


def needs_health_consent(group, access_requirements, needs=()):
    """Whether what the person told us is health information, kept only with their consent.
    Every need on the checklist counts: access needs and allergies are health information, and
    halal or kosher food can reveal a religion."""
    return (
        group in ParticipantGroup.health_related
        or bool((access_requirements or "").strip())
        or bool(needs)
    )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=RegistrationStatus.active)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def taking_places(self):
        return self.filter(status__in=RegistrationStatus.taking_a_place)

    def in_the_room(self):
        return self.filter(mode=Mode.ROOM)

    def online(self):
        return self.filter(mode=Mode.ONLINE)

    def registered(self):
        """People who registered and are still coming or waiting: places held for bursary
        offers are not among them (the bursary panel looks after those, and writes to them)."""
        return self.filter(status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING))

    def without_offer_holds(self):
        """Everything but places held for bursary offers, and the rows made only to hold one
        (cancelled when the offer ended): who holds a bursary is not for organisers to learn."""
        return self.exclude(Q(status=RegistrationStatus.HELD) | Q(held_for_offer=True))

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created", "pk")

    def with_place_in_line(self):
        """Each waiting registration with `place_in_line` (1 for the first person waiting), in
        the same query; None for anyone not waiting. Counted over the whole waiting list of
        the seminar (in the room and online apart), whatever else the query filters on."""
        ahead = (
            Registration.objects.filter(
                seminar=OuterRef("seminar"),
                mode=OuterRef("mode"),
                status=RegistrationStatus.WAITING,
            )
            .filter(
                Q(created__lt=OuterRef("created"))
                | Q(created=OuterRef("created"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("seminar")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            place_in_line=Case(
                When(
                    status=RegistrationStatus.WAITING,
                    then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1,
                ),
                output_field=IntegerField(),
            )
        )


class Registration(TimeStampedModel):
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField("full name", max_length=200)
    sort_name = models.CharField(
        "sort by",
        max_length=200,
        blank=True,
        help_text="How the name is sorted on the printed sheets; the last word of the name "
        "unless you change it.",
    )
    search_name = models.TextField(
        editable=False,
        blank=True,
        help_text="The name, sort name and organisation without accents or capitals, for the "
        "admin's search. Filled in on saving.",
    )
    email = models.EmailField(
        max_length=254,
        blank=True,
        help_text="Empty only for someone an organiser registered without an address: their "
        "confirmation, certificate and feedback link are then yours to give.",
    )
    organisation = models.CharField(max_length=200, blank=True)
    group = models.CharField(
        max_length=30,
        choices=ParticipantGroup.choices,
        blank=True,
        help_text="Empty once removed after the seminar (anonymous counts are kept).",
    )
    access_requirements = models.TextField(max_length=2000, blank=True)
    dietary_requirements = models.TextField(max_length=1000, blank=True)
    needs = models.JSONField(
        "needs from the checklist",
        default=list,
        blank=True,
        validators=[validate_needs],
        help_text="The codes ticked on the checklist (registrations/needs.py); kept only with "
        "the person's consent. The boxes above are their own words ('anything else').",
    )
    health_consent_at = models.DateTimeField(
        "consent to hold health information",
        null=True,
        blank=True,
        help_text="When the person gave explicit consent to hold their group or access needs.",
    )
    privacy_agreed_at = models.DateTimeField("agreed to the privacy notice")
    future_seminars = models.BooleanField("wants to hear about future seminars", default=False)
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    mode = models.CharField(
        "where",
        max_length=10,
        choices=Mode.choices,
        default=Mode.ROOM,
        help_text="In the room or online: each has its own places and waiting list.",
    )
    manage_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When they were given a place from the waiting list."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    companion = models.BooleanField(
        "came with a companion", default=False, help_text="A companion or support worker."
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    waiting_before_hold = models.BooleanField(
        default=False,
        help_text="The held place was made from this person's waiting-list entry, which comes "
        "back (in the same position) if the place is released.",
    )
    held_for_offer = models.BooleanField(
        default=False,
        editable=False,
        help_text="Made to hold a place for a bursary offer and not (yet) confirmed: shown to "
        "superusers only, never to organisers. Cleared when the offer is accepted.",
    )
    details_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the group, access and dietary requirements were deleted after the seminar.",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organiser who registered this person, if not themselves.",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["seminar", "created", "pk"]
        permissions = [("check_in", "Can check people in at the door, and print the day's sheets")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "seminar",
                condition=Q(status__in=RegistrationStatus.active) & ~Q(email=""),
                name="registrations_registration_one_active_per_email",
                violation_error_message="This email already has a place or a waiting-list entry "
                "for this seminar.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registrations_registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values) | Q(group=""),
                name="registrations_registration_group_valid",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=Mode.values),
                name="registrations_registration_mode_valid",
                violation_error_message="Take part either in the room or online.",
            ),
            models.CheckConstraint(
                condition=Q(mode=Mode.ROOM) | ~Q(status=RegistrationStatus.HELD),
                name="registrations_registration_held_places_in_the_room",
                violation_error_message="A place held for a bursary offer is a place in the room.",
            ),
            models.CheckConstraint(
                condition=Q(health_consent_at__isnull=False)
                | (~Q(group__in=ParticipantGroup.health_related) & Q(access_requirements="")),
                name="registrations_registration_health_data_needs_consent",
                violation_error_message="Being a service user or carer, and access requirements, "
                "can only be recorded with the person's explicit consent.",
            ),
            models.CheckConstraint(
                condition=Q(health_consent_at__isnull=False) | Q(needs=[]),
                name="registrations_registration_needs_need_consent",
                violation_error_message="Needs from the checklist can only be recorded with the "
                "person's explicit consent.",
            ),
        ]

    def __str__(self):
        # Kept in admin history after the registration is gone: nothing personal.
        return f"Registration {self.pk}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        derived = set()
        if not self.sort_name:
            self.sort_name = default_sort_name(self.name)
            derived.add("sort_name")
        if update_fields is None or derived or SEARCHED_FIELDS.intersection(update_fields):
            self.search_name = search_key(self.name, self.sort_name, self.organisation)
            derived.add("search_name")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    # Deliberately no get_absolute_url: the admin's "view on site" redirect would hand the
    # private link to any staff member, whatever their permissions.

    def clean(self):
        clean_name_fields(self, "name", "sort_name")

    @property
    def manage_path(self):
        return reverse("registrations:manage", kwargs={"token": self.manage_token})

    @property
    def manage_url(self):
        return settings.SITE_URL + self.manage_path

    @property
    def is_active(self):
        return self.status in RegistrationStatus.active

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == RegistrationStatus.WAITING

    @property
    def is_online(self):
        return self.mode == Mode.ONLINE

    @property
    def joining_link(self):
        """The online meeting's link, for this person only while they have a confirmed online
        place: their private page and their emails show it, nothing public does."""
        if not (self.is_online and self.is_confirmed):
            return ""
        return SeminarOnline.of(self.seminar).joining_link

    def waiting_position(self):
        """1 for the first person waiting (in the room or online, as they are); None for anyone
        not waiting. One query."""
        if not self.is_waiting:
            return None
        ahead = (
            Registration.objects.waiting()
            .filter(seminar_id=self.seminar_id, mode=self.mode)
            .filter(Q(created__lt=self.created) | Q(created=self.created, pk__lt=self.pk))
            .count()
        )
        return ahead + 1


class GroupCount(ConstraintsCheckedModel):
    """Anonymous counts of registrations whose details were removed or which were deleted
    (retention, erasure): each registration is counted here once, as its details go, so that
    the funder's report stays true. Seminars with counts cannot be deleted."""

    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="group_counts")
    group = models.CharField(max_length=30, choices=ParticipantGroup.choices, blank=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    mode = models.CharField("where", max_length=10, choices=Mode.choices, default=Mode.ROOM)
    registrations = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    not_attended = models.PositiveIntegerField("marked as not attended", default=0)
    with_access_requirements = models.PositiveIntegerField(default=0)
    with_dietary_requirements = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["seminar", "status", "mode", "group"]
        verbose_name = "anonymous count"
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "group", "status", "mode"],
                name="registrations_groupcount_one_row_per_group_and_mode",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=Mode.values),
                name="registrations_groupcount_mode_valid",
            ),
        ]

    def __str__(self):
        return f"{self.seminar}: {self.registrations} {self.get_group_display() or 'unstated'}"
