"""Hypothesis: exported bundles import back identically; corrupted bundles never crash the import.

Each example runs in a transaction that is rolled back, so examples start from an
empty database without a new test per example.
"""

import csv
import io
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from koers.exchange.bundle import Problem
from koers.exchange.files import SPEC_BY_NAME
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.conftest import examples
from tests.exchange.bundles import SMALL, database_state, empty_database, same_bundles, write_files

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GENERATED = ["locations.csv", "people.csv", "staff.csv", "contacts.csv"]
ROLES = ["legal", "social", "interpreter", "language_coach", "admin"]
TOPICS = ["finance", "housing", "work", "health", "other"]
SIGNAL_TOPICS = ["housing", "debts", "other"]
# Free text as branches type it: accents, separators, quotes, line breaks.
characters = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    ',;"\n\r'
)
free_text = st.text(characters, max_size=12)
names = st.text(characters, min_size=1, max_size=12)
D = __import__("datetime").date
# Days that happened lie before today (core.dates): fixed past bounds, so no clock; a
# participation statement is signed by an adult (born by 2000, signed from 2019).
dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2025, 12, 31)).map(lambda d: d.isoformat())
optional_dates = st.none() | dates
births = st.dates(min_value=D(1950, 1, 1), max_value=D(2000, 12, 31)).map(lambda d: d.isoformat())
signatures = st.none() | st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 12, 31)).map(
    lambda d: d.isoformat()
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@st.composite
def bundles(draw) -> dict[str, str]:
    """A valid bundle of random records, its rows sorted by id as an export writes them."""
    locations = draw(st.lists(names, min_size=1, max_size=2))
    location_ids = [f"l{i}" for i in range(len(locations))]
    files = {name: [SPEC_BY_NAME[name].base_header] for name in GENERATED}
    for ident, name in zip(location_ids, locations, strict=True):
        files["locations.csv"].append([ident, name, draw(names), draw(free_text)])
    for n in range(draw(st.integers(0, 4))):
        location = draw(st.sampled_from(location_ids))
        files["people.csv"].append(
            [
                f"p{n}",
                location,
                draw(names),
                draw(names),
                draw(births),
                draw(st.sampled_from("FMX")),
                draw(st.sampled_from(["SYR", "ERI", "XXA"])),
                draw(st.sampled_from(["", f"01234567{n:02d}"])),  # one person, one V-number
                f"h{location}{draw(st.integers(0, 1))}",
                draw(st.sampled_from(["regular", "resettlement"])),
                draw(optional_dates) or "",
                draw(st.sampled_from(["", "true", "false"])),
                draw(signatures) or "",
            ]
        )
    for n in range(draw(st.integers(0, 3))):
        roles = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True))
        languages = draw(st.lists(st.sampled_from(["ar", "ti", "fa"]), max_size=2, unique=True))
        hours = draw(st.none() | st.decimals(0, 99, places=2))
        files["staff.csv"].append(
            [
                f"s{n}",
                draw(st.sampled_from(location_ids)),
                draw(names),
                draw(names),
                "paid",
                ";".join(roles),
                ";".join(languages),
                "2015-01-01",
                draw(st.sampled_from(["", "2016-02-29"])),
                "",
                "",
                "" if hours is None else format(hours.normalize(), "f"),
            ]
        )
    for n in range(draw(st.integers(0, 3))):
        topics = draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))
        files["contacts.csv"].append(
            [
                f"c{n}",
                draw(st.sampled_from(location_ids)),
                draw(dates),
                "walk_in",
                "",
                draw(free_text),
                ";".join(topics),
                "",
                "",
                draw(free_text),
            ]
        )
    signals = [
        [
            f"sig{n}",
            draw(st.sampled_from(location_ids)),
            draw(st.sampled_from(SIGNAL_TOPICS)),
            draw(names),
            noticed,
            draw(st.sampled_from(["", noticed])),
        ]
        for n, noticed in enumerate(draw(st.lists(dates, max_size=2)))
    ]
    if signals:  # a Koers file: in an export only when it has rows
        files["signals.csv"] = [SPEC_BY_NAME["signals.csv"].header, *signals]
    return {name: csv_text(rows) for name, rows in files.items()}


@pytest.mark.slow
@EXAMPLES
@given(bundle=bundles())
def test_a_generated_bundle_exports_imports_and_exports_again_identically(bundle):
    assert_round_trip(bundle)


def assert_round_trip(bundle: dict[str, str]) -> None:
    """A valid bundle imports, exports as it was, and exports the same from an empty database."""
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        first = bundle_import(by=IMPORT, source=write_files(root / "in", bundle))
        assert first.ok, first.problems
        bundle_export(target=root / "a")
        for name, text in bundle.items():
            assert (root / "a" / name).read_bytes().decode() == text
        assert bundle_import(by=IMPORT, source=root / "a").updated == 0
        empty_database()
        assert bundle_import(by=IMPORT, source=root / "a").ok
        bundle_export(target=root / "b")
        assert same_bundles(root / "a", root / "b")


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


CELLS = ("", "p1", "x1", "g1", "2017-04-03", "true", "s1;s1")


@st.composite
def corrupted(draw, base: dict | None = None, edited=None, cells=CELLS) -> dict[str, bytes]:
    """A bundle (``base``, else SMALL) with one to three random edits of its files (those
    ``edited``, else all): cells (random text or one of ``cells``), rows, columns, bytes."""
    files = {
        name: csv_text(rows_of(("\r\n".join(lines) + "\r\n").encode()))
        for name, lines in (base or SMALL).items()
    }
    files = {name: text.encode() for name, text in files.items()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(edited or files)))
        kind = draw(st.sampled_from(["cell", "drop", "duplicate", "bytes", "column"]))
        if kind == "bytes":
            data = files[name]
            at = draw(st.integers(0, len(data)))
            files[name] = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
            continue
        try:
            rows = rows_of(files[name])
        except UnicodeDecodeError:
            continue
        row = draw(st.integers(0, len(rows) - 1))
        if kind == "cell" and rows[row]:
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(free_text | st.sampled_from(cells))
        elif kind == "drop" and row > 0:
            del rows[row]
        elif kind == "duplicate" and row > 0:
            rows.insert(row, list(rows[row]))
        elif kind == "column" and rows[0]:
            column = draw(st.integers(0, len(rows[0]) - 1))
            rows = [r[:column] + r[column + 1 :] for r in rows]
        files[name] = csv_text(rows).encode()
    return files


@pytest.mark.slow
@EXAMPLES
@given(files=corrupted())
def test_a_corrupted_bundle_is_refused_with_located_messages_or_imported_consistently(files):
    assert_refused_or_consistent(files)


def assert_refused_or_consistent(files: dict[str, bytes]) -> None:
    """Refused with every problem located and nothing written, or imported so that its export
    imports back without a change."""
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        before = database_state()
        result = bundle_import(by=IMPORT, source=write_files(root / "in", files))
        event("imported" if result.ok else "refused")
        if result.ok:
            bundle_export(target=root / "out")
            again = bundle_import(by=IMPORT, source=root / "out")
            assert (again.created, again.updated) == (0, 0)
        else:
            assert database_state() == before
            for problem in result.problems:
                assert_located(problem, files)


def assert_located(problem: Problem, files: dict[str, bytes]) -> None:
    assert problem.file in files, problem
    # lines as the importer's CSV reader counts them: a lone CR ends a line too
    text = files[problem.file].decode("utf-8", errors="replace")
    physical_lines = len(list(io.StringIO(text, newline=""))) + 1
    assert 1 <= problem.line <= physical_lines, problem
    assert problem.column and problem.message, problem
