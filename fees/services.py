"""Every change to an involvement fee: each locks the fee, checks its rule (fees.rules) inside
the transaction, writes the ledger's entries (ledger.services), records who did it
(common.audit) and queues any email in the same transaction."""

from django.db import transaction
from django.utils import timezone

from common import audit
from ledger import services as ledger
from ledger.models import BudgetLine, Purpose
from ledger.money import ZERO, pence, shown

from . import emails, rules
from .models import (
    AnotherWay,
    FeeChoice,
    FeeSettings,
    InvolvementFee,
    PartReason,
    new_token,
)
from .queries import budget_overrun, fee_balance, money


class FeeError(Exception):
    """A fee rule refused the request; str(exc) is safe to show."""


def _locked(fee):
    return InvolvementFee.objects.select_for_update().select_related("seminar").get(pk=fee.pk)


def _over_budget(seminar, amount, *, proceed):
    """Refuse an offer that takes the involvement line over its budget unless the organiser,
    warned with the figures, chose to proceed. Returns the Overrun (or None)."""
    over = budget_overrun(seminar, amount)
    if over and not proceed:
        raise FeeError(f"{over} Tick the box to offer it anyway.")
    return over


def offer_fee(
    seminar,
    *,
    by,
    name,
    email,
    for_what,
    unit,
    quantity,
    speaker=None,
    lived_experience=False,
    consent=False,
    proceed_over_budget=False,
    now=None,
):
    """Offer an involvement fee at the series' rate for `unit` (frozen on the fee), open its
    ledger account with the offer, record it, and queue the email with the private link.
    Over the involvement budget only with proceed_over_budget (the entry is marked so by the
    ledger, and the log says so). One transaction. Returns the fee."""
    now = now or timezone.now()
    if why := rules.why_no_offer(seminar, now=now):
        raise FeeError(why)
    if lived_experience and not consent:
        raise FeeError("Record lived experience only once they have agreed to it explicitly.")
    rate = FeeSettings.current().rate(unit)
    if rate is None:
        raise FeeError("The series has no rate for this unit: set it in the fee rates first.")
    amount = pence(rate * pence(quantity))
    if amount <= ZERO:
        raise FeeError("Enter how many hours or days, more than 0.")
    with transaction.atomic():
        over = _over_budget(seminar, amount, proceed=proceed_over_budget)
        account = ledger.open_account(
            seminar=seminar,
            line=BudgetLine.INVOLVEMENT,
            purpose=Purpose.FEE,
            reference="F?",
            description="Involvement fee",
        )
        fee = InvolvementFee(
            seminar=seminar,
            speaker=speaker,
            name=name or (speaker.person.name if speaker else ""),
            email=email,
            lived_experience=lived_experience,
            consent_at=now if lived_experience else None,
            for_what=for_what,
            unit=unit,
            quantity=quantity,
            rate=rate,
            account=account,
        )
        fee.full_clean()
        fee.save()
        account.reference = fee.reference
        account.save(update_fields=["reference"])
        ledger.offer(account, {"fee": amount}, by=by, now=now)
        audit.record(fee, "offered", by=by, now=now)
        if over:
            audit.record(fee, "offered over budget", by=by, data={"over_by": str(over.by)})
        emails.queue_offered(fee)
    return fee


def change_email(fee, *, email, by):
    """Correct the contributor's address: a new private link (the old one stops working) is
    sent to it. One transaction."""
    with transaction.atomic():
        fee = _locked(fee)
        fee.email = email
        fee.token = new_token()
        fee.full_clean()
        fee.save(update_fields=["email", "token", "updated"])
        audit.record(fee, "email changed", by=by, fields=["email"])
        emails.queue_offered(fee)
    return fee


def choose(fee, *, choice, amount=None, another_way="", organisation="", now=None):
    """The contributor's choice, from their private link: take the fee, take less (the rest is
    released), decline (all released), or take it another way (a voucher, or paid to an
    organisation they name). They may change it until the fee is approved; taking more again
    offers the difference again. One transaction. Returns the fee."""
    now = now or timezone.now()
    with transaction.atomic():
        fee = _locked(fee)
        balance = fee_balance(fee)
        if why := rules.why_no_choice(fee, balance):
            raise FeeError(why)
        fee.amount_chosen, fee.another_way, fee.organisation = None, "", ""
        if choice == FeeChoice.LESS:
            amount = pence(amount)
            if not ZERO < amount < fee.amount:
                raise FeeError(
                    f"Enter an amount between £0 and {shown(fee.amount)}, or choose another option."
                )
            fee.amount_chosen = amount
        elif choice == FeeChoice.ANOTHER_WAY:
            if another_way not in AnotherWay.values:
                raise FeeError("Choose a voucher, or payment to an organisation.")
            if another_way == AnotherWay.ORGANISATION and not organisation.strip():
                raise FeeError("Enter the name of the organisation we should pay.")
            fee.another_way = another_way
            fee.organisation = (
                organisation.strip() if another_way == AnotherWay.ORGANISATION else ""
            )
        elif choice not in (FeeChoice.ACCEPTED, FeeChoice.DECLINED):
            raise FeeError("Choose one of the options.")
        fee.choice, fee.chosen_at = choice, now
        fee.full_clean()
        fee.save()
        _follow_choice(fee, balance.committed, now=now)
        audit.record(fee, "chose", by=None, data={"choice": choice}, now=now)
    return fee


