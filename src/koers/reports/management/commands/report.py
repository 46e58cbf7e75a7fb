"""``koers report --location ID --year Y --format html|pdf|xlsx|json --output FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from koers.core.models import Location
from koers.reports import selectors
from koers.reports.exporters import FORMATS, render


class Command(BaseCommand):
    help = "Schrijf het jaarverslag van een afdeling als HTML, PDF, XLSX of JSON."

    def add_arguments(self, parser):
        parser.add_argument("--location", required=True, help="extern id van de locatie")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--edition",
            type=int,
            help="een gepubliceerde editie (standaard: de cijfers van nu, als concept)",
        )

    def handle(self, *, location, year, fmt, output, edition, **options):
        found = Location.objects.filter(external_id=location).first()
        if found is None:
            raise CommandError(f"onbekende locatie: {location}")
        if edition is None:
            document = selectors.live_document(found, year)
        else:
            published = selectors.editions(found, year).filter(edition=edition).first()
            if published is None:
                raise CommandError(f"geen editie {edition} van {year} voor {location}")
            document = selectors.edition_document(published)
        output.write_bytes(render(document, fmt))
        self.stdout.write(f"{output} ({fmt}, {document.content.title})")
