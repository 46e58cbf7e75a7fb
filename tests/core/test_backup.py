"""Backup and restore, drilled as an operator would: on the database the suite runs on
(SQLite in WAL mode, or PostgreSQL), ``koers backup`` while another process writes,
``koers restore`` into a new empty database, and then every table, every figure (each
location, each year) and the export bundle equal the live database at the backup's
moment; a restore into a database that is not empty is refused."""

import io
import json
import os
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

import koers
from koers.core.backup import BackupError, backups_in, backups_prune, extract_checked
from tests.conftest import ACCEPTANCE_BUNDLE

REPOSITORY = Path(__file__).resolve().parents[2]
SOURCE = Path(koers.__file__).resolve().parents[1]
DOCUMENTS = {
    "brieven/beschikking 2017.pdf": b"%PDF-1.4 \x00\xff\n",
    "paspoort.jpg": b"\xff\xd8\xff",
}


class Site:
    """One Koers installation: a database and a data folder, used through its commands."""

    def __init__(self, data_dir: Path, database_url: str):
        self.data_dir = data_dir
        data_dir.mkdir(parents=True)
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "KOERS_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "koers.settings",
            "PYTHONPATH": os.pathsep.join([str(SOURCE), str(REPOSITORY)]),
        }

    def run(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603  (our own interpreter and commands)
            [sys.executable, *arguments],
            env=self.env,
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{arguments}: {result.returncode}\n{result.stdout}{result.stderr}"
            )
        return result

    def koers(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("-m", "koers.cli", *arguments, check=check)

    def state(self, out: Path, *extra: str) -> dict:
        self.run("-m", "tests.core.drill", "state", str(out), *extra)
        return json.loads(out.read_text())


@pytest.fixture
def sites(tmp_path):
    """A live and an empty site on the suite's kind of database (new databases, dropped
    afterwards, on the suite's PostgreSQL server)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        yield Site(tmp_path / "live", ""), Site(tmp_path / "restored", "")
        return
    import psycopg

    names = [f"koers_drill_{uuid.uuid4().hex[:12]}_{role}" for role in ("live", "restored")]
    server = {
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    login = quote(database["USER"] or "")
    if database["PASSWORD"]:
        login += ":" + quote(database["PASSWORD"])
    address = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    try:
        yield tuple(
            Site(tmp_path / role, f"postgres://{login}@{address}/{name}")
            for role, name in zip(("live", "restored"), names, strict=True)
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def committed(progress: Path) -> int:
    """Units the writer has committed (it replaces the file atomically after each)."""
    return int(progress.read_text()) if progress.exists() else 0


def wait_for(condition, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the writer made no progress")
        time.sleep(0.05)


def test_backup_under_writes_restores_every_table_figure_and_export_of_its_moment(sites, tmp_path):
    live, restored = sites
    live.koers("migrate", "--noinput", "-v", "0")
    live.koers("import", str(ACCEPTANCE_BUNDLE))
    for name, content in DOCUMENTS.items():
        (live.data_dir / "documents" / name).parent.mkdir(parents=True, exist_ok=True)
        (live.data_dir / "documents" / name).write_bytes(content)

    stop, progress = tmp_path / "stop", tmp_path / "progress"
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.core.drill", "write", str(stop), str(progress)],
        env=live.env,
        cwd=REPOSITORY,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: committed(progress) >= 3)
        before = committed(progress)
        made = live.koers("backup", str(tmp_path / "backups"), "--keep", "3")
        during = committed(progress) - before
        wait_for(lambda: committed(progress) > before + during + 2)  # and writes after it
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors
    assert during > 0, "no write committed while the backup ran"
    assert "Backup gemaakt" in made.stdout

    (archive,) = backups_in(tmp_path / "backups")
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["database"]["kind"] == (
        "sqlite" if not live.env["DATABASE_URL"] else "postgresql"
    )
    assert "0001_initial" in manifest["migrations"]["people"]
    assert set(manifest["files"]) == {
        "database." + ("sqlite3" if manifest["database"]["kind"] == "sqlite" else "pgdump")
    } | {f"documents/{name}" for name in DOCUMENTS}

    restore = restored.koers("restore", str(archive))
    assert "teruggezet" in restore.stdout, restore.stderr
    after = restored.state(tmp_path / "restored.json")
    units = len(after["units"])
    assert after["units"] == [f"drill-{n:06d}" for n in range(1, units + 1)]  # a prefix
    assert after["incomplete"] == []  # no transaction torn in two
    assert before <= units < committed(progress)
    assert manifest["tables"]["contacts_contact"] == len(after["tables"]["contacts_contact"])

    expected = live.state(tmp_path / "live.json", "--keep-units", str(units))
    assert sorted(after["tables"]) == sorted(expected["tables"])
    for table, rows in expected["tables"].items():
        assert after["tables"][table] == rows, table
    assert after["figures"] == expected["figures"]
    assert any(figures.get("contacts.total") for figures in after["figures"].values())
    assert after["export"] == expected["export"]
    for name, content in DOCUMENTS.items():
        assert (restored.data_dir / "documents" / name).read_bytes() == content

    again = restored.koers("restore", str(archive), check=False)
    assert again.returncode != 0
    assert "De database is niet leeg" in again.stderr


def test_only_the_newest_backups_are_kept_and_other_files_left_alone(tmp_path):
    names = [f"koers-backup-2026120{day}T020000.000000Z.tar.gz" for day in range(1, 6)]
    for name in [*names, "notities.txt", "koers-backup-kopie.tar.gz"]:
        (tmp_path / name).write_text("x")
    removed = backups_prune(directory=tmp_path, keep=2)
    assert [path.name for path in removed] == names[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [*names[3:], "notities.txt", "koers-backup-kopie.tar.gz"]
    )
    with pytest.raises(BackupError):
        backups_prune(directory=tmp_path, keep=0)


def test_a_backup_whose_checksum_does_not_match_is_refused(tmp_path):
    archive_path = tmp_path / "koers-backup.tar.gz"
    with tarfile.open(archive_path, "w:gz") as archive:
        info = tarfile.TarInfo("database.sqlite3")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"data"))
    manifest = {"files": {"database.sqlite3": {"sha256": "0" * 64, "bytes": 4}}}
    with tarfile.open(archive_path) as archive, pytest.raises(BackupError, match="beschadigd"):
        extract_checked(archive, manifest, tmp_path / "out")
