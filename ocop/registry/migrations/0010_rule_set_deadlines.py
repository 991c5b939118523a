"""The deadlines around a certificate's expiry become data of each rule set, filled from ``rule-sets.json``.

The file says which decision sets each deadline; a rule set it leaves empty stays empty.
"""

import json
from pathlib import Path

from django.db import migrations, models

RULE_SETS = Path(__file__).resolve().parent.parent / "data" / "rule-sets.json"
DEADLINES = ("reevaluation_opens_days", "reevaluation_closes_days", "expiry_notice_days")


def fill_deadlines(apps, schema_editor):  # type: ignore[no-untyped-def]
    RuleSet = apps.get_model("registry", "RuleSet")
    for entry in json.loads(RULE_SETS.read_text(encoding="utf-8"))["rule_sets"]:
        RuleSet.objects.filter(code=entry["code"]).update(**{name: entry[name] for name in DEADLINES})


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_import_batch_links")]

    operations = [
        migrations.AddField(
            model_name="ruleset",
            name="reevaluation_opens_days",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="nộp hồ sơ đánh giá lại từ (số ngày trước khi hết hạn)"
            ),
        ),
        migrations.AddField(
            model_name="ruleset",
            name="reevaluation_closes_days",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="nộp hồ sơ đánh giá lại đến (số ngày trước khi hết hạn)"
            ),
        ),
        migrations.AddField(
            model_name="ruleset",
            name="expiry_notice_days",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="thông báo hết hạn chậm nhất (số ngày trước khi hết hạn)"
            ),
        ),
        migrations.AddConstraint(
            model_name="ruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(reevaluation_opens_days__isnull=True, reevaluation_closes_days__isnull=True)
                | models.Q(
                    reevaluation_opens_days__isnull=False,
                    reevaluation_closes_days__isnull=False,
                    reevaluation_opens_days__gte=models.F("reevaluation_closes_days"),
                ),
                name="rule_set_reevaluation_window",
            ),
        ),
        migrations.RunPython(fill_deadlines, migrations.RunPython.noop),
    ]
