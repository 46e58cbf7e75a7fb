"""Hypothesis: generated partners and activities export, import and export again identically;
a corrupted cooperation bundle is refused with located messages, or imported consistently."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from koers.cooperation.models import OUTREACH_KINDS, ActivityKind, PartnerKind
from koers.exchange.files import SPEC_BY_NAME
from koers.exchange.services import bundle_export, bundle_import
from tests.cooperation.bundles import with_cooperation
from tests.exchange.bundles import database_state, empty_database, same_bundles, write_files
from tests.exchange.test_properties import (
    EXAMPLES,
    assert_located,
    csv_text,
    dates,
    free_text,
    names,
    rolled_back,
    rows_of,
)

pytestmark = pytest.mark.django_db

KINDS = list(ActivityKind.values)
PARTNER_KINDS = list(PartnerKind.values)


@st.composite
def bundles(draw) -> dict[str, str]:
    """Locations with staff, partners and activities whose links stay within the location."""
    location_ids = [f"l{i}" for i in range(draw(st.integers(1, 2)))]
    files = {
        name: [SPEC_BY_NAME[name].base_header]
        for name in ("locations.csv", "staff.csv", "partners.csv", "activities.csv")
    }
    staff: dict[str, list[str]] = {ident: [] for ident in location_ids}
    partners: dict[str, list[str]] = {ident: [] for ident in location_ids}
    for ident in location_ids:
        files["locations.csv"].append([ident, draw(names), draw(names), draw(free_text)])
    for n in range(draw(st.integers(0, 3))):
        location = draw(st.sampled_from(location_ids))
        staff[location].append(f"s{n}")
        files["staff.csv"].append(
            [f"s{n}", location, draw(names), draw(names), "paid", "team_leader", "",
             "2015-01-01", "", "", "", ""]
        )  # fmt: skip
    for n in range(draw(st.integers(0, 4))):
        location = draw(st.sampled_from(location_ids))
        partners[location].append(f"pa{n}")
        files["partners.csv"].append(
            [f"pa{n}", location, draw(names), draw(st.sampled_from(PARTNER_KINDS))]
        )
    for n in range(draw(st.integers(0, 5))):
        location = draw(st.sampled_from(location_ids))
        kind = draw(st.sampled_from(KINDS))
        audience = draw(st.none() | st.integers(0, 10**6)) if kind in OUTREACH_KINDS else None
        files["activities.csv"].append(
            [
                f"ac{n}",
                location,
                draw(dates),
                kind,
                draw(names),
                ";".join(draw(st.permutations(partners[location]))[: draw(st.integers(0, 4))]),
                ";".join(draw(st.permutations(staff[location]))[: draw(st.integers(0, 3))]),
                "" if audience is None else str(audience),
            ]
        )
    return {
        name: csv_text(rows)
        for name, rows in files.items()
        if len(rows) > 1 or name in {"locations.csv", "staff.csv"}
    }


@pytest.mark.slow
@EXAMPLES
@given(bundle=bundles())
def test_generated_partners_and_activities_export_import_and_export_again_identically(bundle):
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        first = bundle_import(source=write_files(root / "in", bundle))
        assert first.ok, first.problems
        bundle_export(target=root / "a")
        for name, text in bundle.items():
            assert (root / "a" / name).read_bytes().decode() == text
        assert bundle_import(source=root / "a").updated == 0
        empty_database()
        assert bundle_import(source=root / "a").ok
        bundle_export(target=root / "b")
        assert same_bundles(root / "a", root / "b")


@st.composite
def corrupted(draw) -> dict[str, bytes]:
    """The small bundle with partners and activities, one to three cells or rows edited."""
    files = {
        name: csv_text(rows_of(("\r\n".join(lines) + "\r\n").encode())).encode()
        for name, lines in with_cooperation().items()
    }
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(["partners.csv", "activities.csv", "staff.csv"]))
        rows = rows_of(files[name])
        row = draw(st.integers(0, len(rows) - 1))
        kind = draw(st.sampled_from(["cell", "drop", "duplicate", "column"]))
        if kind == "cell":
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(
                free_text
                | st.sampled_from(
                    ["", "pa1", "pa3", "pa1;pa3", "s1;s2", "heuvelrug", "12", "-1",
                     "public_event", "network_meeting", "2017-02-30"]
                )
            )  # fmt: skip
        elif kind == "drop" and row > 0:
            del rows[row]
        elif kind == "duplicate" and row > 0:
            rows.insert(row, list(rows[row]))
        elif kind == "column":
            column = draw(st.integers(0, len(rows[0]) - 1))
            rows = [r[:column] + r[column + 1 :] for r in rows]
        files[name] = csv_text(rows).encode()
    return files


@pytest.mark.slow
@EXAMPLES
@given(files=corrupted())
def test_a_corrupted_cooperation_bundle_is_refused_with_located_messages_or_consistent(files):
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        before = database_state()
        result = bundle_import(source=write_files(root / "in", files))
        event("imported" if result.ok else "refused")
        if result.ok:
            bundle_export(target=root / "out")
            again = bundle_import(source=root / "out")
            assert (again.created, again.updated) == (0, 0)
        else:
            assert database_state() == before
            for problem in result.problems:
                assert_located(problem, files)
