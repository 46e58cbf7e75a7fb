"""Every key of integration-2021.md at its boundaries, made by hand for the year 2023.

Days that matter: 1 January and 31 December 2023 (the period), 70 and 71 days after a
linking or an obligation (10 weeks), 22 October 2023 (70 days before the last day).
"""

import datetime

import pytest
from django.core.management import call_command

from koers.core.actors import CLI
from koers.indicators.engine import compute, explain
from koers.indicators.periods import Period
from koers.indicators.registry import INDICATORS
from tests.factories import DwellingFactory, LocationFactory, PersonFactory, PlacementFactory
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
YEAR = Period.year(2023)
ROUTES = ("b1", "education", "z")


def figures(location, prefix: str, period: Period = YEAR, **options) -> dict:
    values = compute(locations=[location], period=period, **options)
    return {key: value for key, value in values.items() if key.startswith(prefix)}


def linked(location, linked_on, *, housed_after=None, counted=True, **fields):
    """A linking; housed ``housed_after`` days later in a dwelling of its location."""
    linking = LinkingFactory(person=PersonFactory(location=location), linked_on=linked_on, **fields)
    if housed_after is not None:
        PlacementFactory(
            person=linking.person,
            dwelling=DwellingFactory(location=location),
            housed_on=linked_on + housed_after * DAY,
            counts_for_quota=counted,
        )
    return linking


# Linkings ------------------------------------------------------------------------------------


def test_linked_and_cancelled_count_by_their_own_day_in_the_period(branch):
    for day in (D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1)):
        linked(branch, day)
    linked(branch, D(2022, 12, 1), cancelled_on=D(2023, 1, 1), cancel_reason="withdrawn")
    linked(branch, D(2023, 6, 1), cancelled_on=D(2024, 1, 1), cancel_reason="other")
    result = figures(branch, "housing.linked")
    assert (result["housing.linked"], result["housing.linked_cancelled"]) == (3, 1)


def test_housed_exactly_70_days_after_linking_is_within_10_weeks_71_is_not(branch):
    linked(branch, D(2023, 3, 1), housed_after=70)
    linked(branch, D(2023, 3, 1), housed_after=71)
    result = figures(branch, "housing.linked")
    assert result["housing.linked_housed"] == 2
    assert result["housing.linked_housed_within_10_weeks"] == 1
    assert result["housing.linked_avg_weeks_to_housing"] == round(141 / 2 / 7, 1) == 10.1


def test_the_housing_date_is_the_first_counted_placement_here_on_or_after_the_linking(
    branch, other_branch
):
    linking = linked(branch, D(2023, 3, 1))
    person = linking.person
    here = DwellingFactory(location=branch)
    PlacementFactory(person=person, dwelling=here, housed_on=D(2023, 2, 28))  # before linking
    PlacementFactory(person=person, dwelling=here, housed_on=D(2023, 3, 5), counts_for_quota=False)
    PlacementFactory(
        person=person, dwelling=DwellingFactory(location=other_branch), housed_on=D(2023, 3, 6)
    )
    assert figures(branch, "housing.linked")["housing.linked_housed"] == 0
    PlacementFactory(person=person, dwelling=here, housed_on=D(2024, 1, 2))
    PlacementFactory(person=person, dwelling=here, housed_on=D(2023, 12, 31))
    result = figures(branch, "housing.linked")
    assert result["housing.linked_housed"] == 1
    assert result["housing.linked_avg_weeks_to_housing"] == round(305 / 7, 1)
    assert figures(branch, "housing.linked", Period.year(2024))["housing.linked_housed"] == 0


def test_a_linking_housed_on_the_day_itself_takes_zero_weeks(branch):
    linked(branch, D(2023, 5, 5), housed_after=0)
    result = figures(branch, "housing.linked")
    assert result["housing.linked_housed_within_10_weeks"] == 1
    assert result["housing.linked_avg_weeks_to_housing"] == 0.0


def test_no_average_without_anyone_housed(branch):
    linked(branch, D(2023, 5, 5))
    assert "housing.linked_avg_weeks_to_housing" not in figures(branch, "housing.linked")


