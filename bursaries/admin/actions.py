"""The panel's actions on one application: for each, its form and the service call that carries
it out, with the message to show. The application's page (applications.ApplicationAdmin
.change_view) shows every form that applies; each posts to the staff page that runs one
(organising/bursaries/views.py)."""

from dataclasses import dataclass
from typing import Any

from .. import services
from ..models import BursaryStatus
from ..queries import money_of
from .forms import (
    AdvanceForm,
    ApprovalForm,
    AskBackForm,
    BookingForm,
    ConflictForm,
    DecisionForm,
    EmailChangeForm,
    PaymentForm,
    PaymentMethodForm,
    QueryForm,
    ReturnedForm,
    ReviewForm,
    SettleForm,
    UnwellForm,
    WaiveForm,
)


@dataclass(frozen=True)
class Action:
    form_class: Any
    run: Any  # (application, form, user) -> the message to show
    back_to_list: bool = False


def _score(application, form, user):
    data = form.cleaned_data
    services.score(application, reviewer=user, score=data["score"], comment=data["comment"])
    return f"Your score for {application.reference} is saved."


def _email(application, form, user):
    data = form.cleaned_data
    services.change_email(application, email=data["email"], reason=data["reason"], by=user)
    # Never the old address: under blind review the member may not know it.
    return (
        f"The email address of {application.reference} is changed. We emailed a new private "
        "link to the new address; the old link no longer works."
    )


def _conflict(application, form, user):
    services.declare_conflict(application, reviewer=user)
    return (
        f"You declared a conflict of interest with {application.reference}. It is no longer "
        "in your list. If you declared it by mistake, withdraw it from 'Your conflicts of "
        "interest' above the list."
    )


def _stage(application, form, user):
    services.stage_decision(
        application,
        decision=form.cleaned_data["decision"],
        lines=form.lines,
        reply_by=form.reply_by_moment,
        note=form.cleaned_data["note"],
        over_budget=form.cleaned_data["over_budget"],
        by=user,
    )
    return (
        f"Decision for {application.reference} staged. Preview and send it with the others "
        "from the list."
    )


def _method(application, form, user):
    services.change_payment_method(application, method=form.cleaned_data["method"], by=user)
    return "How we pay is changed."


def _booking(application, form, user):
    services.record_booking(application, **form.cleaned_data, by=user)
    message = "Booking saved, and the applicant emailed what we booked."
    money = money_of(application)
    if money.booked > application.offer_amount:
        message += (
            f" Bookings now come to £{money.booked}, more than the £{application.offer_amount} "
            "offered: the bursary's commitment grows with them."
        )
    return message


def _advance(application, form, user):
    services.record_advance(application, **form.cleaned_data, by=user)
    return "Advance recorded, and the applicant emailed."


def _query(application, form, user):
    services.query_claim(application, question=form.cleaned_data["question"], by=user)
    return "Question sent."


def _approve(application, form, user):
    approved = services.approve_claim(
        application, amount_approved=form.cleaned_data["amount_approved"], by=user
    )
    if left := money_of(approved).left_over:
        return (
            f"Claim approved. £{left} is left over from their advance: ask for it back, or let "
            "them keep it, below."
        )
    if approved.status == BursaryStatus.SETTLED:
        return "Claim approved. Nothing more is due: the bursary is settled."
    return "Claim approved. Record the payment when the finance office has paid it."


def _pay(application, form, user):
    services.pay_claim(application, paid_on=form.cleaned_data["paid_on"], by=user)
    return "Payment recorded."


def _settle(application, form, user):
    services.settle(application, by=user)
    return "Settled: nothing more to pay."


def _ask_back(application, form, user):
    services.ask_back(application, by=user)
    return "Asked back, and the applicant emailed the amount and how to pay it back."


def _waive(application, form, user):
    services.waive(application, **form.cleaned_data, by=user)
    return "Waived, and the applicant emailed that they need pay nothing back."


def _returned(application, form, user):
    services.record_return(application, **form.cleaned_data, by=user)
    return "Return recorded, and the applicant thanked."


def _unwell(application, form, user):
    services.unwell(application, by=user)
    return "Recorded: nothing booked or paid to them is asked back."


ACTIONS = {
    "score": Action(ReviewForm, _score),
    "email": Action(EmailChangeForm, _email),
    "conflict": Action(ConflictForm, _conflict, back_to_list=True),
    "stage": Action(DecisionForm, _stage),
    "method": Action(PaymentMethodForm, _method),
    "booking": Action(BookingForm, _booking),
    "advance": Action(AdvanceForm, _advance),
    "query": Action(QueryForm, _query),
    "approve": Action(ApprovalForm, _approve),
    "pay": Action(PaymentForm, _pay),
    "settle": Action(SettleForm, _settle),
    "ask_back": Action(AskBackForm, _ask_back),
    "waive": Action(WaiveForm, _waive),
    "returned": Action(ReturnedForm, _returned),
    "unwell": Action(UnwellForm, _unwell),
}


def make_form(name, application, *, data=None):
    """The action's form, bound to `data` or filled in from the application."""
    form_class = ACTIONS[name].form_class
    kwargs = {"data": data, "initial": _initial(name, application)}
    if form_class is DecisionForm:
        kwargs["application"] = application
    return form_class(**kwargs)


def _initial(name, application):
    claim = getattr(application, "claim", None)
    if name == "score":
        return {"score": application.my_score, "comment": application.my_comment}
    if name == "stage":
        return DecisionForm.initial_for(application)
    if name == "method":
        return {"method": application.payment_method}
    if name == "advance":
        return {"amount": application.offer_amount}
    if name == "returned":
        return {"amount": money_of(application).awaiting_return or None}
    if name == "approve" and claim:
        return {"amount_approved": claim.amount}
    return {}


def error_summary(bound):
    """Every error of the form just sent, for the top of the page: a refused action's own form
    may not show any more (an approved claim has no approve form), so its message would be lost.
    """
    return [
        f"{form[name].label}: {error}" if name != "__all__" else error
        for form in bound.values()
        for name, errors in form.errors.items()
        for error in errors
    ]
