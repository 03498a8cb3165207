"""Each seminar's travel bursaries, applications and their reviews, and how awards are paid
(bookings, advances, claims)."""

from .applications import (
    MAX_COST,
    PANEL_GROUP,
    STATEMENT_WORD_LIMIT,
    ZERO,
    BursaryApplication,
    BursaryCount,
    Review,
    Score,
    new_token,
)
from .easy_read import BursaryEasyReadLine
from .payments import Booking, Claim, Receipt, TicketDelivery, receipt_path
from .policy import BursaryPolicy
from .rounds import SeminarBursaries
from .states import (
    BURSARY_GROUP_OF,
    COST_FIELDS,
    ELIGIBLE_GROUPS,
    PANEL_LABELS,
    PAYMENT_WORDS,
    TRANSITIONS,
    BursaryGroup,
    BursaryStatus,
    CostLine,
    PaymentMethod,
    participant_groups,
)

__all__ = [
    "BURSARY_GROUP_OF",
    "COST_FIELDS",
    "ELIGIBLE_GROUPS",
    "MAX_COST",
    "PANEL_GROUP",
    "PANEL_LABELS",
    "PAYMENT_WORDS",
    "STATEMENT_WORD_LIMIT",
    "TRANSITIONS",
    "ZERO",
    "Booking",
    "BursaryApplication",
    "BursaryCount",
    "BursaryEasyReadLine",
    "BursaryGroup",
    "BursaryPolicy",
    "BursaryStatus",
    "Claim",
    "CostLine",
    "PaymentMethod",
    "Receipt",
    "Review",
    "Score",
    "SeminarBursaries",
    "TicketDelivery",
    "new_token",
    "participant_groups",
    "receipt_path",
]
