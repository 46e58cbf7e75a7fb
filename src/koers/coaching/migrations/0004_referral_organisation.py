"""A referral may name its partner from the branch's social map (``cooperation.Partner``).

Existing referrals whose text matches the name of one partner of the client's branch
(case and spaces aside) are linked to it; the text is kept either way. The text is the
referral's ``partner_detail``, or, when that is empty, the Dutch name of its partner
code ("Voedselbank"). The same rule links referrals when a partner is added later
(``koers.cooperation.services.referrals_link``).
"""

import django.db.models.deletion
from django.db import migrations, models


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def link_referrals(apps, schema_editor):
    Referral = apps.get_model("coaching", "Referral")
    Partner = apps.get_model("cooperation", "Partner")
    labels = dict(Referral._meta.get_field("partner").choices)
    by_name: dict[tuple[int, str], list[int]] = {}
    for pk, location, name in Partner.objects.values_list("pk", "location_id", "name"):
        by_name.setdefault((location, normalised(name)), []).append(pk)
    if not by_name:
        return
    unlinked = Referral.objects.filter(organisation__isnull=True).values_list(
        "pk", "person__location_id", "partner", "partner_detail"
    )
    for pk, location, code, detail in unlinked.iterator():
        text = detail or str(labels.get(code, ""))
        found = by_name.get((location, normalised(text)), [])
        if len(found) == 1:  # two partners of one name: do not guess
            Referral.objects.filter(pk=pk).update(organisation_id=found[0])


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_plan_evaluations_zrm_referrals_budget_signals"),
        ("cooperation", "0001_partners_and_activities"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="De partner uit de sociale kaart van de afdeling.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="referrals",
                to="cooperation.partner",
                verbose_name="organisatie (sociale kaart)",
            ),
        ),
        migrations.RunPython(link_referrals, migrations.RunPython.noop, elidable=True),
    ]
