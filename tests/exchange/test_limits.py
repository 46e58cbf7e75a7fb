"""An import refuses what it cannot hold: zip bombs, lying zips, too many rows, in bounded memory.

The bombs here are small (tens of MB expanded, kilobytes zipped) and the limits are
lowered to match; ``docs/security.md`` has the same refusal measured by hand on a
zip that expands to a gigabyte with the default limits.
"""

import os
import struct
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from koers.exchange.bundle import MAX_ENTRIES, MB, BundleError, Limits, read_bundle
from koers.exchange.models import IMPORT
from koers.exchange.services import bundle_import
from tests.exchange.bundles import SMALL, database_state, import_files, write_files

pytestmark = pytest.mark.django_db

ROW = b"a1,x1,p1,true\r\n"


def bomb(path: Path, *, expands_to: int, name: str = "attendance.csv") -> Path:
    """A zip whose one CSV file expands ``expands_to`` bytes from a few kilobytes."""
    rows = ROW * (MB // len(ROW))
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        member.write(b"id,session_id,person_id,present\r\n")
        for _ in range(expands_to // len(rows)):
            member.write(rows)
    return path


def peak_memory(call) -> tuple[int, object]:
    """The peak of memory Python allocated during ``call()`` (bytes), and what it raised."""
    tracemalloc.start()
    try:
        call()
    except BundleError as error:
        raised = error
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, raised


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_expanded(tmp_path, settings):
    settings.KOERS_IMPORT_MAX_MB = 5
    archive = bomb(tmp_path / "bomb.zip", expands_to=40 * MB)
    assert archive.stat().st_size < MB // 4
    before = database_state()
    peak, refused = peak_memory(lambda: bundle_import(source=archive, by=IMPORT))
    assert "bomb.zip: the CSV files expand to 40.0 MB in all (attendance.csv 40.0 MB)" in str(
        refused
    )
    assert "more than the limit of 5.0 MB (KOERS_IMPORT_MAX_MB)" in str(refused)
    assert peak < MB  # nothing of the 40 MB was expanded
    assert database_state() == before


def test_a_file_that_expands_too_many_times_is_refused_under_the_total_limit(tmp_path, settings):
    settings.KOERS_IMPORT_MAX_MB = 500
    settings.KOERS_IMPORT_MAX_RATIO = 100
    archive = bomb(tmp_path / "bomb.zip", expands_to=20 * MB)
    peak, refused = peak_memory(lambda: bundle_import(source=archive, by=IMPORT))
    assert "bomb.zip: attendance.csv expands" in str(refused)
    assert "more than the limit of 100 (KOERS_IMPORT_MAX_RATIO)" in str(refused)
    assert peak < MB


def lie_about_size(archive: Path, stated: int) -> None:
    """Write ``stated`` as the uncompressed size in the zip's local and central headers."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as reading:
        (info,) = reading.infolist()
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, stated)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, stated)
    archive.write_bytes(bytes(data))


def test_a_zip_whose_directory_understates_a_file_is_read_no_further_than_stated(tmp_path):
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as writing:
        writing.writestr("attendance.csv", b"id,session_id,person_id,present\r\n" + ROW * 2_000_000)
    lie_about_size(archive, 1000)  # 30 MB of rows said to be 1,000 bytes
    limits = Limits(max_bytes=2 * MB, max_ratio=100, max_rows=10)
    peak, refused = peak_memory(lambda: read_bundle(archive, limits))
    assert "liar.zip: not a readable .zip file (Bad CRC-32 for file 'attendance.csv')" in str(
        refused
    )
    assert peak < 4 * MB  # a chunk or two of the 30 MB


def test_a_folder_over_the_limit_is_refused_before_reading(tmp_path):
    folder = write_files(tmp_path / "bundle", {**SMALL, "attendance.csv": b"x" * (2 * MB)})
    with pytest.raises(BundleError, match=r"expand to 2\.0 MB in all \(attendance\.csv 2\.0 MB"):
        read_bundle(folder, Limits(max_bytes=MB, max_ratio=100, max_rows=10))


def test_a_zip_with_more_entries_than_a_bundle_has_files_is_refused_unlisted(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        for number in range(MAX_ENTRIES + 1):
            writing.writestr(f"f{number}.txt", b"")
    with pytest.raises(BundleError, match=r"the zip holds 1,001 entries"):
        read_bundle(archive, Limits())


def test_a_file_in_the_zip_twice_is_refused(tmp_path):
    archive = tmp_path / "twice.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        writing.writestr("bundle/people.csv", "id\r\n")
        with pytest.warns(UserWarning, match="Duplicate name"):
            writing.writestr("bundle/people.csv", "id\r\n")
    with pytest.raises(BundleError, match=r"people\.csv more than once in the zip"):
        read_bundle(archive, Limits())


def test_a_file_that_takes_the_bundle_past_the_row_limit_is_a_located_problem(tmp_path, settings):
    settings.KOERS_IMPORT_MAX_ROWS = 4  # locations.csv has two rows, quota_periods.csv two more
    before = database_state()
    result = import_files(tmp_path / "bundle", SMALL)
    assert [str(problem) for problem in result.problems][:1] == [
        "dwellings.csv:2: -: the bundle has more than 4 rows here, the limit "
        "(KOERS_IMPORT_MAX_ROWS); the file was not read further",
    ]
    assert database_state() == before


def test_a_single_file_over_the_row_limit_is_refused_at_its_first_row_too_many(tmp_path, settings):
    settings.KOERS_IMPORT_MAX_ROWS = 2
    result = import_files(tmp_path / "bundle", {"locations.csv": SMALL["locations.csv"] + [
        "extra,Afdeling Extra,Extra,Midden"]})  # fmt: skip
    assert [str(problem) for problem in result.problems] == [
        "locations.csv:4: -: the bundle has more than 2 rows here, the limit "
        "(KOERS_IMPORT_MAX_ROWS); the file was not read further",
    ]


def test_a_bundle_within_the_limits_still_imports(tmp_path, settings):
    settings.KOERS_IMPORT_MAX_ROWS = sum(len(lines) - 1 for lines in SMALL.values())
    settings.KOERS_IMPORT_MAX_MB = 1
    assert import_files(tmp_path / "bundle", SMALL).ok


# The child reports its peak resident memory as the kernel keeps it for its own address
# space (VmHWM): getrusage's maxrss would include the pytest process it was forked from.
CHILD = textwrap.dedent(
    """
    import atexit, sys
    def peak():
        status = open("/proc/self/status").read()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
        print(f"peak_kb={kb}", file=sys.stderr)
    atexit.register(peak)
    from koers.cli import main
    sys.argv = ["koers", "import", sys.argv[1]]
    main()
    """
)


def test_koers_import_of_a_zip_bomb_exits_non_zero_with_one_clear_line_and_little_memory(tmp_path):
    """The real command in its own process: exit code, message, peak memory (RSS)."""
    archive = bomb(tmp_path / "bomb.zip", expands_to=200 * MB)
    environment = {
        **os.environ,
        "DATABASE_URL": "",  # refused before any query: an empty SQLite will do
        "KOERS_DATA_DIR": str(tmp_path),
        "KOERS_IMPORT_MAX_MB": "20",
    }
    done = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", CHILD, str(archive)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "the CSV files expand to 200.0 MB in all" in done.stderr
    assert "nothing was read" in done.stderr
    peak_mb = int(done.stderr.rsplit("peak_kb=", 1)[1]) / 1024
    assert peak_mb < 150  # Django and its apps: about 75 MB; expanded, the bomb would add 200
