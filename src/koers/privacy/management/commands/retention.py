"""``koers retention``: anonymise the clients whose retention term has passed (run daily).

``--dry-run`` lists who is due and changes nothing. The listing names clients by
external id and branch only: this output lands in cron mail and the system journal,
where names do not belong; the id leads to the file for whoever may open it.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from koers.core.arguments import iso_date
from koers.core.dates import years_before
from koers.core.models import Location
from koers.people.models import Person
from koers.privacy.services import retention_run
from koers.privacy.terms import due_for_retention, due_on, retention_years


class Command(BaseCommand):
    help = (
        "Anonymise every client whose last involvement lies the retention term "
        "(KOERS_RETENTION_YEARS) back and whom nothing keeps; --dry-run lists them first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list who is due; change nothing"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--location", help="only this location (its external id)")
        parser.add_argument(
            "--on", type=iso_date, help="with --dry-run: who is due on this day (default today)"
        )

    def handle(self, *args, dry_run=False, format="table", location=None, on=None, **options):
        today = timezone.localdate()
        if on is not None and not dry_run and on != today:
            raise CommandError("--on only goes with --dry-run: a real run anonymises as of today")
        on = on or today
        people = Person.objects.all()
        if location:
            branch = Location.objects.filter(external_id=location).first()
            if branch is None:
                raise CommandError(f"--location: no location with id {location!r}")
            people = people.filter(location=branch)
        if dry_run:
            self.list_due(due_for_retention(today=on, people=people), on=on, fmt=format)
            return
        result = retention_run(today=on, people=people)
        summary = {"on": on.isoformat(), "batches": result.batches, **dict(result.counts)}
        if format == "json":
            self.stdout.write(json.dumps(summary, indent=2, sort_keys=True))
            return
        self.stdout.write(
            f"retention {on.isoformat()}: {result.counts['people']} client(s) anonymised"
        )
        for kind, count in sorted(result.counts.items()):
            if kind != "people":
                self.stdout.write(f"  {kind}: {count}")

    def list_due(self, due, *, on: datetime.date, fmt: str) -> None:
        years = retention_years()
        rows = [
            {
                "person": person.external_id,
                "location": person.location.external_id,
                "last_involvement": person.last_involvement.isoformat(),
                "due_since": due_on(person.last_involvement).isoformat(),
            }
            for person in due
        ]
        if fmt == "json":
            self.stdout.write(
                json.dumps({"on": on.isoformat(), "years": years, "due": rows}, indent=2)
            )
            return
        self.stdout.write(
            f"due on {on.isoformat()} (term {years} years, cut-off {years_before(on, years)}):"
        )
        header = ("person", "location", "last_involvement", "due_since")
        widths = [max([len(h)] + [len(row[h]) for row in rows]) for h in header]
        for line in [dict(zip(header, header, strict=True)), *rows]:
            self.stdout.write(
                "  ".join(line[h].ljust(w) for h, w in zip(header, widths, strict=True))
            )
        self.stdout.write(f"{len(rows)} client(s) due; nothing changed (dry run)")
