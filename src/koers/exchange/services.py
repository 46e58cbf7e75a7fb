"""The exchange services: import a bundle (all or nothing) and export one.

Used by ``koers import`` / ``koers export`` and by any future upload page.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, transaction

from koers.core.models import Location
from koers.exchange.bundle import BundleError, Problem, read_bundle
from koers.exchange.export import write_bundle
from koers.exchange.validation import Plan
from koers.exchange.writing import FileCounts, Progress, Writer

__all__ = ["BundleError", "ImportResult", "bundle_export", "bundle_import"]


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do), or why it wrote nothing."""

    problems: list[Problem] = field(default_factory=list)
    files: dict[str, FileCounts] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.files.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.files.values())

    @property
    def rows(self) -> int:
        return sum(counts.rows for counts in self.files.values())


def bundle_import(
    *,
    source: str | Path | BinaryIO,
    by=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and (unless ``dry_run`` or a problem is found) write a bundle atomically.

    Raises :class:`BundleError` when ``source`` is not a folder or zip; every other
    problem is returned, located, in ``ImportResult.problems``, with nothing written.
    """
    files = read_bundle(source)
    try:
        with transaction.atomic():
            plan = Plan(files)
            if plan.problems:
                return ImportResult(problems=plan.problems, dry_run=dry_run)
            counts = Writer(plan, by=by, dry_run=dry_run, progress=progress).write()
    except DatabaseError as error:  # a rule the checks missed: still located, never a traceback
        return ImportResult(problems=[Problem("-", 0, "-", f"the database refused: {error}")])
    return ImportResult(files=counts, dry_run=dry_run)


def bundle_export(*, target: str | Path, location: Location | None = None) -> dict[str, int]:
    """Write every record (or one location's) as a bundle folder; rows written per file."""
    return write_bundle(Path(target), location=location)
