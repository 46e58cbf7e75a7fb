"""A branch's own deadline terms become records: an external id (for the bundle), a uid,
and created/updated moments. Existing rows get ids of their own before the ids are unique."""

import uuid

import django.utils.timezone
from django.db import migrations, models

import koers.core.models


def give_ids(apps, schema_editor):
    RuleSetting = apps.get_model("deadlines", "RuleSetting")
    for setting in RuleSetting.objects.all():
        setting.external_id = koers.core.models.new_external_id()
        setting.uid = uuid.uuid4()
        setting.save(update_fields=["external_id", "uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0002_default_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="rulesetting",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="rulesetting",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="rulesetting",
            name="external_id",
            field=models.CharField(max_length=64, null=True, verbose_name="extern id"),
        ),
        migrations.AddField(
            model_name="rulesetting",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rulesetting",
            name="external_id",
            field=models.CharField(
                default=koers.core.models.new_external_id,
                max_length=64,
                unique=True,
                verbose_name="extern id",
            ),
        ),
        migrations.AlterField(
            model_name="rulesetting",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