def test_waiting_on_the_last_day_and_over_10_weeks(branch):
    end = D(2023, 12, 31)
    linked(branch, end - 70 * DAY)  # linked_on + 70 = the last day: not over 10 weeks
    linked(branch, end - 71 * DAY)  # over
    linked(branch, end)  # linked on the last day itself: waiting
    linked(branch, D(2023, 1, 1), cancelled_on=end, cancel_reason="withdrawn")  # cancelled
    linked(branch, D(2023, 1, 1), cancelled_on=end + DAY, cancel_reason="other")  # waiting
    linked(branch, D(2023, 1, 1), housed_after=(end - D(2023, 1, 1)).days)  # housed that day
    linked(branch, D(2023, 1, 1), housed_after=(end - D(2023, 1, 1)).days + 1)  # waiting
    linked(branch, D(2023, 1, 1), housed_after=3, counted=False)  # not counted: waiting
    linked(branch, end + DAY)  # not yet linked
    result = figures(branch, "housing.linked")
    assert result["housing.linked_waiting_end"] == 6
    assert result["housing.linked_waiting_end_over_10_weeks"] == 4


# Plans ---------------------------------------------------------------------------------------


def plan(location, **fields):
    return IntegrationPlanFactory(person=PersonFactory(location=location), **fields)


def test_plan_dates_count_in_the_period_by_their_own_key(branch):
    outside = {
        "obligation_on": D(2022, 12, 1),
        "intake_started_on": D(2022, 12, 31),
        "intake_completed_on": D(2024, 1, 1),
        "map_completed_on": D(2022, 12, 31),
        "completed_on": D(2024, 1, 1),
    }
    inside = {
        "obligation_on": D(2023, 1, 1),
        "intake_started_on": D(2023, 1, 1),
        "intake_completed_on": D(2023, 12, 31),
        "map_completed_on": D(2023, 12, 31),
        "completed_on": D(2023, 12, 31),
        "exempted_on": D(2023, 6, 1),
    }
    plan(branch, **outside)
    plan(branch, **inside)
    result = figures(branch, "wi2021.")
    for key in ("obligations", "intakes_started", "intakes_completed", "map_completed"):
        assert result[f"wi2021.{key}"] == 1, key
    assert (result["wi2021.completed"], result["wi2021.exempted"]) == (1, 1)


def test_a_pip_on_the_70th_day_is_within_10_weeks_on_the_71st_it_is_not(branch):
    plan(branch, obligation_on=D(2023, 1, 31), pip_on=D(2023, 4, 11), route="b1")  # 70 days
    plan(branch, obligation_on=D(2023, 1, 31), pip_on=D(2023, 4, 12), route="z")  # 71 days
    plan(branch, obligation_on=D(2022, 10, 1), pip_on=D(2022, 12, 31), route="z")  # 2022
    result = figures(branch, "wi2021.")
    assert (result["wi2021.pips"], result["wi2021.pips_within_10_weeks"]) == (2, 1)
    assert result["wi2021.avg_weeks_to_pip"] == round(141 / 2 / 7, 1)
    assert [result[f"wi2021.pips_by_route.{r}"] for r in ROUTES] == [1, 0, 1]


def test_the_pips_route_is_the_route_before_a_later_switch(branch):
    plan(
        branch,
        pip_on=D(2023, 2, 1),
        route="education",
        route_switched_on=D(2023, 9, 1),
        route_before="b1",
    )
    result = figures(branch, "wi2021.")
    assert [result[f"wi2021.pips_by_route.{r}"] for r in ROUTES] == [1, 0, 0]
    assert result["wi2021.route_switches"] == 1


def test_running_at_the_end_by_the_route_on_the_last_day(branch):
    end = D(2023, 12, 31)
    switch = {"route": "education", "route_before": "b1"}
    plan(branch, pip_on=D(2023, 2, 1), route_switched_on=end, **switch)  # education that day
    plan(branch, pip_on=D(2023, 2, 1), route_switched_on=end + DAY, **switch)  # still b1
    plan(branch, pip_on=end, route="z")  # decided on the last day: running
    plan(branch, pip_on=end + DAY, obligation_on=D(2023, 1, 1), route="z")  # not yet
    plan(branch, pip_on=D(2023, 2, 1), route="z", completed_on=end)  # completed that day
    plan(branch, pip_on=D(2023, 2, 1), route="z", exempted_on=end)  # exempted that day
    plan(branch, pip_on=D(2023, 2, 1), route="z", exempted_on=end + DAY)  # running
    result = figures(branch, "wi2021.running_end_by_route")
    assert result == {
        "wi2021.running_end_by_route.b1": 1,
        "wi2021.running_end_by_route.education": 1,
        "wi2021.running_end_by_route.z": 2,
    }


