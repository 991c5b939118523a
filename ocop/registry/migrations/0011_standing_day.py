"""The day products' standing certificates were last brought up to (``ocop.registry.standing``).

No row yet: the first refresh, at the first request or ``manage.py refresh_standing``, reads every
product once, which also moves ``latest_certificate`` off certificates dated after today where the
newest-overall rule of before had put it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_rule_set_deadlines")]

    operations = [
        migrations.CreateModel(
            name="StandingDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(null=True)),
                ("moves", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "ngày xét giấy chứng nhận đang áp dụng",
                "verbose_name_plural": "ngày xét giấy chứng nhận đang áp dụng",
            },
        ),
    ]
