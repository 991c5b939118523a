"""GTINs kept as 14 digits, and an index to find a product by its GTIN (``ocop.registry.gtin``).

The product form used to keep a GTIN as typed (8, 12, 13 or 14 digits); the stamps write it as 14 and the
traceability resolver looks it up as 14, so every shorter GTIN already recorded is left-padded with zeros
(which leaves its check digit as it was). Only digit strings of a GTIN's length are padded: the form
checked every GTIN it saved, and a value that is not a GTIN is left for an officer to see rather than
changed into another one. The index leaves out the blank GTINs of most products.
"""

from django.db import migrations, models

_SHORTER_LENGTHS = (8, 12, 13)


def pad_gtins(apps, schema_editor):
    Product = apps.get_model("registry", "Product")
    for pk, gtin in Product.objects.exclude(gtin="").values_list("pk", "gtin").iterator():
        if gtin.isascii() and gtin.isdigit() and len(gtin) in _SHORTER_LENGTHS:
            Product.objects.filter(pk=pk).update(gtin=gtin.zfill(14))


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("registry", "0012_certificate_numbers"),
    ]

    operations = [
        migrations.RunPython(pad_gtins, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(condition=models.Q(("gtin", ""), _negated=True), fields=["gtin"], name="product_gtin"),
        ),
    ]
