"""The organisers' pages for involvement fees under /staff/fees/: a seminar's fees with the
form to offer one (warned first if it takes the involvement budget over), and one fee's page
with its two steps (approve, then record the payment) and its travel expenses. The bursary
panel never opens them (fees.rules)."""

from functools import wraps

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from fees import rules, services
from fees.models import FeeSettings, InvolvementFee
from fees.queries import budget_overrun, money, with_money
from seminars.models import Seminar

from .forms import (
    ApproveExpensesForm,
    ApproveForm,
    EmailForm,
    ExpensesForm,
    OfferForm,
    PayForm,
)


def for_organisers(view):
    """Signed in with the second factor (the admin's own check), then fees' rule."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        rules.require_fees(request, manage=request.method == "POST")
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def context(request, title, **extra):
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": InvolvementFee._meta,
        **extra,
    }


def fee_url(fee):
    return reverse("organising:fee", args=[fee.pk])


@for_organisers
def seminar_fees(request, seminar_id):
    """GET lists the seminar's fees with the offer form; POST offers one."""
    seminar = get_object_or_404(Seminar, pk=seminar_id)
    form = OfferForm(request.POST or None, seminar=seminar)
    over = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        rate = FeeSettings.current().rate(arguments["unit"])
        if rate is not None and not arguments["proceed_over_budget"]:
            over = budget_overrun(seminar, rate * arguments["quantity"])
        if not over:
            try:
                fee = services.offer_fee(seminar, by=request.user, **arguments)
            except services.FeeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"Offered {fee.reference}; the link is on its way to them."
                )
                return redirect(fee_url(fee))
    fees = with_money(InvolvementFee.objects.filter(seminar=seminar))
    page = context(
        request,
        f"Involvement fees: seminar {seminar.number}",
        seminar=seminar,
        rows=[(fee, money(fee)[0]) for fee in fees],
        form=form,
        over=over,
        policy=FeeSettings.current(),
        closed=rules.why_no_offer(seminar),
    )
    return TemplateResponse(request, "organising/fees/seminar_fees.html", page)


@for_organisers
def fee_page(request, fee_id):
    fee = get_object_or_404(with_money(), pk=fee_id)
    return _fee_page(request, fee)


def _fee_page(request, fee, **forms):
    balance, expenses = money(fee)
    page = context(
        request,
        f"Fee {fee.reference}: {fee.name or 'details removed'}",
        fee=fee,
        seminar=fee.seminar,
        balance=balance,
        expenses=expenses,
        why_no_approval=rules.why_no_approval(fee, balance),
        approve_form=forms.get("approve", ApproveForm(initial={"amount": fee.amount_taken})),
        pay_form=forms.get("pay", PayForm(initial={"paid_on": timezone.localdate()})),
        expenses_form=forms.get("expenses-offer", ExpensesForm()),
        approve_expenses_form=forms.get("expenses-approve", ApproveExpensesForm()),
        pay_expenses_form=forms.get(
            "expenses-pay", PayForm(initial={"paid_on": timezone.localdate()}, prefix="e")
        ),
        email_form=forms.get("email", EmailForm()),
        over=forms.get("over"),
    )
    return TemplateResponse(request, "organising/fees/fee.html", page)


FORMS = {
    "approve": lambda data: ApproveForm(data),
    "pay": lambda data: PayForm(data),
    "expenses-offer": lambda data: ExpensesForm(data),
    "expenses-approve": lambda data: ApproveExpensesForm(data),
    "expenses-pay": lambda data: PayForm(data, prefix="e"),
    "email": lambda data: EmailForm(data),
}


@for_organisers
def fee_action(request, fee_id, action):
    """POST only: one step on the fee; a refusal shows the fee's page again with why."""
    fee = get_object_or_404(with_money(), pk=fee_id)
    if action not in FORMS:
        raise Http404("No such action.")
    if request.method != "POST":
        return redirect(fee_url(fee))
    form = FORMS[action](request.POST)
    if not form.is_valid():
        return _fee_page(request, fee, **{action: form})
    data = form.cleaned_data
    checks_budget = action == "expenses-offer" and not data["proceed_over_budget"]
    if checks_budget and (over := budget_overrun(fee.seminar, data["amount"])):
        return _fee_page(request, fee, **{action: form, "over": over})
    try:
        done = _act(fee, action, data, by=request.user)
    except services.FeeError as error:
        form.add_error(None, str(error))
        return _fee_page(request, fee, **{action: form})
    messages.success(request, done)
    return redirect(fee_url(fee))


def _act(fee, action, data, *, by):
    if action == "approve":
        services.approve_fee(fee, by=by, amount=data["amount"], reason=data["reason"])
        return f"Approved {fee.reference}: record the payment once it is made."
    if action == "pay":
        services.pay_fee(fee, by=by, paid_on=data["paid_on"], reference=data["reference"])
        return f"Recorded the payment of {fee.reference}."
    if action == "expenses-offer":
        services.offer_expenses(
            fee, data["amount"], by=by, proceed_over_budget=data["proceed_over_budget"]
        )
        return "Offered to cover their travel."
    if action == "expenses-approve":
        services.approve_expenses(fee, data["amount"], by=by)
        return "Approved their travel expenses: record the payment once it is made."
    if action == "expenses-pay":
        services.pay_expenses(fee, by=by, paid_on=data["paid_on"], reference=data["reference"])
        return "Recorded the payment of their travel expenses."
    services.change_email(fee, email=data["email"], by=by)
    return "Their address is corrected, and the new link is on its way."
