"""linkings.csv and integration_plans.csv: every rule of integration-2021.md as a located
problem (all of them, nothing written), upsert by id, and Koers' extension columns."""

import pytest

from koers.exchange.services import bundle_export
from koers.integration.models import IntegrationPlan, Linking
from tests.exchange.bundles import database_state, import_files, write_files
from tests.integration.bundles import WI2021, linkings, plans, wi2021

pytestmark = pytest.mark.django_db

CASES = {
    "obligation before the law of 2021": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2021-12-31,,,,,,,,,,,,",
                "in2,p2,2022-01-01,,,,,,,,,,,,",
            )
        ),
        [
            "integration_plans.csv:2: obligation_on: 2021-12-31 is before 2022-01-01: an "
            "obligation that started earlier falls under the civic-integration law of 2013",
        ],
    ),
    "a route switch more than 18 months after the PIP": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-01-01,,,2022-01-31,education,2023-08-01,b1,,,,,,",
                "in2,p2,2022-01-01,,,2022-08-31,education,2024-02-29,b1,,,,,,",
                "in3,p3,2022-02-01,,,2022-08-31,education,2024-03-01,b1,,,,,,",
            )
        ),
        [
            "integration_plans.csv:2: route_switched_on: 2023-08-01 is more than 18 months "
            "after pip_on 2022-01-31 (the last day to switch is 2023-07-31)",
            "integration_plans.csv:4: route_switched_on: 2024-03-01 is more than 18 months "
            "after pip_on 2022-08-31 (the last day to switch is 2024-02-29)",
        ],
    ),
    "a second plan for one person": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-01-01,,,,,,,,,,,,",
                "in2,p1,2022-02-01,,,,,,,,,,,,",
            )
        ),
        ["integration_plans.csv:3: person_id: same person_id as line 2"],
    ),
    "a cancellation without reason, and a reason without cancellation": (
        wi2021(
            linkings_csv=linkings(
                "li1,zeestad,p1,2022-03-01,2022-04-01,",
                "li2,zeestad,p2,2022-03-01,,withdrawn",
                "li3,zeestad,p3,2022-03-15,2022-03-14,other",
                "li4,zeestad,p3,2022-03-15,,gone",
            )
        ),
        [
            "linkings.csv:2: cancel_reason: required when cancelled_on is given",
            "linkings.csv:3: cancel_reason: only allowed when cancelled_on is given",
            "linkings.csv:4: cancelled_on: 2022-03-14 is before linked_on 2022-03-15",
            "linkings.csv:5: cancel_reason: unknown code 'gone' (expected one of "
            "housed_elsewhere, other, withdrawn)",
        ],
    ),
    "intake, PIP and route out of order": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-02-01,,2022-02-03,2022-01-31,,,,,,,,,",
                "in2,p2,2022-02-01,2022-02-05,2022-02-04,,b1,,,,,,,,",
                "in3,p3,2022-02-01,,,2022-03-01,z,2022-03-01,,,,,,,",
            )
        ),
        [
            "integration_plans.csv:2: intake_completed_on: given without intake_started_on",
            "integration_plans.csv:2: pip_on: 2022-01-31 is before obligation_on 2022-02-01",
            "integration_plans.csv:2: route: required when pip_on is given",
            "integration_plans.csv:3: intake_completed_on: 2022-02-04 is before "
            "intake_started_on 2022-02-05",
            "integration_plans.csv:3: route: only allowed when pip_on is given",
            "integration_plans.csv:4: route_before: required when route_switched_on is given",
            "integration_plans.csv:4: route_switched_on: 2022-03-01 is not after pip_on 2022-03-01",
        ],
    ),
    "route before the switch": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-01-01,,,2022-02-01,b1,2022-05-01,b1,,,,,,",
                "in2,p2,2022-01-01,,,,,2022-05-01,z,,,,,,",
                "in3,p3,2022-02-01,,,2022-03-01,z,,b1,,,,,,",
            )
        ),
        [
            "integration_plans.csv:2: route_before: is the same as route b1",
            "integration_plans.csv:3: route_switched_on: given without pip_on",
            "integration_plans.csv:4: route_before: only allowed when route_switched_on is given",
        ],
    ),
    "unburdening and extension": (
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-01-01,,,,,,,,2022-05-01,,,,",
                "in2,p2,2022-01-01,,,,,,,,,2022-05-01,-1,,",
                "in3,p3,2022-02-01,,,,,,,,2022-05-01,2022-04-30,x,,",
            )
        ),
        [
            "integration_plans.csv:2: unburdening_until: required when unburdening_from is given",
            "integration_plans.csv:3: term_extension_months: -1 is less than 0",
            "integration_plans.csv:3: unburdening_from: required when unburdening_until is given",
            "integration_plans.csv:4: term_extension_months: not a whole number 'x'",
            "integration_plans.csv:4: unburdening_until: 2022-04-30 is before "
            "unburdening_from 2022-05-01",
        ],
    ),
    "unknown route and references": (
        wi2021(
            integration_plans_csv=plans("in1,p9,2022-01-01,,,2022-02-01,B1,,,,,,,,"),
            linkings_csv=linkings("li1,nergens,p1,2022-03-01,,"),
        ),
        [
            "linkings.csv:2: location_id: nergens is neither in locations.csv nor in the database",
            "integration_plans.csv:2: person_id: p9 is neither in people.csv nor in the database",
            "integration_plans.csv:2: route: unknown code 'B1' (expected one of b1, education, z)",
        ],
    ),
    "a planned dwelling of another branch": (
        wi2021(
            linkings_csv=[
                WI2021["linkings.csv"][0] + ",planned_dwelling_id",
                "li1,zeestad,p1,2022-03-01,,,w2",
            ]
        ),
        [
            "linkings.csv:2: planned_dwelling_id: planned_dwelling w2 is at location heuvelrug, "
            "not zeestad"
        ],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_rule_is_refused_with_located_messages_and_nothing_is_written(tmp_path, case):
    files, expected = CASES[case]
    before = database_state()
    result = import_files(tmp_path / "in", files)
    assert sorted(str(problem) for problem in result.problems) == sorted(expected)
    assert database_state() == before


def test_the_boundaries_themselves_are_accepted(tmp_path):
    """Obligation on 1 January 2022, a switch on pip_on + 18 months (31 January 2022 to
    31 July 2023, and 31 August 2022 to 29 February 2024), a PIP on the obligation day."""
    result = import_files(
        tmp_path / "in",
        wi2021(
            integration_plans_csv=plans(
                "in1,p1,2022-01-01,,,2022-01-31,education,2023-07-31,b1,,,,,,",
                "in2,p2,2022-01-01,,,2022-08-31,education,2024-02-29,b1,,,,,,",
                "in3,p3,2022-02-01,2022-02-01,2022-02-01,2022-02-01,z,,,,2022-02-01,2022-02-01,0,,",
            )
        ),
    )
    assert result.ok, result.problems


def test_the_small_bundle_round_trips_and_an_edit_is_an_upsert(tmp_path):
    assert import_files(tmp_path / "in", WI2021).ok
    bundle_export(target=tmp_path / "out")
    expected = write_files(tmp_path / "expected", WI2021)
    for name in ("linkings.csv", "integration_plans.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (expected / name).read_bytes()
    changed = wi2021(
        integration_plans_csv=plans(
            *WI2021["integration_plans.csv"][1:2],
            "in2,p2,2022-01-01,2022-01-05,2022-01-06,2022-02-01,b1,,,,,,0,,",
            *WI2021["integration_plans.csv"][3:],
        )
    )
    result = import_files(tmp_path / "again", changed)
    assert result.ok
    assert result.files["integration_plans.csv"].updated == 1
    assert result.files["integration_plans.csv"].unchanged == 2
    plan = IntegrationPlan.objects.get(external_id="in2")
    assert (plan.pip_on.isoformat(), plan.route, plan.version) == ("2022-02-01", "b1", 2)


def test_an_upsert_is_checked_against_the_stored_values(tmp_path):
    """A bundle with only the switch date is checked with the PIP already stored."""
    assert import_files(tmp_path / "in", WI2021).ok
    result = import_files(
        tmp_path / "switch",
        {
            "integration_plans.csv": [
                "id,person_id,obligation_on,route_switched_on",
                "in1,p1,2022-01-01,2023-08-01",
            ]
        },
    )
    assert [str(p) for p in result.problems] == [
        "integration_plans.csv:2: route_switched_on: 2023-08-01 is more than 18 months after "
        "pip_on 2022-01-31 (the last day to switch is 2023-07-31)"
    ]


def test_extension_columns_are_written_only_when_used(tmp_path):
    assert import_files(tmp_path / "in", WI2021).ok
    linking = Linking.objects.get(external_id="li3")
    linking.cancel_note = "Vertrokken naar familie, elders"
    linking.save()
    bundle_export(target=tmp_path / "out")
    lines = (tmp_path / "out" / "linkings.csv").read_text().splitlines()
    assert lines[0] == "id,location_id,person_id,linked_on,cancelled_on,cancel_reason,cancel_note"
    assert lines[3] == (
        'li3,zeestad,p3,2022-03-15,2022-04-01,withdrawn,"Vertrokken naar familie, elders"'
    )
