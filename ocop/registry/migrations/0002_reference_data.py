"""Load the product classifications and rule sets kept as data in ``ocop/registry/data``.

Re-running ``load_reference_data`` later (a new decision added to the files) updates rows in place.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_reference_data(apps, schema_editor):  # type: ignore[no-untyped-def]
    Classification = apps.get_model("registry", "Classification")
    Sector = apps.get_model("registry", "Sector")
    ProductSet = apps.get_model("registry", "ProductSet")
    RuleSet = apps.get_model("registry", "RuleSet")
    for path in sorted(DATA_DIR.glob("classification-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        classification, _ = Classification.objects.update_or_create(
            code=data["code"],
            defaults={
                "decision": data["decision"],
                "decision_date": data["decision_date"],
                "valid_from": data["valid_from"],
                "valid_until": data.get("valid_until"),
                "note": data.get("note", ""),
            },
        )
        for sector in data["sectors"]:
            Sector.objects.update_or_create(
                classification=classification, number=sector["number"], defaults={"name": sector["name"]}
            )
        group_names = {group["code"]: group["name"] for group in data["groups"]}
        for product_set in data["product_sets"]:
            ProductSet.objects.update_or_create(
                classification=classification,
                code=product_set["code"],
                defaults={
                    "sector": product_set["sector"],
                    "group_code": product_set["group"],
                    "group_name": group_names[product_set["group"]],
                    "name": product_set["name"],
                },
            )
    rule_sets = json.loads((DATA_DIR / "rule-sets.json").read_text(encoding="utf-8"))["rule_sets"]
    for rule_set in rule_sets:
        RuleSet.objects.update_or_create(
            code=rule_set["code"],
            defaults={
                "decision": rule_set["decision"],
                "decision_date": rule_set["decision_date"],
                "name": rule_set["name"],
                "valid_from": rule_set["valid_from"],
                "valid_until": rule_set["valid_until"],
                "classification": Classification.objects.get(code=rule_set["classification"]),
                "certificate_validity_months": rule_set["certificate_validity_months"],
                "issuing_level_by_stars": rule_set["issuing_level_by_stars"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
