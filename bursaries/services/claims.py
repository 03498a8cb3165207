"""Claims: receipts, the panel's questions and the applicant's answers, and payment."""

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .. import emails
from ..models import BursaryApplication, BursaryStatus, Claim, Receipt
from .applications import BursaryError, set_status


def _save_receipts(claim, files):
    for upload, content_type in files:
        receipt = Receipt(claim=claim, content_type=content_type)
        receipt.file.save(upload.name, upload, save=False)
        receipt.save()


@sensitive_variables()
def submit_claim(application, *, amount, reason_over_offer="", files, now=None):
    """An award holder claims what they spent, with receipts, once the seminar has begun.

    Side effects, in one transaction: the claim and its receipt files (stored privately), the
    status change, and a confirmation email. Raises BursaryError when no claim is possible yet.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            BursaryApplication.objects.select_for_update()
            .select_related("seminar")
            .get(pk=application.pk)
        )
        if application.status != BursaryStatus.ACCEPTED:
            raise BursaryError("There is no accepted bursary to claim for.")
        if not application.seminar.starts_at or now < application.seminar.starts_at:
            raise BursaryError("You can send your claim once the seminar has taken place.")
        if amount > application.offer_amount and not reason_over_offer.strip():
            raise BursaryError("Tell us why the claim is more than the bursary we offered.")
        if not files:
            raise BursaryError("Choose at least one ticket or receipt.")
        claim = Claim(
            application=application, amount=amount, reason_over_offer=reason_over_offer.strip()
        )
        claim.full_clean(exclude=["application"])
        claim.save()
        _save_receipts(claim, files)
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
        emails.queue_claim_received(application)
    return application


def query_claim(application, *, question, by, now=None):
    """The panel asks the applicant about their claim. Side effects: status change, the
    question, and an email asking them to answer on their page."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.QUERIED, by=by, now=now)
        Claim.objects.filter(application=application).update(question=question.strip())
        emails.queue_claim_queried(application)
    return application


def answer_query(application, *, answer, files=(), now=None):
    """The applicant answers the panel's question, perhaps with more receipts.

    Side effects, in one transaction: the answer, any receipts, and the status back to claimed.
    """
    with transaction.atomic():
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
        claim = Claim.objects.select_for_update().get(application=application)
        claim.answer = answer.strip()
        claim.save(update_fields=["answer", "updated"])
        _save_receipts(claim, files)
    return application


def pay_claim(application, *, amount_paid, paid_on, by, now=None):
    """The panel approves the claim and records the payment. An amount above the offer is the
    panel's approval of the applicant's reason. Side effects: status change, the payment
    recorded, and an email."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.PAID, by=by, now=now)
        Claim.objects.filter(application=application).update(
            amount_paid=amount_paid, paid_on=paid_on
        )
        emails.queue_claim_paid(application)
    return application
