import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each award gets an account in the ledger; the rules about advances move there (the
    ledger refuses an advance beyond what is left of the offer, in the same transaction)."""

    dependencies = [
        ("bursaries", "0016_status_change_gone"),
        ("ledger", "0002_organisers_budget"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="bursaryapplication", name="bursaries_application_advance_within_offer"
        ),
        migrations.RemoveConstraint(
            model_name="bursaryapplication", name="bursaries_application_advance_paid_has_amount"
        ),
        migrations.RemoveConstraint(model_name="claim", name="bursaries_claim_approved_not_negative"),
        migrations.RemoveConstraint(
            model_name="claim", name="bursaries_claim_paid_has_amount_and_day"
        ),
        migrations.AddField(
            model_name="bursaryapplication",
            name="account",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.account",
            ),
        ),
    ]
