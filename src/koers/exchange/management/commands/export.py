"""``koers export PATH [--location ID | --person ID]``: write the database, one location, or
exactly one client's household as a bundle."""

from django.core.management.base import BaseCommand, CommandError

from koers.core.models import Location
from koers.exchange.services import bundle_export
from koers.people.models import Person


class Command(BaseCommand):
    help = (
        "Exporteer alle records (of die van één locatie, of precies het huishouden van één "
        "cliënt) als bundel in het uitwisselformaat."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder to write the bundle's CSV files into")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--location", help="external id of one location to export")
        which.add_argument(
            "--person",
            help="external id of a client: export exactly their household (for a move to a "
            "branch outside this installation)",
        )

    def handle(self, *args, path: str, location: str | None, person: str | None, **options):
        branch = client = None
        if location is not None:
            branch = Location.objects.filter(external_id=location).first()
            if branch is None:
                raise CommandError(f"unknown location {location!r}")
        if person is not None:
            client = Person.objects.filter(external_id=person).first()
            if client is None:
                raise CommandError(f"unknown person {person!r}")
        written = bundle_export(target=path, location=branch, person=client)
        for name, rows in written.items():
            self.stdout.write(f"{name}: {rows} rows")
