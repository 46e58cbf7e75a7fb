"""``koers import PATH [--dry-run] [--user USERNAME]``: read a bundle into the database,
all or nothing.

The change log names who imported: the user given with ``--user``, else the system
actor ``import`` (no user; the change log's rows have source ``import``).
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from koers.core.actors import Actor
from koers.exchange.services import IMPORT, BundleError, bundle_import

PROGRESS_FROM = 10_000  # a line per this many rows written, in files at least this large


class Command(BaseCommand):
    help = "Importeer een bundel (map of .zip) in het uitwisselformaat."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a bundle folder or a .zip of one")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the bundle, write nothing"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=f"the active user the change log names (default: the system actor {IMPORT})",
        )

    def handle(self, *args, path: str, dry_run: bool, user: str | None, **options):
        started = time.monotonic()
        by: Actor = IMPORT
        if user is not None:
            person = get_user_model().objects.filter(username=user, is_active=True).first()
            if person is None:
                raise CommandError(f"no active user {user!r}")
            by = person
        try:
            result = bundle_import(source=path, by=by, dry_run=dry_run, progress=self.progress)
        except BundleError as error:
            raise CommandError(str(error)) from None
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.problems)} problem(s) in {path}; nothing was imported",
                returncode=1,
            )
        seconds = time.monotonic() - started
        for notice in result.notices:
            self.stdout.write(str(notice))
        verb = "would create" if dry_run else "created"
        for name, counts in result.files.items():
            self.stdout.write(
                f"{name}: {counts.created} {verb}, {counts.updated} "
                f"{'would update' if dry_run else 'updated'}, {counts.unchanged} unchanged"
            )
        self.stdout.write(
            f"{result.rows} rows in {seconds:.1f} s" + (" (dry run)" if dry_run else "")
        )

    def progress(self, name: str, done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % PROGRESS_FROM == 0 or done == total):
            self.stderr.write(f"{name}: {done}/{total} rows written")
