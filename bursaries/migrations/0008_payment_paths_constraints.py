import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.functions.text
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bursaries", "0007_carry_over")]

    operations = [
        migrations.RemoveField(
            model_name="bursaryapplication",
            name="booking_details",
        ),
        migrations.RemoveField(
            model_name="bursaryapplication",
            name="prefers_booking",
        ),
        migrations.RemoveField(
            model_name="bursaryapplication",
            name="staged_amount",
        ),
        migrations.RemoveField(
            model_name="bursaryapplication",
            name="staged_reply_by",
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("seminar"),
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "submitted",
                            "reserve",
                            "not_offered",
                            "offered",
                            "accepted",
                            "declined",
                            "lapsed",
                            "booked",
                            "advance_paid",
                            "claimed",
                            "queried",
                            "approved",
                            "paid",
                            "settled",
                        ),
                    )
                ),
                name="bursaries_application_one_open_per_email",
                violation_error_message="This email already has a bursary application for this seminar.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "submitted",
                            "withdrawn",
                            "reserve",
                            "not_offered",
                            "offered",
                            "accepted",
                            "declined",
                            "lapsed",
                            "booked",
                            "advance_paid",
                            "claimed",
                            "queried",
                            "approved",
                            "paid",
                            "settled",
                        ],
                    )
                ),
                name="bursaries_application_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("group__in", ["service_user", "carer", "third_sector", "early_career"])
                ),
                name="bursaries_application_group_valid",
                violation_error_message="Bursaries are for service users, carers, third-sector employees and early-career researchers.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("payment_method__in", ["book", "advance", "reimburse"])),
                name="bursaries_application_payment_method_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("health_consent_at__isnull", False),
                    models.Q(
                        models.Q(("group__in", ("service_user", "carer")), _negated=True),
                        ("access_needs", ""),
                    ),
                    _connector="OR",
                ),
                name="bursaries_application_health_data_needs_consent",
                violation_error_message="Being a service user or carer, and access needs, can only be recorded with the applicant's explicit consent.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        (
                            "status__in",
                            (
                                "offered",
                                "accepted",
                                "booked",
                                "advance_paid",
                                "claimed",
                                "queried",
                                "approved",
                                "paid",
                                "settled",
                            ),
                        ),
                        _negated=True,
                    ),
                    models.Q(("offer_amount__gt", 0), ("reply_by__isnull", False)),
                    _connector="OR",
                ),
                name="bursaries_application_award_has_amount",
                violation_error_message="An offer needs an amount above zero and a reply-by date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("offer_amount__isnull", True),
                    (
                        "offer_amount",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.functions.comparison.Coalesce(
                                        models.F("offer_travel"),
                                        models.Value(
                                            Decimal("0.00"),
                                            output_field=models.DecimalField(
                                                decimal_places=2, max_digits=7
                                            ),
                                        ),
                                    ),
                                    "+",
                                    django.db.models.functions.comparison.Coalesce(
                                        models.F("offer_accommodation"),
                                        models.Value(
                                            Decimal("0.00"),
                                            output_field=models.DecimalField(
                                                decimal_places=2, max_digits=7
                                            ),
                                        ),
                                    ),
                                ),
                                "+",
                                django.db.models.functions.comparison.Coalesce(
                                    models.F("offer_companion"),
                                    models.Value(
                                        Decimal("0.00"),
                                        output_field=models.DecimalField(
                                            decimal_places=2, max_digits=7
                                        ),
                                    ),
                                ),
                            ),
                            "+",
                            django.db.models.functions.comparison.Coalesce(
                                models.F("offer_care"),
                                models.Value(
                                    Decimal("0.00"),
                                    output_field=models.DecimalField(
                                        decimal_places=2, max_digits=7
                                    ),
                                ),
                            ),
                        ),
                    ),
                    _connector="OR",
                ),
                name="bursaries_application_offer_is_its_lines",
                violation_error_message="The amount offered is the sum of its lines.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("travel_cost__gte", 0),
                    ("travel_cost__lte", Decimal("2000.00")),
                    models.Q(
                        ("companion_cost__isnull", True),
                        ("companion_cost__gte", 0),
                        _connector="OR",
                    ),
                    models.Q(
                        ("accommodation_cost__isnull", True),
                        ("accommodation_cost__gte", 0),
                        _connector="OR",
                    ),
                    models.Q(("care_cost__isnull", True), ("care_cost__gte", 0), _connector="OR"),
                ),
                name="bursaries_application_costs_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("advance_amount__isnull", True),
                    models.Q(
                        ("advance_amount__gt", 0),
                        ("advance_amount__lte", models.F("offer_amount")),
                        ("advance_paid_on__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="bursaries_application_advance_within_offer",
                violation_error_message="An advance is more than nothing, no more than the offer, and has the day it was paid.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursaryapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "advance_paid"), _negated=True),
                    ("advance_amount__isnull", False),
                    _connector="OR",
                ),
                name="bursaries_application_advance_paid_has_amount",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_approved__isnull", True), ("amount_approved__gte", 0), _connector="OR"
                ),
                name="bursaries_claim_approved_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_paid__isnull", True),
                    models.Q(("amount_paid__gt", 0), ("paid_on__isnull", False)),
                    _connector="OR",
                ),
                name="bursaries_claim_paid_has_amount_and_day",
            ),
        ),
        migrations.AddConstraint(
            model_name="bursarypolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(("pk", 1)), name="bursaries_policy_only_one"
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=models.Q(("delivery__in", ["email", "post", "station"])),
                name="bursaries_booking_delivery_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=models.Q(("cost__gte", 0)), name="bursaries_booking_cost_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name='bursaryapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('offer_travel__isnull', True), ('offer_travel__gte', 0), _connector='OR'), models.Q(('offer_accommodation__isnull', True), ('offer_accommodation__gte', 0), _connector='OR'), models.Q(('offer_companion__isnull', True), ('offer_companion__gte', 0), _connector='OR'), models.Q(('offer_care__isnull', True), ('offer_care__gte', 0), _connector='OR')), name='bursaries_application_offer_lines_not_negative'),
        ),
    
    ]
