"""A role ends at once: ``ended_on`` becomes the first day without the role.

Until now it was the last day with it ("tot en met"), so a role ended today still counted
until midnight. Stored end dates move one day on, so every existing role keeps the days
it had.
"""

import datetime

from django.db import migrations, models


def _shift(apps, days: int) -> None:
    # in Python: date arithmetic in SQL gives a datetime on SQLite
    Membership = apps.get_model("accounts", "Membership")
    ended = list(Membership.objects.filter(ended_on__isnull=False))
    for membership in ended:  # never before the start (the constraint): a same-day role
        shifted = membership.ended_on + datetime.timedelta(days=days)
        membership.ended_on = max(shifted, membership.started_on)
    Membership.objects.bulk_update(ended, ["ended_on"], batch_size=500)


def end_dates_exclusive(apps, schema_editor):
    _shift(apps, 1)


def end_dates_inclusive(apps, schema_editor):
    _shift(apps, -1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_encrypted_totp_secret_invitation")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="ended_on",
            field=models.DateField(blank=True, null=True, verbose_name="beëindigd op"),
        ),
        migrations.RunPython(end_dates_exclusive, end_dates_inclusive),
    ]
