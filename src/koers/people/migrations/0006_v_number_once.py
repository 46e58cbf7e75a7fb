"""One person, one record: a V-number belongs to one person across the installation.

Before the constraint is added, existing duplicates are looked for. None is resolved
silently (which of two records is the person, and which holds the trajectory, is a team
leader's decision), so the migration stops and names the records that share a V-number:
migrate to 0005 (``koers migrate people 0005``), merge them on the merge screen (or
correct a V-number), and migrate again (docs/merging.md). The demo and the acceptance
bundles have none.
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
    dependencies = [("people", "0005_merged_records")]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("v_number", ""), _negated=True),
                fields=("v_number",),
                name="person_v_number_once",
                violation_error_message="Dit V-nummer hoort al bij een andere persoon in Koers.",
            ),
        ),
    ]
