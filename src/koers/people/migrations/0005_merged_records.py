"""The records merged into a person stay findable (``MergedRecord``, ``people.merge``).

A migration of its own, before the V-number becomes unique (0006): an installation with
two records sharing a V-number migrates to here, merges them on the merge screen, and
then migrates on.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_change_log_subject"),
        ("people", "0004_location_id_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="MergedRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "merged_id",
                    models.BigIntegerField(unique=True, verbose_name="samengevoegd dossier"),
                ),
                ("external_id", models.CharField(max_length=64, verbose_name="extern id")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="tijdstip")),
            ],
            options={
                "verbose_name": "samengevoegd dossier",
                "verbose_name_plural": "samengevoegde dossiers",
            },
        ),
        migrations.AddField(
            model_name="mergedrecord",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="merged",
                to="people.person",
                verbose_name="bewaard dossier",
            ),
        ),
    ]
