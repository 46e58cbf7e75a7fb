"""The exchange services: import a bundle (all or nothing) and export one.

Used by ``koers import`` / ``koers export`` and by any future upload page.
"""

import datetime
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, transaction

from koers.core.actors import Actor, user_of
from koers.core.models import Location
from koers.exchange import bulk
from koers.exchange.bundle import BundleError, Limits, Problem, read_bundle
from koers.exchange.export import write_bundle
from koers.exchange.household import household_records
from koers.exchange.models import IMPORT, ImportRun
from koers.exchange.validation import Plan
from koers.exchange.writing import FileCounts, Progress, Writer
from koers.people.models import Person

__all__ = ["IMPORT", "BundleError", "ImportResult", "bundle_export", "bundle_import"]


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do), or why it wrote nothing."""

    problems: list[Problem] = field(default_factory=list)
    files: dict[str, FileCounts] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)  # left out on purpose, not errors
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
    by: Actor,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and (unless ``dry_run`` or a problem is found) write a bundle atomically.

    ``by``: the user the change log names, or the system actor :data:`IMPORT`.
    Raises :class:`BundleError` when ``source`` is not a folder or zip, or expands beyond
    the limits (``KOERS_IMPORT_MAX_MB``, ``KOERS_IMPORT_MAX_RATIO``); every other problem
    (a file over ``KOERS_IMPORT_MAX_ROWS`` rows included) is returned, located, in
    ``ImportResult.problems``, with nothing written.
    """
    limits = Limits.from_settings()
    files = read_bundle(source, limits)
    try:
        with bulk.collector_paused(), transaction.atomic():
            plan = Plan(files, max_rows=limits.max_rows)
            if plan.problems:
                return ImportResult(problems=plan.problems, dry_run=dry_run)
            writer = Writer(plan, by=by, dry_run=dry_run, progress=progress)
            result = ImportResult(files=writer.write(), dry_run=dry_run, notices=plan.notices)
            if not dry_run and (result.created or result.updated):
                _record_run(result, at=writer.at, by=by, source=source)
    except DatabaseError as error:  # a rule the checks missed: still located, never a traceback
        return ImportResult(problems=[Problem("-", 0, "-", f"the database refused: {error}")])
    return result


def _record_run(
    result: ImportResult, *, at: datetime.datetime, by: Actor, source: str | Path | BinaryIO
) -> ImportRun:
    user = user_of(by)
    return ImportRun.objects.create(
        at=at,
        user=user,
        actor=user.get_username() if user else IMPORT.name,
        source=source_name(source)[-500:],
        created=result.created,
        updated=result.updated,
        unchanged=result.rows - result.created - result.updated,
        files={name: asdict(counts) for name, counts in result.files.items()},
    )


def source_name(source: str | Path | BinaryIO) -> str:
    """How an import names its bundle: the path given, or an upload's file name."""
    if isinstance(source, str | Path):
        return str(source)
    return str(getattr(source, "name", "") or "upload")


def bundle_export(
    *, target: str | Path, location: Location | None = None, person: Person | None = None
) -> dict[str, int]:
    """Write every record (or one location's, or exactly ``person``'s household with what
    its records refer to: ``exchange.household``) as a bundle folder; rows per file."""
    only = household_records(person) if person is not None else None
    return write_bundle(Path(target), location=location, only=only)
