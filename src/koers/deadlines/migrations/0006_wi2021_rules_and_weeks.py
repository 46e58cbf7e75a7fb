"""The rules of integration-2021.md (version 1) as shipped defaults, and terms in weeks.

Offsets may now be given in weeks (a municipality that agreed 14 weeks sets 14), for the
two 10-week rules of the Wet inburgering 2021; the third runs 36 months from the PIP
plus the plan's own extension.
"""

import django.core.validators
from django.db import migrations, models

WI2021_RULES = [
    # code, name, applies_to, anchor, (months, weeks), closed when
    (
        "housing_after_linking",
        "Huisvesting na koppeling",
        "linking",
        "linked_on",
        (0, 10),
        "gehuisvest (getelde plaatsing in de gemeente), of koppeling vervallen",
    ),
    (
        "pip_decision",
        "PIP vaststellen",
        "integration_plan",
        "obligation_on",
        (0, 10),
        "PIP vastgesteld, ontheffing of inburgering afgerond",
    ),
    (
        "civic_integration_term_2021",
        "Inburgeringstermijn (Wi2021)",
        "integration_plan",
        "pip_on",
        (36, 0),
        "inburgering afgerond, of ontheffing of vrijstelling (termijn plus verlenging)",
    ),
]


def add_wi2021_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, name, applies_to, anchor, (months, weeks), closed_when in WI2021_RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "applies_to": applies_to,
                "anchor": anchor,
                "offset_years": 0,
                "offset_months": months,
                "offset_weeks": weeks,
                "offset_days": 0,
                "closed_when": closed_when,
                "enabled": True,
            },
        )


def remove_wi2021_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[rule[0] for rule in WI2021_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0005_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="offset_weeks",
            field=models.PositiveSmallIntegerField(
                default=0,
                validators=[django.core.validators.MaxValueValidator(600)],
                verbose_name="weken",
            ),
        ),
        migrations.AddField(
            model_name="rulesetting",
            name="offset_weeks",
            field=models.PositiveSmallIntegerField(
                default=0,
                validators=[django.core.validators.MaxValueValidator(600)],
                verbose_name="weken",
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="anchor",
            field=models.CharField(
                choices=[
                    ("first_counted_housed_on", "eerste getelde huisvestingsdatum"),
                    ("permit_granted_on", "datum verblijfsvergunning"),
                    ("dossier_opened_on", "opening van het dossier"),
                    ("trajectory_started_on", "start van het traject"),
                    ("match_started_on", "start van de koppeling"),
                    ("linked_on", "datum van koppeling aan de gemeente"),
                    ("obligation_on", "begin van de inburgeringsplicht"),
                    ("pip_on", "datum van het PIP"),
                ],
                max_length=30,
                verbose_name="ankerdatum",
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="applies_to",
            field=models.CharField(
                choices=[
                    ("person", "cliënt"),
                    ("dossier", "dossier"),
                    ("dossier_step", "dossierstap"),
                    ("trajectory", "traject"),
                    ("match", "koppeling"),
                    ("linking", "koppeling COA"),
                    ("integration_plan", "inburgeringsplan (Wi2021)"),
                ],
                max_length=20,
                verbose_name="geldt voor",
            ),
        ),
        migrations.RunPython(add_wi2021_rules, remove_wi2021_rules),
    ]
