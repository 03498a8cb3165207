from django.db import migrations


class Migration(migrations.Migration):
    """The advance and the claim's approved and paid amounts are ledger entries now: the fields
    that held them go, so nothing stores a balance beside the entries."""

    dependencies = [("bursaries", "0018_money_entries")]

    operations = [
        migrations.RemoveField(model_name="bursaryapplication", name="advance_amount"),
        migrations.RemoveField(model_name="bursaryapplication", name="advance_paid_on"),
        migrations.RemoveField(model_name="claim", name="amount_approved"),
        migrations.RemoveField(model_name="claim", name="amount_paid"),
        migrations.RemoveField(model_name="claim", name="paid_on"),
    ]
