"""EvidenceFile now lives in core (``ocop.core.models``); the table ``evaluation_evidencefile`` keeps its name
and rows. The foreign key of ``DossierEvidence.file`` and the many-to-many ``DossierStep.files`` point at
the same table as before, and the through table's column is still ``evidencefile_id`` (the model kept its
name): only the state changes, nothing is written to the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_evidencefile"),
        ("evaluation", "0004_councils"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossierevidence",
                    name="file",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="uses", to="core.evidencefile"
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierstep",
                    name="files",
                    field=models.ManyToManyField(blank=True, related_name="steps", to="core.evidencefile"),
                ),
                migrations.DeleteModel(name="EvidenceFile"),
            ],
        ),
    ]
