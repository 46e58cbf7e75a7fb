"""``koers deadlines``: the open terms of a branch on a day, or the daily digest e-mails."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from koers.core.actors import CLI
from koers.core.arguments import iso_date
from koers.core.models import Location
from koers.deadlines.digest import digest_send
from koers.deadlines.selectors import open_items


class Command(BaseCommand):
    help = (
        "Print the open deadline items of a location on a day (--location ID --on DATE), "
        "or send each user the digest of their worklist (--digest)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--location", help="the location's external id")
        parser.add_argument("--on", type=iso_date, help="the day (YYYY-MM-DD); default today")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument(
            "--digest", action="store_true", help="e-mail each user their items due soon"
        )

    def handle(self, *args, location=None, on=None, format="table", digest=False, **options):
        on = on or timezone.localdate()
        if digest:
            if location:
                raise CommandError("--digest covers every location; leave out --location")
            sent, had = digest_send(on=on)
            self.stdout.write(
                f"{sent} e-mail(s) sent for {on.isoformat()}"
                + (f" ({had} user(s) had theirs already)" if had else "")
            )
            return
        if not location:
            raise CommandError("--location is required (or use --digest)")
        branch = Location.objects.filter(external_id=location).first()
        if branch is None:
            raise CommandError(f"--location: no location with id {location!r}")
        items = open_items(on=on, locations=[branch], user=CLI)
        if format == "json":
            self.stdout.write(json.dumps([item.as_json() for item in items], indent=2))
            return
        self.stdout.write(self.table(items))

    @staticmethod
    def table(items) -> str:
        header = ("due_on", "status", "rule", "person_id", "record_id")
        rows = [
            (item.due_on.isoformat(), item.status, item.rule, item.person_id, item.record_id)
            for item in items
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *rows]
        )
