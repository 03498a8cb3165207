from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from common.basemodels import TimeStampedModel
from common.storage import private_storage

from .applications import MAX_COST, BursaryApplication, new_token, pounds


class TicketDelivery(models.TextChoices):
    EMAIL = "email", "By email, as e-tickets"
    POST = "post", "By post"
    STATION = "station", "To collect at the station, with the booking reference"


class Booking(TimeStampedModel):
    """Something the panel booked and paid for, so that the applicant does not pay first."""

    application = models.ForeignKey(
        BursaryApplication, on_delete=models.CASCADE, related_name="bookings"
    )
    journey = models.CharField(
        max_length=200, help_text="For example 'Wakefield to Leeds and back, 5 January'."
    )
    details = models.TextField(
        "what we booked",
        max_length=2000,
        help_text="For example 'Two standard-class returns (with a Railcard), reference "
        "ABC123; Passenger Assist booked at Wakefield'. The applicant sees this.",
    )
    cost = pounds("cost (£)")
    delivery = models.CharField(
        "how the tickets reach them", max_length=20, choices=TicketDelivery.choices
    )
    postal_address = models.TextField(
        max_length=500,
        blank=True,
        help_text="Only for tickets sent by post. Removed with the application's other "
        "personal details.",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=TicketDelivery.values),
                name="bursaries_booking_delivery_valid",
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="bursaries_booking_cost_not_negative"
            ),
        ]

    def __str__(self):
        return f"Booking for bursary application {self.application_id}"


class Claim(TimeStampedModel):
    """What an award holder spent themselves, with receipts, and the panel's question and their
    answer; what the panel approved and paid are ledger entries. `created` is when the claim
    arrived: the payment target counts from it."""

    application = models.OneToOneField(
        BursaryApplication, on_delete=models.CASCADE, related_name="claim"
    )
    amount = models.DecimalField(
        "amount claimed (£)",
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_COST)],
    )
    reason_over_offer = models.TextField(
        "why the claim is more than the offer", max_length=2000, blank=True
    )
    question = models.TextField("the panel's question", max_length=2000, blank=True)
    answer = models.TextField("the applicant's answer", max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="bursaries_claim_amount_positive"
            ),
        ]

    def __str__(self):
        return f"Claim for bursary application {self.application_id}"


def receipt_path(receipt, filename):
    """A random name: nothing of the applicant's own file name is kept."""
    return f"receipts/{new_token()}{PurePath(filename).suffix.lower()}"


class Receipt(models.Model):
    """A receipt file: stored outside the public media, re-encoded or checked on upload."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path, storage=private_storage, max_length=200)
    content_type = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Receipt {self.pk}"

    @property
    def download_name(self):
        extension = {"application/pdf": "pdf", "image/png": "png"}.get(self.content_type, "jpg")
        return f"receipt-{self.pk}.{extension}"
