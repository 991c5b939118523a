"""EvidenceFile moves from the evaluation app to core, so that the registry can keep a revocation's evidence
without importing the evaluation app. The table ``evaluation_evidencefile`` and its rows stay as they are.

On a database the evaluation app has migrated, the table exists: only the state moves here. On a new one,
this migration may run before ``evaluation.0002_dossiers`` (nothing orders them, and core may not depend on
evaluation), and a registry migration may point a foreign key at the table before the evaluation app
creates it (PostgreSQL refuses a constraint on a missing table): so whichever of the two runs first
creates the table, and the other finds it there (see ``evaluation.0002_dossiers``).
"""

from django.db import migrations, models


def create_table_unless_present(apps, schema_editor):
    model = apps.get_model("core", "EvidenceFile")
    with schema_editor.connection.cursor() as cursor:
        tables = schema_editor.connection.introspection.table_names(cursor)
    if model._meta.db_table not in tables:
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EvidenceFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sha256", models.CharField(max_length=64, unique=True)),
                        ("content_type", models.CharField(max_length=40, verbose_name="kiểu tệp")),
                        ("byte_size", models.PositiveIntegerField(verbose_name="dung lượng (byte)")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                    ],
                    options={
                        "verbose_name": "tệp minh chứng",
                        "verbose_name_plural": "tệp minh chứng",
                        "db_table": "evaluation_evidencefile",
                    },
                ),
            ],
        ),
        # Backwards, the table stays: on a database migrated before the move it belongs to the evaluation app.
        migrations.RunPython(create_table_unless_present, migrations.RunPython.noop),
    ]
