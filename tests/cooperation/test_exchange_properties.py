"""Hypothesis: generated partners and activities export, import and export again identically;
a corrupted cooperation bundle is refused with located messages, or imported consistently."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.cooperation.models import OUTREACH_KINDS, ActivityKind, PartnerKind
from koers.exchange.files import SPEC_BY_NAME
from tests.cooperation.bundles import with_cooperation
from tests.exchange.test_properties import (
    EXAMPLES,
    assert_refused_or_consistent,
    assert_round_trip,
    corrupted,
    csv_text,
    dates,
    free_text,
    names,
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
    assert_round_trip(bundle)


CELLS = ("", "pa1", "pa3", "pa1;pa3", "s1;s2", "heuvelrug", "12", "-1", "public_event",
         "network_meeting", "2017-02-30")  # fmt: skip


@pytest.mark.slow
@EXAMPLES
@given(
    files=corrupted(
        base=with_cooperation(),
        edited=["partners.csv", "activities.csv", "staff.csv"],
        cells=CELLS,
    )
)
def test_a_corrupted_cooperation_bundle_is_refused_with_located_messages_or_consistent(files):
    assert_refused_or_consistent(files)
