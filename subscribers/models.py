"""The mailing list people choose: addresses that asked, and confirmed, to hear about seminars.

A subscriber outlives any registration: kept until they unsubscribe. A sign-up that is never
confirmed goes after CONFIRM_DAYS; someone carried over from the old "future seminars" tick box
(keep_until set) goes at the moment the privacy notice promised them unless they confirm again.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from common.basemodels import TimeStampedModel
from seminars.models import Seminar

# A confirmation link works for this many days; an unconfirmed sign-up is then deleted.
CONFIRM_DAYS = 7


def new_token():
    return secrets.token_urlsafe(32)


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for them to confirm"
    CONFIRMED = "confirmed", "Confirmed"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)

    def on_list(self):
        """Confirmed people who want to hear about every seminar: announcements go to them."""
        return self.confirmed().filter(on_list=True)

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())


class Subscriber(TimeStampedModel):
    email = models.EmailField(max_length=254)
    status = models.CharField(
        max_length=20, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    on_list = models.BooleanField(
        "wants news of every seminar",
        default=False,
        help_text="Off for someone who only asked to hear when one seminar's registration opens.",
    )
    wants_list = models.BooleanField(
        "asked to join the list, not yet confirmed",
        default=False,
        help_text="Someone signed up this confirmed address for every seminar's news: it joins "
        "the list only when the link we emailed it is used.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirm_by = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Their confirmation link works until then; unconfirmed, they are then deleted.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    keep_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Carried over from the old tick box on the registration form: removed at this "
        "moment (what the privacy notice promised) unless they confirm. Empty: kept until they "
        "unsubscribe.",
    )
    carried_over = models.BooleanField(
        default=False, help_text="Came from the old 'future seminars' tick box."
    )
    stay_asked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When we emailed someone carried over to ask whether to stay (once only).",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = [Lower("email")]
        verbose_name = "subscriber"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscribers_subscriber_one_per_email",
                violation_error_message="This address is already on the mailing list.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubscriberStatus.values),
                name="subscribers_subscriber_status_valid",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def confirm_url(self):
        return settings.SITE_URL + reverse("subscribers:confirm", kwargs={"token": self.token})

    @property
    def unsubscribe_url(self):
        return settings.SITE_URL + reverse("subscribers:unsubscribe", kwargs={"token": self.token})

    @property
    def is_confirmed(self):
        return self.status == SubscriberStatus.CONFIRMED

    def confirmation_expired(self, now):
        return not self.is_confirmed and self.confirm_by is not None and now >= self.confirm_by

    def wishes(self):
        """What confirming gives them, as (joins the list, [seminars to hear about]): for a
        confirmed address only what it asked for since, when there is any."""
        if self.is_confirmed:
            pending = list(Seminar.objects.filter(opening_alerts__in=self.alerts.pending()))
            if self.wants_list or pending:
                return self.wants_list, pending
        return self.on_list, list(Seminar.objects.filter(opening_alerts__subscriber=self))


class OpeningAlertQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(pending=True)


class OpeningAlert(TimeStampedModel):
    """'Tell me when registration opens' for one seminar: one email, once, when it opens."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="opening_alerts")
    sent_at = models.DateTimeField(null=True, blank=True)
    pending = models.BooleanField(
        "waiting for them to confirm",
        default=False,
        help_text="Asked for a confirmed address: nothing is sent until the link we emailed it "
        "is used.",
    )

    objects = OpeningAlertQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        verbose_name = "'registration is open' request"
        constraints = [
            models.UniqueConstraint(
                "subscriber", "seminar", name="subscribers_openingalert_one_per_seminar"
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} for {self.seminar}"
