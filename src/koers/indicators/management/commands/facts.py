"""``koers facts refresh``: bring the stored figures up to date (a daily job, see
docs/indicators.md)."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from koers.indicators import facts


class Command(BaseCommand):
    help = (
        "Werkt de opgeslagen cijfers (feiten) bij: van elke locatie, regio en alle locaties "
        "samen, voor de jaren (met --all-periods ook elk halfjaar, kwartaal en elke maand)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="verouderde en ontbrekende cijfers berekenen")
        refresh.add_argument(
            "--year",
            type=int,
            action="append",
            metavar="JJJJ",
            help="dit jaar (te herhalen); standaard dit jaar en vorig jaar",
        )
        refresh.add_argument(
            "--all-periods",
            action="store_true",
            help="ook de halfjaren, kwartalen en maanden die begonnen zijn, niet alleen de jaren",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        years = options["year"] or facts.default_years(today)
        began = time.monotonic()
        done = facts.refresh(years=years, today=today, every_period=options["all_periods"])
        self.stdout.write(
            f"Jaren {', '.join(map(str, sorted(set(years))))}: {done.locations} cijfersets van "
            f"één locatie en {done.scopes} van meer locaties berekend, {done.removed} met oude "
            f"definities verwijderd ({time.monotonic() - began:.1f} s)."
        )
