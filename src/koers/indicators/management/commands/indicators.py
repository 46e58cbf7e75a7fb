"""``koers indicators``: the figures of a location or region for a year or any period."""

import json

from django.core.management.base import BaseCommand, CommandError

from koers.core.actors import CLI
from koers.core.arguments import iso_date
from koers.core.models import Location
from koers.indicators.engine import compute, explain
from koers.indicators.periods import Period
from koers.indicators.registry import SECTIONS, find, label_for, section_for


class Command(BaseCommand):
    help = "Toont de indicatoren van een locatie of regio over een jaar of periode."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--location", metavar="ID", help="extern id van de locatie")
        where.add_argument("--region", metavar="NAAM", help="naam van de regio")
        parser.add_argument("--year", type=int, metavar="JJJJ")
        parser.add_argument("--from", dest="start", metavar="JJJJ-MM-DD")
        parser.add_argument("--to", dest="end", metavar="JJJJ-MM-DD")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--explain", metavar="KEY", help="de records achter één cijfer")

    def handle(self, *args, **options):
        period = self.period(options)
        locations = self.locations(options)
        if options["explain"]:
            return self.explain(options["explain"], locations, period)
        values = compute(locations=locations, period=period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(values, indent=2, ensure_ascii=False))
        else:
            self.table(values, locations, period)
        return None

    def period(self, options) -> Period:
        year, start, end = options["year"], options["start"], options["end"]
        if year is not None and (start or end):
            raise CommandError("geef --year of --from en --to, niet beide")
        if year is not None:
            if not 1900 <= year <= 9999:
                raise CommandError(f"--year: {year} is geen geldig jaar")
            return Period.year(year)
        if not (start and end):
            raise CommandError("geef --year, of --from en --to samen")
        first, last = iso_date(start, "--from"), iso_date(end, "--to")
        if first > last:
            raise CommandError(f"--from ({first}) ligt na --to ({last})")
        return Period(first, last)

    def locations(self, options) -> list[Location]:
        if options["location"]:
            found = list(Location.objects.filter(external_id=options["location"]))
            if not found:
                raise CommandError(f"onbekende locatie: '{options['location']}'")
            return found
        found = list(Location.objects.filter(region=options["region"]))
        if not found:
            raise CommandError(f"onbekende regio (geen locaties): '{options['region']}'")
        return found

    def explain(self, key: str, locations, period: Period) -> None:
        if find(key) is None:
            raise CommandError(f"onbekende indicator: '{key}'")
        evidence = explain(key=key, locations=locations, period=period, user=CLI)
        self.stdout.write(f"{label_for(key)} — {period.label}: {len(evidence)} records")
        width = max((len(item.external_id) for item in evidence), default=0)
        for item in evidence:
            self.stdout.write(f"{item.external_id:<{width}}  {item.description}")

    def table(self, values: dict, locations, period: Period) -> None:
        names = ", ".join(location.name for location in locations)
        self.stdout.write(f"{names} — {period.label}")
        rows = [(section_for(key), label_for(key), value, key) for key, value in values.items()]
        label_width = max((len(label) for _, label, _, _ in rows), default=0)
        value_width = max((len(format_value(value)) for _, _, value, _ in rows), default=0)
        section = None
        for row_section, label, value, key in rows:
            if row_section != section:
                section = row_section
                self.stdout.write(f"\n{SECTIONS[section]}")
            self.stdout.write(
                f"  {label:<{label_width}}  {format_value(value):>{value_width}}  {key}"
            )


def format_value(value) -> str:
    """Dutch notation: a decimal comma."""
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)
