"""Backups while Koers runs, and restoring one into an empty database.

A backup is one ``.tar.gz`` file in the backup folder:

- ``manifest.json``: when, which database (kind and server), the applied migrations and
  the rows of every table *in the copied snapshot*, and a SHA-256 for every other member;
- ``database.sqlite3`` (SQLite's online backup API: one step, so one read transaction and
  one consistent snapshot, while others keep writing in WAL mode) or ``database.pgdump``
  (``pg_dump`` custom format under an exported REPEATABLE READ snapshot, the same snapshot
  the manifest's migrations and row counts are read from);
- ``documents/…``: the documents folder (``MEDIA_ROOT``, else ``KOERS_DATA_DIR/documents``)
  when there is one.

The archive is written under a hidden ``.part`` name and renamed when complete, so a
crashed backup never counts as one; then all but the newest ``keep`` backups are removed.
A restore checks every checksum and that the code knows every migration of the backup
before it writes anything, and refuses a database that has any table or a documents
folder with files in it.
"""

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
NAME = re.compile(r"^koers-backup-\d{8}T\d{6}\.\d{6}Z\.tar\.gz$")
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
DOCUMENTS = "documents"
DEFAULT_KEEP = 14
# Django's own OPTIONS for PostgreSQL, not libpq connection keywords.
DJANGO_PG_OPTIONS = {"isolation_level", "pool", "server_side_binding", "assume_role", "context"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Dutch."""


@dataclass(frozen=True)
class Restored:
    manifest: dict
    pending_migrations: list[str]  # known to this code, not in the backup: `koers migrate`


def database_kind(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups kennen alleen SQLite en PostgreSQL, niet {vendor}.")
    return vendor


def documents_dir() -> Path:
    """Where uploaded documents live: ``MEDIA_ROOT`` if set, else ``KOERS_DATA_DIR/documents``."""
    return Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else settings.DATA_DIR / DOCUMENTS


def backup_name(at: datetime.datetime) -> str:
    return f"koers-backup-{at.astimezone(datetime.UTC):%Y%m%dT%H%M%S.%fZ}.tar.gz"


def backups_in(directory: Path) -> list[Path]:
    """The backups in ``directory``, oldest first (their names sort by time)."""
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if NAME.match(path.name))


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of ``directory``; the removed ones."""
    if keep < 1:
        raise BackupError("Bewaar minstens één backup (--keep 1 of meer).")
    removed = backups_in(directory)[:-keep]
    for path in removed:
        path.unlink()
    return removed


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def koers_version() -> str:
    try:
        return importlib.metadata.version("koers")
    except importlib.metadata.PackageNotFoundError:
        return "onbekend"


# --- PostgreSQL ---------------------------------------------------------------------------


def pg_params(settings_dict: dict) -> dict[str, str]:
    """libpq keywords for a Django PostgreSQL database (the password apart, see pg_env)."""
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER"),
        "host": settings_dict.get("HOST"),
        "port": str(settings_dict.get("PORT") or ""),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key not in DJANGO_PG_OPTIONS:
            params[key] = str(value)
    return {key: value for key, value in params.items() if value}


def pg_env(settings_dict: dict) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the password never on a command line."""
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def pg_conninfo(settings_dict: dict) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(**pg_params(settings_dict))


def pg_tool(name: str, server_major: int | None = None) -> str:
    """``pg_dump``/``pg_restore``: from ``KOERS_PG_BIN``, Debian's folder for the server's
    version, the PATH, or Debian's newest, in that order."""
    candidates = []
    if os.environ.get("KOERS_PG_BIN"):
        candidates.append(Path(os.environ["KOERS_PG_BIN"]) / name)
    if server_major:
        candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" / name for p in sorted(versions, key=lambda p: -int(p.name))]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} niet gevonden: installeer de PostgreSQL-clientprogramma's of zet "
        "KOERS_PG_BIN op de map waar ze staan."
    )


