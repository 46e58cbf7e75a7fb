"""``koers backup DIR``: a consistent copy of the database and documents while Koers runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from koers.core.backup import DEFAULT_KEEP, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Maak een backup van de database (en de documentenmap) terwijl Koers draait, als "
        "één bestand in MAP; bewaar de nieuwste --keep backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="MAP", type=Path, help="map voor de backups")
        parser.add_argument(
            "--keep",
            type=int,
            default=DEFAULT_KEEP,
            metavar="N",
            help=f"hoeveel backups bewaard blijven, de nieuwste (standaard {DEFAULT_KEEP})",
        )

    def handle(self, *args, directory: Path, keep: int, **options):
        try:
            path, manifest = backup_create(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"De database is niet bereikbaar: {error}") from error
        rows = sum(manifest["tables"].values())
        documents = sum(1 for name in manifest["files"] if name.startswith("documents/"))
        self.stdout.write(
            f"Backup gemaakt: {path} ({manifest['database']['kind']}, {rows} rijen in "
            f"{len(manifest['tables'])} tabellen, {documents} documenten)."
        )
