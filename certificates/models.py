"""Certificates of attendance: the signature printed on them, a record of each seminar's
follow-up emails, the register of certificates issued (checked on the public verification page),
and requests to change the name on one."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from common.basemodels import TimeStampedModel
from common.images import SafeImageField
from common.storage import private_storage
from common.validators import validate_name_characters
from people.models import Person
from registrations.models import Registration
from seminars.models import Seminar


class Signature(TimeStampedModel):
    """A signature printed on certificates when its person is the principal investigator."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="certificate_signature",
        help_text="Certificates are signed by the research team's principal investigator; "
        "their signature is used when there is one.",
    )
    # Kept out of public media: a signature at a public address invites forgery.
    image = SafeImageField(
        upload_to="signatures/",
        storage=private_storage,
        help_text="A JPEG or PNG of the signature, in dark ink on white, about 3 times as wide "
        "as it is tall. It is printed only on certificates.",
    )

    class Meta:
        verbose_name = "certificate signature"

    def __str__(self):
        return f"Signature of {self.person}"


class SeminarCertificate(TimeStampedModel):
    """What a seminar's certificates of attendance state: this app's part of a seminar, one row
    beside it (certificates wait until it has the hours and what was covered)."""

    seminar = models.OneToOneField(
        Seminar, on_delete=models.CASCADE, primary_key=True, related_name="certificate"
    )
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The hours of learning a certificate of attendance states, for example 5.5. "
        "Leave empty until you know them.",
    )
    learning = models.TextField(
        "what was covered, for certificates",
        blank=True,
        help_text="Two or three lines a nurse or social worker can quote as evidence of learning.",
    )

    class Meta:
        verbose_name = "certificate of attendance"
        verbose_name_plural = "certificates of attendance"

    def __str__(self):
        return f"Seminar {self.seminar.number}"

    @property
    def is_ready(self):
        """Every certificate prints the hours and what was covered."""
        return self.cpd_hours is not None and bool(self.learning.strip())

    @classmethod
    def of(cls, seminar):
        """`seminar`'s row, or an empty one (not saved) when it has none yet."""
        try:
            return seminar.certificate
        except cls.DoesNotExist:
            return cls(seminar=seminar)


class FollowUp(TimeStampedModel):
    """The follow-up emails of one seminar were queued: its row makes sure they go once."""

    seminar = models.OneToOneField(Seminar, on_delete=models.PROTECT, related_name="follow_up")
    sent_at = models.DateTimeField(help_text="When the emails were queued.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organiser who marked attendance complete; empty when the scheduled "
        "job sent them.",
    )
    thanked = models.PositiveIntegerField(
        default=0, help_text="Emails with thanks and a certificate, to people who came."
    )
    missed = models.PositiveIntegerField(
        default=0, help_text="'Sorry we missed you' emails, to people with a place who did not."
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "follow-up"

    def __str__(self):
        return f"Follow-up of {self.seminar}"


# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is not
# mistaken. 12 characters are 60 random bits; guessing is limited like private links.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """A code as typed ("abcd-efgh-jk mn", with O for 0) as stored, or "" if it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum()).translate(MISREAD)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


class IssuedCertificate(TimeStampedModel):
    """The register: one row for each certificate issued, kept after the registration is
    deleted (the name as printed until CERTIFICATE_NAME_KEEP_YEARS, then code, seminar, hours
    and dates only), so that anyone shown a certificate can check it."""

    code = models.CharField(
        max_length=CODE_LENGTH,
        unique=True,
        default=new_code,
        editable=False,
        help_text="Printed on the certificate: its verification page is reached with it.",
    )
    # SET_NULL: registrations are deleted 12 months after the seminar; the register outlives them.
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_certificate",
    )
    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="issued_certificates"
    )
    name_printed = models.CharField(
        "name as printed",
        max_length=200,
        blank=True,
        help_text="Empty once the name has been erased from the register.",
    )
    hours = models.DecimalField("CPD hours", max_digits=4, decimal_places=1)
    issued_at = models.DateTimeField(help_text="When the certificate was first made.")
    reissued_at = models.DateTimeField(
        null=True, blank=True, help_text="The last correction of the name or hours, if any."
    )
    name_erased_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.TextField(
        "why it was withdrawn", blank=True, help_text="For the organisers; never shown publicly."
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = "issued certificate"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="certificates_issuedcertificate_withdrawn_with_reason",
                violation_error_message="Say why the certificate is withdrawn.",
            ),
        ]

    def __str__(self):
        return f"Certificate {self.display_code}"

    def get_absolute_url(self):
        return reverse("certificates:check", kwargs={"code": self.display_code})

    @property
    def display_code(self):
        """ "ABCD-EFGH-JKMN": the code in groups of four, as printed."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def check_url(self):
        return settings.SITE_URL + self.get_absolute_url()


class NameChangeRequest(TimeStampedModel):
    """Someone asks, after the seminar's attendance is complete, for the name on their
    certificate to change: an organiser approves it (the certificate is reissued under its
    code) or declines it."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="name_change_requests"
    )
    name = models.CharField("name asked for", max_length=200, validators=[validate_name_characters])
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        verbose_name = "request to change the name on a certificate"
        verbose_name_plural = "requests to change the name on a certificate"
        constraints = [
            models.UniqueConstraint(
                "registration",
                condition=models.Q(decided_at__isnull=True),
                name="certificates_namechangerequest_one_pending",
                violation_error_message="This person already has a request waiting.",
            ),
        ]

    def __str__(self):
        return f"Name change for {self.registration}"
