"""``koers indicators``: JSON and table output, explain, and clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from koers.indicators.engine import compute
from koers.indicators.periods import Period
from tests.factories import LocationFactory
from tests.indicators.conftest import populate


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_flat_object_of_compute(branch):
    populate(branch, 2)
    printed = json.loads(run("--location", "rijnmond", "--year", "2017"))
    assert printed == compute(locations=[branch], period=Period.year(2017))
    assert printed["targets.housing.persons_housed.target"] == 50


def test_from_and_to_give_any_period(branch):
    populate(branch, 2)
    printed = json.loads(
        run("--location", "rijnmond", "--from", "2017-03-01", "--to", "2017-03-01")
    )
    assert printed["housing.persons_housed"] == 2
    assert not any(key.startswith("targets.") for key in printed)


def test_a_region_covers_its_locations_only(branch, other_branch, far_branch):
    for location in (branch, other_branch, far_branch):
        populate(location, 1)
    printed = json.loads(run("--region", "Zuidwest-Nederland", "--year", "2017"))
    assert printed["housing.persons_housed"] == 2
    assert printed["targets.housing.persons_housed.target"] == 100


def test_the_table_lists_dutch_labels_by_section(branch):
    populate(branch, 2)
    table = run("--location", "rijnmond", "--year", "2017", "--format", "table")
    assert table.startswith("Afdeling Rijnmond — 2017")
    assert "\nHuisvesting\n" in table
    line = next(line for line in table.splitlines() if line.endswith("housing.persons_housed"))
    assert line.split() == ["Gehuisveste", "personen", "2", "housing.persons_housed"]
    assert "0,5  groups.participation_statement.attendance_rate" in table


def test_explain_prints_the_records_behind_a_figure(branch):
    populate(branch, 2)
    out = run(
        "--location", "rijnmond", "--year", "2017", "--explain", "legal.family_reunification.opened"
    )
    lines = out.splitlines()
    assert lines[0] == "Nieuwe dossiers gezinshereniging — 2017: 2 records"
    assert all("geopend op: 2017-02-01" in line for line in lines[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--location", "nergens", "--year", "2017"], "onbekende locatie"),
        (["--region", "Nergens", "--year", "2017"], "onbekende regio"),
        (["--location", "rijnmond", "--from", "2017-05-01", "--to", "2017-04-30"], "ligt na"),
        (["--location", "rijnmond", "--from", "2017-05-01"], "--from en --to"),
        (["--location", "rijnmond", "--from", "1-5-2017", "--to", "2017-05-02"], "geen datum"),
        (["--location", "rijnmond", "--year", "2017", "--from", "2017-01-01"], "niet beide"),
        (["--location", "rijnmond", "--year", "17"], "geen geldig jaar"),
        (["--location", "rijnmond", "--year", "2017", "--explain", "nope"], "onbekende indicator"),
    ],
)
def test_bad_arguments_give_a_clear_error(branch, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_location_or_region_is_required(branch):
    with pytest.raises(CommandError):
        run("--year", "2017")


def test_a_location_without_records_still_gives_every_fixed_key(db):
    LocationFactory(external_id="leeg")
    printed = json.loads(run("--location", "leeg", "--year", "2017"))
    assert printed["contacts.by_kind.phone"] == 0