def run_tool(arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(arguments[0]).name
        raise BackupError(f"{tool} mislukte: {result.stderr.strip() or result.returncode}")


def snapshot_facts(cursor, tables: list[str]) -> dict:
    """Applied migrations and rows per table, read in the snapshot being copied."""
    migrations: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    facts: dict = {"migrations": migrations, "tables": counts}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  (names from the catalogue)
        counts[table] = first_value(cursor.fetchone())
    return facts


def first_value(row: tuple | None):
    """The first column of a row that a query always returns."""
    if row is None:
        raise BackupError("De database gaf geen antwoord op een telling.")
    return row[0]


def pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def pg_backup(settings_dict: dict, target: Path) -> dict:
    """``pg_dump -Fc`` of one snapshot; that snapshot's facts and server version."""
    import psycopg

    with psycopg.connect(
        pg_conninfo(settings_dict), password=settings_dict.get("PASSWORD") or None
    ) as snapshot:
        snapshot.autocommit = True
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = first_value(snapshot.execute("SELECT pg_export_snapshot()").fetchone())
        major = snapshot.info.server_version // 10000
        dump = pg_tool("pg_dump", major)
        run_tool(
            [
                dump,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                f"--dbname={pg_conninfo(settings_dict)}",
            ],
            pg_env(settings_dict),
        )
        cursor = snapshot.cursor()
        facts = snapshot_facts(cursor, pg_tables(cursor))
        facts["server"] = first_value(snapshot.execute("SHOW server_version").fetchone())
        snapshot.execute("COMMIT")
    return facts


def pg_restore(settings_dict: dict, dump: Path) -> None:
    import psycopg

    with psycopg.connect(
        pg_conninfo(settings_dict), password=settings_dict.get("PASSWORD") or None
    ) as probe:
        major = probe.info.server_version // 10000
    run_tool(
        [
            pg_tool("pg_restore", major),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={pg_conninfo(settings_dict)}",
            str(dump),
        ],
        pg_env(settings_dict),
    )


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def sqlite_path(settings_dict: dict) -> Path:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("Een SQLite-database in het geheugen heeft geen backup nodig.")
    return Path(name)


def sqlite_backup(settings_dict: dict, target: Path) -> dict:
    """SQLite's online backup in one step: a consistent copy while others write."""
    source_path = sqlite_path(settings_dict)
    if not source_path.exists():
        raise BackupError(f"Geen SQLite-database gevonden op {source_path}.")
    source = sqlite3.connect(source_path, timeout=30)  # read only; a WAL database needs its -shm
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: everything in one step, one read transaction
        cursor = copy.cursor()
        facts = snapshot_facts(cursor, sqlite_tables(cursor))
        facts["server"] = f"SQLite {sqlite3.sqlite_version}"
    finally:
        copy.close()
        source.close()
    return facts


def sqlite_restore(settings_dict: dict, copy_path: Path) -> None:
    target_path = sqlite_path(settings_dict)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(copy_path)
    target = sqlite3.connect(target_path)
    try:
        copy.backup(target)
    finally:
        target.close()
        copy.close()


# --- Backup ---------------------------------------------------------------------------------


def backup_create(
    *, directory: Path, keep: int = DEFAULT_KEEP, using: str = "default"
) -> tuple[Path, dict]:
    """Write a backup of the database and the documents into ``directory``, then keep the
    newest ``keep``; the backup's path and its manifest."""
    if keep < 1:
        raise BackupError("Bewaar minstens één backup (--keep 1 of meer).")
    kind = database_kind(using)
    settings_dict = connections[using].settings_dict
    directory.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    final = directory / backup_name(started)
    part = directory / f".{final.name}.part"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".koers-backup-") as work:
        database_file = Path(work) / (SQLITE_FILE if kind == "sqlite" else PG_FILE)
        if kind == "sqlite":
            facts = sqlite_backup(settings_dict, database_file)
        else:
            facts = pg_backup(settings_dict, database_file)
        members = {database_file.name: database_file}
        documents = documents_dir()
        if documents.is_dir():
            for path in sorted(documents.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    members[f"{DOCUMENTS}/{path.relative_to(documents).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "koers_version": koers_version(),
            "database": {"kind": kind, "server": facts["server"], "file": database_file.name},
            "migrations": facts["migrations"],
            "tables": facts["tables"],
            "files": {
                name: {"sha256": sha256_of(path), "bytes": path.stat().st_size}
                for name, path in members.items()
            },
        }
        try:
            with tarfile.open(part, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(started.timestamp())
                archive.addfile(info, io.BytesIO(data))
                for name, path in members.items():
                    archive.add(path, arcname=name, recursive=False)
            with part.open("rb") as stream:
                os.fsync(stream.fileno())
            part.replace(final)
        finally:
            part.unlink(missing_ok=True)
    backups_prune(directory=directory, keep=keep)
    return final, manifest


# --- Restore --------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise KeyError(MANIFEST)
        manifest = json.load(member)
    except (KeyError, ValueError) as error:
        raise BackupError(
            "Dit is geen Koers-backup: manifest.json ontbreekt of is onleesbaar."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Onbekend backupformaat {manifest.get('format')!r}.")
    return manifest


def extract_checked(archive: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Extract every member the manifest lists and check its checksum; nothing else."""
    listed = manifest["files"]
    names = {member.name for member in archive.getmembers()} - {MANIFEST}
    if names != set(listed):
        raise BackupError("De backup is beschadigd: andere bestanden dan het manifest noemt.")
    archive.extractall(work, members=[archive.getmember(n) for n in listed], filter="data")
    for name, expected in listed.items():
        path = work / name
        if path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"De backup is beschadigd: de controlesom van {name} klopt niet.")


def unknown_migrations(manifest: dict) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]


def pending_migrations(manifest: dict) -> list[str]:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    return sorted(f"{app}.{name}" for app, name in known if (app, name) not in applied)


def tables_of(kind: str, cursor) -> list[str]:
    return sqlite_tables(cursor) if kind == "sqlite" else pg_tables(cursor)


def refuse_unless_empty(kind: str, using: str) -> None:
    if kind == "sqlite":
        sqlite_path(connections[using].settings_dict).parent.mkdir(parents=True, exist_ok=True)
    with connections[using].cursor() as cursor:
        tables = tables_of(kind, cursor)
    if tables:
        shown = ", ".join(sorted(tables)[:3])
        raise BackupError(
            f"De database is niet leeg: er staan {len(tables)} tabellen in (o.a. {shown}). "
            "Een backup wordt alleen in een lege database teruggezet, zodat er niets "
            "overschreven of vermengd wordt. Maak een nieuwe, lege database (PostgreSQL: "
            "createdb; SQLite: een nieuw KOERS_DATA_DIR) en wijs Koers daarnaar."
        )
    documents = documents_dir()
    if documents.is_dir() and any(path.is_file() for path in documents.rglob("*")):
        raise BackupError(
            f"De documentenmap {documents} is niet leeg: de documenten van de backup worden "
            "alleen in een lege map teruggezet."
        )


def open_backup(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"Backupbestand niet gevonden: {path}")
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"{path} is geen leesbare backup (geen .tar.gz van koers backup)."
        ) from error


def backup_restore(*, archive_path: Path, using: str = "default") -> Restored:
    """Bring a backup back into the (empty) database and documents folder of ``using``."""
    kind = database_kind(using)
    settings_dict = connections[using].settings_dict
    with (
        open_backup(archive_path) as archive,
        tempfile.TemporaryDirectory(prefix="koers-restore-") as work,
    ):
        manifest = read_manifest(archive)
        made_from = manifest["database"]["kind"]
        if made_from != kind:
            raise BackupError(
                f"Deze backup is van een {made_from}-database en de ingestelde database is "
                f"{kind}. Zet gegevens tussen databasesoorten over met koers export en "
                "koers import."
            )
        newer = unknown_migrations(manifest)
        if newer:
            raise BackupError(
                "Deze backup is gemaakt met een nieuwere Koers (onbekende migraties: "
                f"{', '.join(newer[:3])}). Installeer die versie en herstel dan."
            )
        refuse_unless_empty(kind, using)
        extract_checked(archive, manifest, Path(work))
        connections[using].close()
        database_file = Path(work) / manifest["database"]["file"]
        if kind == "sqlite":
            sqlite_restore(settings_dict, database_file)
        else:
            pg_restore(settings_dict, database_file)
        verify_restored(manifest, kind, using)
        source = Path(work) / DOCUMENTS
        if source.is_dir():
            shutil.copytree(source, documents_dir(), dirs_exist_ok=True)
    return Restored(manifest=manifest, pending_migrations=pending_migrations(manifest))


def verify_restored(manifest: dict, kind: str, using: str) -> None:
    """The restored database has the snapshot's tables, rows and migrations."""
    with connections[using].cursor() as cursor:
        facts = snapshot_facts(cursor, tables_of(kind, cursor))
    if facts["tables"] != manifest["tables"] or facts["migrations"] != manifest["migrations"]:
        differ = sorted(
            table
            for table in set(facts["tables"]) | set(manifest["tables"])
            if facts["tables"].get(table) != manifest["tables"].get(table)
        )
        raise BackupError(
            "Na het terugzetten klopt de database niet met het manifest "
            f"(tabellen: {', '.join(differ[:5]) or 'migraties'})."
        )
