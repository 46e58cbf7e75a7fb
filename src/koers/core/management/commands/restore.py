"""``koers restore FILE``: bring a backup back into an empty database."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.utils import timezone

from koers.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    requires_system_checks = []  # the checks open the database; a new one has no folder yet
    help = (
        "Zet een backup van koers backup terug in een lege database (en een lege "
        "documentenmap); weigert een database waar al iets in staat."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="BESTAND", type=Path, help="de backup (.tar.gz)")

    def handle(self, *args, archive: Path, **options):
        try:
            restored = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"De database is niet bereikbaar: {error}") from error
        manifest = restored.manifest
        made = timezone.localtime(datetime.datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            f"Backup van {made:%d-%m-%Y %H:%M} teruggezet: "
            f"{sum(manifest['tables'].values())} rijen in {len(manifest['tables'])} tabellen, "
            "alle controlesommen en aantallen kloppen."
        )
        if restored.pending_migrations:
            self.stdout.write(
                f"Deze Koers heeft {len(restored.pending_migrations)} nieuwere migraties: "
                "draai nu `koers migrate`."
            )
