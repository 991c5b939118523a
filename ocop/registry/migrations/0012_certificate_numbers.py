"""Certificate numbers, revocation grounds and decisions, the decision's signer; which
rule sets allow one certificate a product a day (``data/rule-sets.json``).

Every certificate already recorded (the imported registry: 194,000 at 100,000 products in the bench) gets
its number here, so that each has a verification page: ``PP-YYYY-NNNNNN``, the product's current
province, the decision's year, and its place in that province and year, in the order of decision date,
then id (the order the records were made in). One UPDATE … FROM a window query on either engine, not a
row at a time; then the sequences go on from the last number each province and year took, and the
numbers become required and unique. ``ocop.registry.certificates.numbering`` makes the same numbers for
new certificates.
"""

import json
from pathlib import Path

from django.db import migrations, models

RULE_SETS = Path(__file__).resolve().parent.parent / "data" / "rule-sets.json"


def fill_one_certificate_a_day(apps, schema_editor):
    RuleSet = apps.get_model("registry", "RuleSet")
    for entry in json.loads(RULE_SETS.read_text(encoding="utf-8"))["rule_sets"]:
        RuleSet.objects.filter(code=entry["code"]).update(
            one_certificate_a_day=entry.get("one_certificate_a_day", False)
        )

_NUMBERED = """
    SELECT c.id AS id, p.province_code AS province, {year} AS year,
        ROW_NUMBER() OVER (
            PARTITION BY p.province_code, {year} ORDER BY c.decision_date, c.id
        ) AS sequence
    FROM registry_certificate c JOIN registry_product p ON p.id = c.product_id
"""
_SQL = {
    "sqlite": (
        "CAST(strftime('%Y', c.decision_date) AS INTEGER)",
        "printf('%02d-%04d-%06d', numbered.province, numbered.year, numbered.sequence)",
        "printf('certificate:%02d:%04d', numbered.province, numbered.year)",
    ),
    "postgresql": (
        "CAST(EXTRACT(YEAR FROM c.decision_date) AS INTEGER)",
        "to_char(numbered.province, 'FM00') || '-' || to_char(numbered.year, 'FM0000') || '-'"
        " || to_char(numbered.sequence, 'FM000000')",
        "'certificate:' || to_char(numbered.province, 'FM00') || ':' || to_char(numbered.year, 'FM0000')",
    ),
}


def number_existing_certificates(apps, schema_editor):
    connection = schema_editor.connection
    year, number, sequence_name = _SQL[connection.vendor]
    numbered = _NUMBERED.format(year=year)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE registry_certificate SET number = {number}
            FROM ({numbered}) AS numbered WHERE registry_certificate.id = numbered.id"""  # noqa: S608
        )
        cursor.execute(
            f"""INSERT INTO registry_numbersequence (name, last)
            SELECT {sequence_name}, MAX(numbered.sequence) FROM ({numbered}) AS numbered
            GROUP BY numbered.province, numbered.year"""  # noqa: S608
        )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0011_standing_day'),
    ]

    operations = [
        migrations.CreateModel(
            name='NumberSequence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, unique=True)),
                ('last', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'dãy số',
                'verbose_name_plural': 'dãy số',
            },
        ),
        migrations.AddField(
            model_name='certificate',
            name='number',
            field=models.CharField(editable=False, max_length=20, null=True, verbose_name='số giấy chứng nhận'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='revocation_decision_date',
            field=models.DateField(blank=True, null=True, verbose_name='ngày quyết định thu hồi'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='revocation_decision_no',
            field=models.CharField(blank=True, max_length=60, verbose_name='số quyết định thu hồi'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='revocation_ground',
            field=models.CharField(blank=True, choices=[('not_reevaluated', 'Không được đánh giá lại khi giấy chứng nhận hết thời hạn'), ('mandatory_criteria', 'Không đạt tiêu chí bắt buộc khi đánh giá lại'), ('process_not_followed', 'Không thực hiện đúng quy trình sản xuất đã công bố'), ('unsafe_food', 'Vi phạm quy định về an toàn thực phẩm'), ('product_differs', 'Sản phẩm không đúng chất lượng hoặc bao bì đã được công nhận'), ('production_stopped', 'Chủ thể ngừng sản xuất sản phẩm')], max_length=30, verbose_name='căn cứ thu hồi'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signer_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='người ký'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signer_title',
            field=models.CharField(blank=True, max_length=150, verbose_name='chức vụ người ký'),
        ),
        migrations.AddField(
            model_name='ruleset',
            name='one_certificate_a_day',
            field=models.BooleanField(default=False, verbose_name='mỗi ngày một giấy chứng nhận cho một sản phẩm'),
        ),
        migrations.RunPython(fill_one_certificate_a_day, migrations.RunPython.noop),
        migrations.RunPython(number_existing_certificates, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name='certificate',
            name='number',
            field=models.CharField(editable=False, max_length=20, unique=True, verbose_name='số giấy chứng nhận'),
        ),
    ]
