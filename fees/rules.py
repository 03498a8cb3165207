"""Who may see and do what with involvement fees, and when: one home for each rule.

Fees are organisers' work (and superusers'): the bursary panel never sees them, as organisers
never see bursaries. The contributor reaches their own fee only through its private link.
Time comes from the seminar's phase, never the clock.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from seminars.phase import Phase

from .models import FeeChoice, InvolvementFee


def may_see_fees(user):
    """Organisers (the permission to view fees) and superusers."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("fees.view_involvementfee")
    )


def may_manage_fees(user):
    """Offer, approve and record payment: organisers (the permission to change fees)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("fees.change_involvementfee")
    )


def require_fees(request, *, manage=False):
    """Every fee page starts here: 403 for anyone else, the panel included."""
    allowed = may_manage_fees if manage else may_see_fees
    if not allowed(request.user):
        raise PermissionDenied


def why_no_offer(seminar, *, now=None):
    """Why no new fee may be offered at `seminar` now, or None: not once it is cancelled (fees
    already offered follow the cancellation policy)."""
    if seminar.phase(now).phase == Phase.CANCELLED:
        return (
            "The seminar is cancelled: offer no new fees. Fees already offered follow the policy."
        )
    return None


def why_no_approval(fee, balance, *, now=None):
    """Why the fee cannot be approved now, or None. Approved once the seminar has taken place
    (or was cancelled: the policy pays), after the contributor chose, and only once."""
    life = fee.seminar.phase(now)
    if not (life.has_happened or life.phase == Phase.CANCELLED):
        return "Approve a fee once the seminar has taken place (or been cancelled)."
    if fee.choice == FeeChoice.UNDECIDED:
        return "They have not chosen yet: approve once they have."
    if fee.choice == FeeChoice.DECLINED:
        return "They declined the fee: there is nothing to approve."
    if balance.has_approval:
        return "The fee is already approved."
    return None


def why_no_choice(fee, balance):
    """Why the contributor may not change their choice, or None: once organisers approved it
    (the amount to pay is then fixed), and after their details were removed."""
    if fee.anonymised_at:
        return "This link no longer works."
    if balance.has_approval:
        return (
            "We have approved your fee for payment, so it can no longer be changed here. If "
            "something is wrong, please email us."
        )
    return None


def may_see_entry(user, entry):
    """The log's entries on a fee: organisers' (common.audit.declare_rule)."""
    if entry.content_type_id == ContentType.objects.get_for_model(InvolvementFee).pk:
        return may_see_fees(user)
    return True
