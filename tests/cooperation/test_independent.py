"""A generated five-branch bundle with partners and activities: it imports, exports back
identical, and every key of cooperation.md matches a computation from the spec's words,
written here again from the CSV rows (not from the engine), for each branch and year."""

import csv
import datetime
import io
import random

import pytest

from koers.cooperation.models import ActivityKind, PartnerKind
from koers.core.models import Location
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from tests.exchange.bundles import write_files

pytestmark = pytest.mark.django_db

BRANCHES = ("ambacht", "brielle", "culemborg", "delfshaven", "emmen")
YEARS = (2017, 2018, 2019)
OUTREACH = ("information_session", "public_event")
PREFIXES = ("cooperation.", "outreach.")


def table(header: str, rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return out.getvalue()


def generated_bundle(seed: int) -> dict[str, str]:
    """Five branches, 2016-2020: staff, partners of every kind, activities with random links
    within their branch, the years' first and last days, audiences empty or not."""
    rng = random.Random(seed)
    locations, staff, partners, activities = [], [], [], []
    for b, slug in enumerate(BRANCHES):
        locations.append([slug, f"Afdeling {slug.title()}", slug.title(), "Testregio"])
        members = [f"s{b}-{n}" for n in range(rng.randint(1, 6))]
        for member in members:
            staff.append(
                [member, slug, "Test", f"Medewerker {member}", "paid", "team_leader", "",
                 "2014-01-01", "", "", "", ""]
            )  # fmt: skip
        own = [f"pa{b}-{n}" for n in range(rng.randint(0, 14))]
        for partner in own:
            partners.append(
                [partner, slug, f"Organisatie {partner}", rng.choice(PartnerKind.values)]
            )
        edges = [datetime.date(y, m, d) for y in YEARS for m, d in ((1, 1), (12, 31))]
        for n in range(rng.randint(0, 45)):
            if rng.random() < 0.25:
                day = rng.choice(edges)
            else:
                day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 1826))
            kind = rng.choice(ActivityKind.values)
            audience = ""
            if kind in OUTREACH and rng.random() < 0.7:
                audience = str(rng.choice([0, 1, 12, 35, 250]))
            activities.append(
                [
                    f"ac{b}-{n:03d}",
                    slug,
                    day.isoformat(),
                    kind,
                    f"Activiteit {n}",
                    ";".join(rng.sample(own, rng.randint(0, min(4, len(own))))),
                    ";".join(rng.sample(members, rng.randint(0, min(3, len(members))))),
                    audience,
                ]
            )
    return {
        "locations.csv": table("id,name,municipality,region", locations),
        "staff.csv": table(
            "id,location_id,given_name,family_name,kind,roles,languages,started_on,ended_on,"
            "end_reason,agreement_signed_on,hours_per_week",
            sorted(staff),
        ),
        "partners.csv": table("id,location_id,name,kind", sorted(partners)),
        "activities.csv": table(
            "id,location_id,date,kind,title,partner_ids,staff_ids,people_reached",
            sorted(activities),
        ),
    }


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def by_spec(bundle: dict[str, str], locations: set[str], year: int) -> dict[str, int]:
    """The keys of cooperation.md, from the spec's words, over the CSV rows."""
    kind_of_partner = {row["id"]: row["kind"] for row in rows_of(bundle["partners.csv"])}
    start, end = f"{year}-01-01", f"{year}-12-31"
    dated = [
        row
        for row in rows_of(bundle["activities.csv"])
        if row["location_id"] in locations and start <= row["date"] <= end
    ]
    named = {p for row in dated for p in row["partner_ids"].split(";") if p}
    staff = {s for row in dated for s in row["staff_ids"].split(";") if s}
    outreach = [row for row in dated if row["kind"] in OUTREACH]
    values = {"cooperation.activities": len(dated)}
    for kind in ActivityKind.values:
        values[f"cooperation.by_kind.{kind}"] = sum(row["kind"] == kind for row in dated)
    values["cooperation.partners_met"] = len(named)
    for kind in PartnerKind.values:
        values[f"cooperation.partners_met_by_kind.{kind}"] = sum(
            kind_of_partner[p] == kind for p in named
        )
    values["cooperation.staff_involved"] = len(staff)
    values["outreach.sessions"] = len(outreach)
    values["outreach.people_reached"] = sum(int(row["people_reached"] or 0) for row in outreach)
    return values


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_key_matches_the_spec_for_each_branch_and_year_and_the_bundle_round_trips(
    tmp_path, seed
):
    bundle = generated_bundle(seed)
    source = write_files(tmp_path / "in", bundle)
    result = bundle_import(source=source, by=IMPORT)
    assert result.ok, result.problems
    bundle_export(target=tmp_path / "out")
    for name in bundle:  # the other files of version 1 are written with their header only
        assert (tmp_path / "out" / name).read_bytes() == (source / name).read_bytes(), name
    for slug in BRANCHES:
        location = Location.objects.get(external_id=slug)
        for year in YEARS:
            computed = compute(locations=[location], period=Period.year(year))
            ours = {key: value for key, value in computed.items() if key.startswith(PREFIXES)}
            assert ours == by_spec(bundle, {slug}, year), (slug, year)
    region = compute(locations=Location.objects.all(), period=Period.year(2018))
    assert {k: v for k, v in region.items() if k.startswith(PREFIXES)} == by_spec(
        bundle, set(BRANCHES), 2018
    )
