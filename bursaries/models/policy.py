from decimal import Decimal

from django.db import models
from django.db.models import Q

from common.basemodels import SeriesSettings

WHAT_COUNTS = """\
- Standard-class train tickets. If you have a Railcard, please use it: it cuts most fares by a \
third.
- Buses, coaches, trams and the Underground.
- Parking, if you drive.
- A taxi, when your access needs mean you cannot use public transport, or there is none.
- Your companion's or carer's travel, on the same terms as yours.
- A night's stay nearby, when you could not arrive in time on the day.
- Replacement care or childcare while you are away, so that you can come.

If you need help at stations, National Rail's free Passenger Assist service can meet you and \
help you on and off trains. You can book it yourself, or ask us to book it with your tickets."""

UNSPENT_ADVANCE = """\
If you spend less than we paid you in advance, we will ask you to pay back what is left over \
after the seminar. We will tell you the amount and how to pay it back."""


class BursaryPolicy(SeriesSettings):
    """The series' rules for travel bursaries, which organisers edit once for every seminar.

    There is one row (a constraint keeps it that way); BursaryPolicy.current() reads it, or
    the defaults before anyone has saved it.
    """

    what_counts = models.TextField(
        "what a bursary pays for",
        default=WHAT_COUNTS,
        help_text="Shown on each seminar's page and on the application form. Plain text with "
        "Markdown: '- ' before a list item. Each seminar can add a note of its own.",
    )
    mileage_rate = models.DecimalField(
        "mileage rate (pence a mile)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("45"),
        help_text="What we pay for each mile driven to the seminar and back.",
    )
    payment_days = models.PositiveSmallIntegerField(
        "pay claims within (working days)",
        default=10,
        help_text="Our promise to applicants. The panel sees how long each claim has waited, "
        "and claims past this stand out.",
    )
    unspent_advance = models.TextField(
        "if an advance is not all spent",
        default=UNSPENT_ADVANCE,
        help_text="Shown before someone accepts payment in advance. Whatever you write, "
        "nobody is asked to pay back travel we booked or paid for if they cannot come because "
        "they are unwell: the pages always say so.",
    )

    class Meta:
        verbose_name = "bursary rules for the series"
        verbose_name_plural = "bursary rules for the series"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="bursaries_policy_only_one"),
        ]

    def __str__(self):
        return "Bursary rules for the series"
