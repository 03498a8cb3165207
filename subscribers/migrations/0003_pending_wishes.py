from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subscribers", "0002_carry_over_future_seminars"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="wants_list",
            field=models.BooleanField(
                default=False,
                help_text="Someone signed up this confirmed address for every seminar's news: "
                "it joins the list only when the link we emailed it is used.",
                verbose_name="asked to join the list, not yet confirmed",
            ),
        ),
        migrations.AddField(
            model_name="openingalert",
            name="pending",
            field=models.BooleanField(
                default=False,
                help_text="Asked for a confirmed address: nothing is sent until the link we "
                "emailed it is used.",
                verbose_name="waiting for them to confirm",
            ),
        ),
    ]