def test_waiting_for_a_pip_on_the_last_day(branch):
    end = D(2023, 12, 31)
    plan(branch, obligation_on=end)  # obliged that day: waiting
    plan(branch, obligation_on=end + DAY)  # not yet obliged
    plan(branch, obligation_on=D(2023, 1, 1), pip_on=end, route="b1")  # PIP that day
    plan(branch, obligation_on=D(2023, 1, 1), pip_on=end + DAY, route="b1")  # waiting
    plan(branch, obligation_on=D(2023, 1, 1), exempted_on=end)  # exempted that day
    plan(branch, obligation_on=D(2023, 1, 1), completed_on=end)  # completed, still no PIP
    assert figures(branch, "wi2021.waiting_for_pip_end") == {"wi2021.waiting_for_pip_end": 3}


def test_unburdening_active_on_the_last_day(branch):
    end = D(2023, 12, 31)
    plan(branch, unburdening_from=end, unburdening_until=end)
    plan(branch, unburdening_from=D(2023, 6, 1), unburdening_until=end + DAY)
    plan(branch, unburdening_from=D(2023, 6, 1), unburdening_until=end - DAY)
    plan(branch, unburdening_from=end + DAY, unburdening_until=end + 9 * DAY)
    assert figures(branch, "wi2021.unburdening") == {"wi2021.unburdening_active_end": 2}


def test_fixed_codes_are_present_with_zeros_and_averages_left_out(branch):
    result = figures(branch, "")
    for prefix in ("wi2021.pips_by_route", "wi2021.running_end_by_route"):
        assert [result[f"{prefix}.{route}"] for route in ROUTES] == [0, 0, 0]
    assert result["housing.linked"] == result["wi2021.waiting_for_pip_end"] == 0
    assert "wi2021.avg_weeks_to_pip" not in result


# Regions, locations, series, queries and explain -----------------------------------------


def test_a_plan_belongs_to_its_persons_location_and_a_region_sums_its_branches(
    branch, other_branch
):
    plan(branch, pip_on=D(2023, 3, 1), obligation_on=D(2023, 1, 1), route="b1")
    plan(other_branch, pip_on=D(2023, 3, 15), obligation_on=D(2023, 1, 1), route="z")
    linked(branch, D(2023, 3, 1), housed_after=70)
    linked(other_branch, D(2023, 3, 1), housed_after=84)
    region = compute(locations=[branch, other_branch], period=YEAR)
    assert figures(branch, "wi2021.")["wi2021.pips"] == 1
    assert region["wi2021.pips"] == 2
    assert region["housing.linked_housed"] == 2
    assert region["housing.linked_avg_weeks_to_housing"] == 11.0  # (70 + 84) / 2 / 7
    assert region["wi2021.avg_weeks_to_pip"] == round((59 + 73) / 2 / 7, 1)


def test_the_queries_do_not_grow_with_the_records(branch, django_assert_num_queries):
    keys = [i.key for i in INDICATORS if i.section == "inburgering" and i.shown]
    linked(branch, D(2023, 3, 1), housed_after=70)
    plan(branch, pip_on=D(2023, 3, 1), route="b1")
    with django_assert_num_queries(2):
        compute(locations=[branch], period=YEAR, keys=keys)
    for n in range(8):
        linked(branch, D(2023, 3, n + 1), housed_after=60 + n)
        plan(branch, pip_on=D(2023, 4, n + 1), route=ROUTES[n % 3])
    with django_assert_num_queries(2):
        result = compute(locations=[branch], period=YEAR, keys=keys)
    assert (result["housing.linked_housed"], result["wi2021.pips"]) == (9, 9)


def test_explain_lists_the_records_behind_a_figure(branch, capsys):
    inside = linked(branch, D(2023, 3, 1), housed_after=70, external_id="li-70")
    linked(branch, D(2023, 3, 1), housed_after=71, external_id="li-71")
    evidence = explain(
        key="housing.linked_housed_within_10_weeks", locations=[branch], period=YEAR, user=CLI
    )
    assert [item.external_id for item in evidence] == [inside.external_id]
    plan(branch, pip_on=D(2023, 3, 1), route="z", external_id="in-z")
    call_command(
        "indicators",
        "--location",
        branch.external_id,
        "--year",
        "2023",
        "--explain",
        "wi2021.pips_by_route.z",
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(": 1 records")
    assert "in-z" in out and "leerroute: Z-route" in out


def test_a_branch_without_these_records_still_computes_every_other_figure(db):
    location = LocationFactory(external_id="leeg")
    result = compute(locations=[location], period=YEAR)
    assert result["housing.persons_housed"] == 0
    assert result["wi2021.obligations"] == 0
