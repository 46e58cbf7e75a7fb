"""One person, one record: a V-number belongs to one person across the installation.

Before the constraint is added, existing duplicates are looked for. None may be
resolved silently (which of two records is the person, and which holds the
trajectory, is a team leader's decision: the merge screen), so the migration stops
with the records that share a V-number; merge them (or correct the V-number) in the
release before this one and migrate again. The demo and the acceptance bundles have
no duplicates.
"""

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    shared = (
        Person.objects.exclude(v_number="")
        .values("v_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("v_number", flat=True)
    )
    rows = Person.objects.filter(v_number__in=list(shared)).order_by("v_number", "id")
    found = [f"  V-nummer {p.v_number}: {p.external_id}" for p in rows]
    if found:
        raise RuntimeError(
            "Deze personen delen een V-nummer; voeg ze samen of verbeter het V-nummer "
            "voordat u migreert (docs/merging.md):\n" + "\n".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_change_log_subject"),
        ("people", "0004_location_id_indexes"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("v_number", ""), _negated=True),
                fields=("v_number",),
                name="person_v_number_once",
            ),
        ),
    ]
