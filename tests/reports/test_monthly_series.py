"""The report's monthly chart, quota half-years and year-on-year figures come from series
computations: the same values as one computation per period, in a few queries."""

import datetime

from koers.indicators import facts
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports import selectors
from tests.factories import PersonFactory, PlacementFactory, QuotaPeriodFactory

D = datetime.date


def house(location, *days: datetime.date) -> None:
    for day in days:
        PlacementFactory(person=PersonFactory(location=location), housed_on=day)


def test_monthly_figures_are_each_months_own_figures(world):
    branch = world["branch"]
    QuotaPeriodFactory(
        location=branch, starts_on=D(2017, 7, 1), ends_on=D(2017, 12, 31), quota=6, backlog_in=0
    )
    house(branch, D(2017, 1, 31), D(2017, 2, 1), D(2017, 6, 30), D(2017, 7, 1), D(2017, 12, 31))
    monthly = selectors.monthly_figures([branch], 2017)
    expected = [
        {
            key: value
            for key, value in compute(locations=[branch], period=Period.month(2017, m)).items()
            if key in selectors.MONTHLY_KEYS
        }
        for m in range(1, 13)
    ]
    assert monthly == expected
    housed = [month["housing.persons_housed"] for month in monthly]
    assert housed == [1, 1, 7, 0, 0, 1, 1, 0, 0, 0, 0, 1]
    assert monthly[5]["housing.backlog_end"] == 2 + 10 - 10
    assert monthly[11]["housing.backlog_end"] == 2 + 10 + 6 - 12


def test_monthly_figures_leave_the_backlog_out_without_quota_periods(world):
    monthly = selectors.monthly_figures([world["other_branch"]], 2017)
    assert monthly[2] == {"housing.persons_housed": 3}
    assert all(set(month) == {"housing.persons_housed"} for month in monthly)


def test_the_monthly_chart_takes_the_same_few_queries_for_any_number_of_records(
    world, django_assert_num_queries
):
    # without current facts: the write number and the facts, then live: persons housed,
    # the placements since the first quota period, the quota periods
    with django_assert_num_queries(2 + 3):
        selectors.monthly_figures([world["branch"]], 2017)
    house(world["branch"], *(D(2017, m, 1) for m in range(1, 13)))
    with django_assert_num_queries(2 + 3):
        selectors.monthly_figures([world["branch"]], 2017)
    months = [Period.month(2017, month) for month in range(1, 13)]
    facts.read(locations=[world["branch"]], periods=months)  # every figure stored
    with django_assert_num_queries(2):  # from the facts
        selectors.monthly_figures([world["branch"]], 2017)


def test_quota_progress_gives_each_half_years_quota_housed_and_backlog(world):
    branch = world["branch"]
    QuotaPeriodFactory(
        location=branch, starts_on=D(2017, 7, 1), ends_on=D(2017, 12, 31), quota=6, backlog_in=0
    )
    house(branch, D(2016, 12, 31), D(2017, 7, 1))
    halves = selectors.quota_progress(branch, 2017)
    assert [half.period for half in halves] == [
        Period.half(2016, 1),
        Period.half(2016, 2),
        Period.half(2017, 1),
        Period.half(2017, 2),
    ]
    for half in halves:
        figures = compute(locations=[branch], period=half.period)
        assert half.quota == figures.get("housing.quota", 0)
        assert half.housed == figures.get("housing.persons_housed", 0)
        assert half.backlog_end == figures.get("housing.backlog_end")
    assert [(h.quota, h.housed, h.backlog_end) for h in halves[2:]] == [(10, 7, 5), (6, 1, 10)]


def test_the_live_report_has_this_years_and_last_years_own_figures(world):
    branch = world["branch"]
    house(branch, D(2016, 5, 1), D(2016, 12, 31))
    inputs = selectors.live_inputs(branch, 2017, months=False)
    assert inputs.figures == compute(locations=[branch], period=Period.year(2017))
    assert inputs.previous == compute(locations=[branch], period=Period.year(2016))
    assert inputs.previous["housing.persons_housed"] == 2
    assert inputs.monthly == []
