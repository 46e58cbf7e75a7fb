"""Hypothesis: generated linkings and plans round-trip identically, and the 18 months of a
route switch are counted in calendar months from any PIP day (month ends, leap days).

Each example runs in a transaction that is rolled back (as ``tests/exchange``)."""

import calendar
import datetime
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.exchange.files import SPEC_BY_NAME
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.conftest import examples
from tests.exchange.bundles import empty_database, same_bundles, write_files
from tests.exchange.test_properties import EXAMPLES, csv_text, rolled_back
from tests.integration.bundles import WI2021, plans

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
ROUTES = ["b1", "education", "z"]
REASONS = ["housed_elsewhere", "withdrawn", "other"]
# Days that happened lie before today (core.dates): a fixed past bound, so no clock.
LAST = D(2026, 6, 30)
days = st.dates(min_value=D(2022, 1, 1), max_value=D(2024, 12, 31))


def eighteen_months_after(day: datetime.date) -> datetime.date:
    """Written out here, independently of koers.deadlines.offsets."""
    year, month = divmod(day.month - 1 + 18, 12)
    year += day.year
    return D(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def later(draw, day: datetime.date, most: int = 900) -> datetime.date:
    return min(day + draw(st.integers(0, most)) * DAY, max(day, LAST))


def optional(draw, value: str) -> str:
    return value if draw(st.booleans()) else ""


@st.composite
def plan_row(draw, ident: str, person: str) -> list[str]:
    """A valid plan in a random stage."""
    obligation = draw(days)
    cells = dict.fromkeys(SPEC_BY_NAME["integration_plans.csv"].base_header, "")
    cells |= {"id": ident, "person_id": person, "obligation_on": obligation.isoformat()}
    if draw(st.booleans()):
        started = later(draw, obligation - 30 * DAY, 60)
        cells["intake_started_on"] = started.isoformat()
        cells["intake_completed_on"] = optional(draw, later(draw, started, 40).isoformat())
    if draw(st.booleans()):
        pip = later(draw, obligation, 200)
        cells["pip_on"], cells["route"] = pip.isoformat(), draw(st.sampled_from(ROUTES))
        if draw(st.booleans()):
            span = (eighteen_months_after(pip) - pip).days
            switched = min(pip + draw(st.integers(1, span)) * DAY, LAST)
            cells["route_switched_on"] = switched.isoformat()
            others = [route for route in ROUTES if route != cells["route"]]
            cells["route_before"] = draw(st.sampled_from(others))
        cells["map_completed_on"] = optional(draw, later(draw, pip).isoformat())
        cells["completed_on"] = optional(draw, later(draw, pip, 1500).isoformat())
    if draw(st.booleans()):
        start = later(draw, obligation, 100)
        cells["unburdening_from"] = start.isoformat()
        cells["unburdening_until"] = later(draw, start, 200).isoformat()
    cells["term_extension_months"] = draw(st.sampled_from(["", "0", "3", "12"]))
    cells["exempted_on"] = optional(draw, later(draw, obligation, 1500).isoformat())
    return list(cells.values())


@st.composite
def bundles(draw) -> dict[str, str]:
    """The small bundle's people and dwellings, with random linkings and plans."""
    people = ["p1", "p2", "p3"]
    linking_rows = []
    for n in range(draw(st.integers(0, 5))):
        linked = draw(st.dates(min_value=D(2019, 1, 1), max_value=D(2024, 1, 1)))
        cancelled = optional(draw, later(draw, linked, 400).isoformat())
        linking_rows.append(
            [
                f"li{n:02d}",
                "zeestad",
                draw(st.sampled_from(people)),
                linked.isoformat(),
                cancelled,
                draw(st.sampled_from(REASONS)) if cancelled else "",
            ]
        )
    owners = draw(st.lists(st.sampled_from(people), unique=True))
    plan_rows = [draw(plan_row(f"in{n:02d}", person)) for n, person in enumerate(owners)]
    files = {name: "\r\n".join(WI2021[name]) + "\r\n" for name in WI2021}
    files["linkings.csv"] = csv_text([SPEC_BY_NAME["linkings.csv"].base_header, *linking_rows])
    files["integration_plans.csv"] = csv_text(
        [SPEC_BY_NAME["integration_plans.csv"].base_header, *plan_rows]
    )
    return files


@pytest.mark.slow
@EXAMPLES
@given(bundle=bundles())
def test_generated_linkings_and_plans_export_import_and_export_again_identically(bundle):
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        first = bundle_import(by=IMPORT, source=write_files(root / "in", bundle))
        assert first.ok, first.problems
        bundle_export(target=root / "a")
        for name in ("linkings.csv", "integration_plans.csv"):
            written = root / "a" / name
            if bundle[name].count("\r\n") == 1:  # an optional file without rows stays out
                assert not written.exists()
            else:
                assert written.read_bytes().decode() == bundle[name]
        assert bundle_import(by=IMPORT, source=root / "a").updated == 0
        empty_database()
        assert bundle_import(by=IMPORT, source=root / "a").ok
        bundle_export(target=root / "b")
        assert same_bundles(root / "a", root / "b")


@settings(EXAMPLES, max_examples=examples(25))  # the 18 months: as many cases as before
@given(pip=days, shift=st.integers(-3, 3))
def test_a_switch_is_refused_exactly_when_it_is_more_than_18_calendar_months_after_the_pip(
    pip, shift
):
    switch = eighteen_months_after(pip) + shift * DAY
    bundle = {
        "locations.csv": WI2021["locations.csv"],
        "people.csv": WI2021["people.csv"],
        "integration_plans.csv": plans(
            f"in1,p1,{pip.isoformat()},,,{pip.isoformat()},b1,{switch.isoformat()},z,,,,,,"
        ),
    }
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        result = bundle_import(by=IMPORT, source=write_files(Path(folder), bundle))
    if shift <= 0:
        assert result.ok, result.problems
    else:
        assert [(p.file, p.line, p.column) for p in result.problems] == [
            ("integration_plans.csv", 2, "route_switched_on")
        ]
