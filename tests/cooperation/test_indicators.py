"""The seven keys of cooperation.md, each at its boundaries: first and last day of the period,
another branch, distinct counts, every code present with 0, an empty audience counting 0."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from koers.cooperation.models import ActivityKind, PartnerKind
from koers.core.actors import CLI
from koers.indicators.engine import compute, explain
from koers.indicators.periods import Period
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = Period.year(2018)
KEYS = [
    "cooperation.activities",
    "cooperation.by_kind.{kind}",
    "cooperation.partners_met",
    "cooperation.partners_met_by_kind.{kind}",
    "cooperation.staff_involved",
    "outreach.sessions",
    "outreach.people_reached",
]


def figures(location, period=YEAR) -> dict:
    return compute(locations=[location], period=period, keys=KEYS)


def test_an_empty_branch_has_every_key_with_zero(branch):
    found = figures(branch)
    assert found["cooperation.activities"] == 0
    assert {k.removeprefix("cooperation.by_kind.") for k in found if ".by_kind." in k} == set(
        ActivityKind.values
    )
    assert {
        k.removeprefix("cooperation.partners_met_by_kind.")
        for k in found
        if "partners_met_by_kind" in k
    } == set(PartnerKind.values)
    assert all(value == 0 for value in found.values())
    assert (found["outreach.sessions"], found["outreach.people_reached"]) == (0, 0)
    assert len(found) == 1 + 6 + 1 + 13 + 1 + 2


def test_activities_on_the_first_and_last_day_count_the_day_around_not(branch, other_branch):
    for day in (D(2017, 12, 31), D(2018, 1, 1), D(2018, 12, 31), D(2019, 1, 1)):
        ActivityFactory(location=branch, date=day, kind="case_consultation")
    ActivityFactory(location=other_branch, date=D(2018, 6, 1), kind="case_consultation")
    found = figures(branch)
    assert found["cooperation.activities"] == 2
    assert found["cooperation.by_kind.case_consultation"] == 2
    assert found["cooperation.by_kind.network_meeting"] == 0


def test_each_kind_counts_its_own(branch):
    for index, kind in enumerate(ActivityKind.values):
        for _ in range(index + 1):
            ActivityFactory(location=branch, date=D(2018, 3, 1), kind=kind)
    found = figures(branch)
    assert [found[f"cooperation.by_kind.{kind}"] for kind in ActivityKind.values] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert found["cooperation.activities"] == 21


def test_partners_met_are_distinct_partners_named_by_activities_in_the_period(branch):
    food_bank = PartnerFactory(location=branch, kind="food_bank")
    school = PartnerFactory(location=branch, kind="education")
    school_two = PartnerFactory(location=branch, kind="education")
    only_earlier = PartnerFactory(location=branch, kind="municipality")
    PartnerFactory(location=branch, kind="faith")  # never named
    ActivityFactory(location=branch, date=D(2018, 1, 1), partners=[food_bank, school])
    ActivityFactory(location=branch, date=D(2018, 12, 31), partners=[school, school_two])
    ActivityFactory(location=branch, date=D(2017, 12, 31), partners=[only_earlier])
    found = figures(branch)
    assert found["cooperation.partners_met"] == 3
    assert found["cooperation.partners_met_by_kind.education"] == 2
    assert found["cooperation.partners_met_by_kind.food_bank"] == 1
    assert found["cooperation.partners_met_by_kind.municipality"] == 0
    assert found["cooperation.partners_met_by_kind.faith"] == 0


def test_staff_involved_are_distinct_staff_named_by_activities_in_the_period(branch):
    first, second, earlier = (StaffMemberFactory(location=branch) for _ in range(3))
    StaffMemberFactory(location=branch)  # never named
    ActivityFactory(location=branch, date=D(2018, 2, 1), staff=[first, second])
    ActivityFactory(location=branch, date=D(2018, 2, 2), staff=[first])
    ActivityFactory(location=branch, date=D(2019, 1, 1), staff=[earlier])
    assert figures(branch)["cooperation.staff_involved"] == 2


def test_outreach_counts_sessions_and_sums_their_audience_an_empty_one_as_zero(branch):
    ActivityFactory(
        location=branch, date=D(2018, 1, 1), kind="information_session", people_reached=35
    )
    ActivityFactory(location=branch, date=D(2018, 12, 31), kind="public_event", people_reached=120)
    ActivityFactory(location=branch, date=D(2018, 6, 1), kind="public_event", people_reached=None)
    ActivityFactory(
        location=branch, date=D(2018, 6, 2), kind="information_session", people_reached=0
    )
    ActivityFactory(location=branch, date=D(2017, 12, 31), kind="public_event", people_reached=500)
    ActivityFactory(location=branch, date=D(2018, 6, 1), kind="network_meeting")
    found = figures(branch)
    assert found["outreach.sessions"] == 4
    assert found["outreach.people_reached"] == 155
    assert found["cooperation.activities"] == 5


def test_a_region_sums_its_branches(branch, other_branch, far_branch):
    for location in (branch, other_branch, far_branch):
        partner = PartnerFactory(location=location)
        ActivityFactory(
            location=location, date=D(2018, 5, 1), kind="public_event", people_reached=10,
            partners=[partner],
        )  # fmt: skip
    region = compute(locations=[branch, other_branch], period=YEAR, keys=KEYS)
    assert region["cooperation.activities"] == 2
    assert region["cooperation.partners_met"] == 2
    assert region["outreach.people_reached"] == 20


def test_the_seven_keys_cost_three_queries_whatever_the_data(branch, django_assert_num_queries):
    partner = PartnerFactory(location=branch)
    member = StaffMemberFactory(location=branch)
    with django_assert_num_queries(3):
        figures(branch)
    for day in range(1, 20):
        ActivityFactory(location=branch, date=D(2018, 1, day), partners=[partner], staff=[member])
    with django_assert_num_queries(3):
        assert figures(branch)["cooperation.activities"] == 19


def test_explain_gives_the_records_behind_each_key(branch):
    food_bank = PartnerFactory(location=branch, kind="food_bank", external_id="pa-vb")
    member = StaffMemberFactory(location=branch, external_id="s-tl")
    ActivityFactory(
        location=branch, date=D(2018, 3, 1), external_id="ac-1", partners=[food_bank],
        staff=[member], kind="information_session", people_reached=12,
    )  # fmt: skip
    ActivityFactory(location=branch, date=D(2018, 3, 2), external_id="ac-2", partners=[food_bank])

    def ids(key):
        return [e.external_id for e in explain(key=key, locations=[branch], period=YEAR, user=CLI)]

    assert ids("cooperation.activities") == ["ac-1", "ac-2"]
    assert ids("cooperation.by_kind.information_session") == ["ac-1"]
    assert ids("cooperation.partners_met") == ["pa-vb"]
    assert ids("cooperation.partners_met_by_kind.food_bank") == ["pa-vb"]
    assert ids("cooperation.partners_met_by_kind.education") == []
    assert ids("cooperation.staff_involved") == ["s-tl"]
    assert ids("outreach.people_reached") == ["ac-1"]


def test_the_command_prints_the_keys_and_explains_them(branch):
    ActivityFactory(location=branch, date=D(2018, 3, 1), external_id="ac-1", title="Voorlichting")
    out = StringIO()
    call_command("indicators", "--location", "rijnmond", "--year", "2018", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["cooperation.activities"] == 1
    assert printed["outreach.people_reached"] == 0
    out = StringIO()
    call_command(
        "indicators", "--location", "rijnmond", "--year", "2018", "--explain",
        "cooperation.by_kind.network_meeting", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == "Activiteiten: netwerkbijeenkomst — 2018: 1 records"
    assert lines[1].startswith("ac-1")