def _follow_choice(fee, committed, *, now):
    """The ledger follows the choice: what they do not take goes back to the budget."""
    target = fee.amount_taken
    if target < committed:
        ledger.release(fee.account, why=f"contributor: {fee.choice}", amount=committed - target)
    elif target > committed:
        ledger.offer(fee.account, {"fee": target - committed}, note="taken again", now=now)


def approve_fee(fee, *, by, amount=None, reason="", now=None):
    """Approve the fee for payment (two steps, as bursary claims: approve, then record the
    payment): what the contributor chose, or less under the series' policy (the seminar was
    cancelled early, they were unwell, or took part for less time), with that reason; the rest
    goes back to the budget. One transaction."""
    with transaction.atomic():
        fee = _locked(fee)
        balance = fee_balance(fee)
        if why := rules.why_no_approval(fee, balance, now=now):
            raise FeeError(why)
        taken = fee.amount_taken
        amount = taken if amount is None else pence(amount)
        if not ZERO < amount <= taken:
            raise FeeError(f"Approve more than £0 and at most the {shown(taken)} they chose.")
        if amount < taken and reason not in PartReason.values:
            raise FeeError("Say why you approve less than they chose.")
        ledger.approve(fee.account, amount, by=by, now=now)
        data = {"reason": reason} if amount < taken else {}
        audit.record(fee, "approved", by=by, data=data, now=now)
    return fee


def pay_fee(fee, *, by, paid_on, reference=""):
    """Record that the approved fee was paid: the payee's name (theirs, or the organisation
    they named) and the reference are frozen on the ledger's entry. One transaction."""
    with transaction.atomic():
        fee = _locked(fee)
        if not fee.payee:
            raise FeeError("Their name is needed to record a payment.")
        try:
            ledger.pay(fee.account, payee=fee.payee, paid_on=paid_on, reference=reference, by=by)
        except ledger.LedgerError as error:
            raise FeeError(str(error)) from error
        audit.record(fee, "paid", by=by)
    return fee


def offer_expenses(fee, amount, *, by, proceed_over_budget=False, now=None):
    """Cover the contributor's travel through the ledger, without a bursary application: an
    expenses account beside the fee, on the involvement line. One transaction."""
    amount = pence(amount)
    if amount <= ZERO:
        raise FeeError("Enter the travel expenses in pounds, more than £0.")
    with transaction.atomic():
        fee = _locked(fee)
        over = _over_budget(fee.seminar, amount, proceed=proceed_over_budget)
        if fee.expenses_account is None:
            fee.expenses_account = ledger.open_account(
                seminar=fee.seminar,
                line=BudgetLine.INVOLVEMENT,
                purpose=Purpose.EXPENSES,
                reference=f"{fee.reference}-E",
                description="Contributor's travel expenses",
            )
            fee.save(update_fields=["expenses_account", "updated"])
        try:
            ledger.offer(fee.expenses_account, {"travel": amount}, by=by, now=now)
        except ledger.LedgerError as error:
            raise FeeError(str(error)) from error
        audit.record(fee, "travel expenses offered", by=by, data={"amount": str(amount)})
        if over:
            audit.record(fee, "offered over budget", by=by, data={"over_by": str(over.by)})
    return fee


def approve_expenses(fee, amount, *, by, now=None):
    """Approve what their travel cost (0 or more): the rest of the offer goes back."""
    with transaction.atomic():
        fee = _locked(fee)
        if fee.expenses_account is None:
            raise FeeError("No travel expenses were offered.")
        if money(fee)[1].has_approval:
            raise FeeError("Their travel expenses are already approved.")
        try:
            ledger.approve(fee.expenses_account, amount, by=by, now=now)
        except ledger.LedgerError as error:
            raise FeeError(str(error)) from error
        audit.record(fee, "travel expenses approved", by=by)
    return fee


def pay_expenses(fee, *, by, paid_on, reference=""):
    """Record that the approved travel expenses were paid, to the contributor by name."""
    with transaction.atomic():
        fee = _locked(fee)
        if fee.expenses_account is None:
            raise FeeError("No travel expenses were offered.")
        if not fee.name:
            raise FeeError("Their name is needed to record a payment.")
        try:
            ledger.pay(
                fee.expenses_account, payee=fee.name, paid_on=paid_on, reference=reference, by=by
            )
        except ledger.LedgerError as error:
            raise FeeError(str(error)) from error
        audit.record(fee, "travel expenses paid", by=by)
    return fee
