"""The IND's terms in family-reunification dossiers as shipped defaults (docs/deadlines.md,
"Legal terms", for the sources): the decision term, the term after a notice of default,
and the terms to object to a refusal and to appeal a refused objection."""

from django.db import migrations, models

LEGAL_RULES = [
    # code, name, applies_to, anchor, (months, weeks, days), closed when
    (
        "ind_decision_term",
        "Beslistermijn IND (daarna ingebrekestelling)",
        "dossier",
        "application_filed_on",
        (0, 0, 90),
        "beslissing IND of ingebrekestelling verzonden (of dossier gesloten); "
        "een verlenging schuift de termijn naar de nieuwe datum",
    ),
    (
        "notice_of_default_term",
        "Termijn na ingebrekestelling (daarna beroep niet tijdig beslissen)",
        "dossier",
        "notice_of_default_on",
        (0, 2, 0),
        "beslissing IND of beroep ingesteld (of dossier gesloten)",
    ),
    (
        "objection_term",
        "Bezwaartermijn na afwijzing",
        "dossier_step",
        "decision_on",
        (0, 4, 0),
        "bezwaar ingediend (of dossier gesloten)",
    ),
    (
        "appeal_term",
        "Beroepstermijn na beslissing op bezwaar",
        "dossier_step",
        "decision_on",
        (0, 4, 0),
        "beroep ingesteld (of dossier gesloten)",
    ),
]


def add_legal_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, name, applies_to, anchor, (months, weeks, days), closed_when in LEGAL_RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "applies_to": applies_to,
                "anchor": anchor,
                "offset_years": 0,
                "offset_months": months,
                "offset_weeks": weeks,
                "offset_days": days,
                "closed_when": closed_when,
                "enabled": True,
            },
        )


def remove_legal_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[rule[0] for rule in LEGAL_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0006_wi2021_rules_and_weeks"),
        ("legal", "0002_step_outcome_and_family_members"),
    ]

    operations = [
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
                    ("application_filed_on", "indiening van de aanvraag"),
                    ("notice_of_default_on", "verzending van de ingebrekestelling"),
                    ("decision_on", "datum van de beslissing"),
                ],
                max_length=30,
                verbose_name="ankerdatum",
            ),
        ),
        migrations.RunPython(add_legal_rules, remove_legal_rules),
    ]
