"""``koers export PATH [--location ID]``: write the database (or one location) as a bundle."""

from django.core.management.base import BaseCommand, CommandError

from koers.core.models import Location
from koers.exchange.services import bundle_export


class Command(BaseCommand):
    help = "Exporteer alle records (of die van één locatie) als bundel in het uitwisselformaat."

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder to write the bundle's CSV files into")
        parser.add_argument("--location", help="external id of one location to export")

    def handle(self, *args, path: str, location: str | None, **options):
        branch = None
        if location is not None:
            branch = Location.objects.filter(external_id=location).first()
            if branch is None:
                raise CommandError(f"unknown location {location!r}")
        written = bundle_export(target=path, location=branch)
        for name, rows in written.items():
            self.stdout.write(f"{name}: {rows} rows")
