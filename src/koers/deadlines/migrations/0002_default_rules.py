"""The shipped default rules of spec/deadlines.md (version 1)."""

from django.db import migrations

DEFAULT_RULES = [
    # code, name, applies_to, anchor, (years, months, days), closed when
    (
        "pvt_signature",
        "Participatieverklaring tekenen",
        "person",
        "first_counted_housed_on",
        (1, 0, 0),
        "participatieverklaring getekend",
    ),
    (
        "family_reunification_filing",
        "Aanvraag gezinshereniging indienen",
        "dossier",
        "permit_granted_on",
        (0, 3, 0),
        "stap 'aanvraag ingediend' gedaan, of dossier gesloten",
    ),
    (
        "dossier_step",
        "Dossierstap uitvoeren",
        "dossier_step",
        "dossier_opened_on",
        (0, 0, 0),
        "stap gedaan, of dossier gesloten",
    ),
    (
        "settling_in_end",
        "Einde coaching vestiging",
        "trajectory",
        "trajectory_started_on",
        (0, 6, 0),
        "traject beëindigd",
    ),
    (
        "integration_end",
        "Einde coaching integratie",
        "trajectory",
        "trajectory_started_on",
        (0, 18, 0),
        "traject beëindigd",
    ),
    (
        "match_evaluation_3m",
        "Evaluatie koppeling na 3 maanden",
        "match",
        "match_started_on",
        (0, 3, 0),
        "evaluatie na 3 maanden vastgelegd, of koppeling beëindigd",
    ),
    (
        "match_evaluation_6m",
        "Evaluatie koppeling na 6 maanden",
        "match",
        "match_started_on",
        (0, 6, 0),
        "evaluatie na 6 maanden vastgelegd, of koppeling beëindigd",
    ),
    (
        "civic_integration_term",
        "Inburgeringstermijn",
        "person",
        "first_counted_housed_on",
        (3, 0, 0),
        "examenresultaat of ontheffing vastgelegd",
    ),
]


def add_default_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, name, applies_to, anchor, (years, months, days), closed_when in DEFAULT_RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "applies_to": applies_to,
                "anchor": anchor,
                "offset_years": years,
                "offset_months": months,
                "offset_days": days,
                "closed_when": closed_when,
                "enabled": True,
            },
        )


def remove_default_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[rule[0] for rule in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(add_default_rules, remove_default_rules)]
