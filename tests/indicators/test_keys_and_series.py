"""``compute(keys=...)`` runs only the queries behind the keys asked for, and
``compute_series`` gives, per period, exactly what ``compute`` gives for that period, with
a number of queries that does not grow with the number of periods."""

import datetime

import pytest

from koers.indicators.engine import compute, compute_series
from koers.indicators.periods import Period
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    DossierFactory,
    EnrolmentFactory,
    GroupFactory,
    GroupSessionFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    QuotaPeriodFactory,
    StaffMemberFactory,
    TargetFactory,
    TrajectoryFactory,
)
from tests.indicators.conftest import populate

D = datetime.date
YEAR = Period.year(2017)
MONTHS = [Period.month(2017, month) for month in range(1, 13)]
MONTHLY_KEYS = ["housing.persons_housed", "housing.backlog_end"]


@pytest.fixture
def spread_year(branch, other_branch):
    """Records on the first and last days of months, across half-years and the year's edges,
    some running on from one month into the next; and the same at another branch."""
    populate(branch, 3)
    populate(other_branch, 2)
    QuotaPeriodFactory(
        location=branch, starts_on=D(2017, 7, 1), ends_on=D(2017, 12, 31), quota=12, backlog_in=0
    )
    coach = StaffMemberFactory(location=branch, role_codes=["language_coach"])
    group = GroupFactory(location=branch, program="language_class", started_on=D(2017, 1, 31))
    days = [D(2016, 12, 31), D(2017, 1, 1), D(2017, 1, 31), D(2017, 2, 1), D(2017, 6, 30)]
    days += [D(2017, 7, 1), D(2017, 11, 30), D(2017, 12, 31), D(2018, 1, 1)]
    for n, day in enumerate(days):
        person = PersonFactory(location=branch, birth_date=D(1999, day.month, day.day))
        PlacementFactory(person=person, housed_on=day)
        ContactFactory(
            location=branch,
            person=person if n % 3 else None,
            visitor_ref="" if n % 2 else f"bz-{n % 2}",
            date=day,
            kind=["legal_hours", "social_hours", "phone"][n % 3],
            venue=f"Buurthuis {n % 2}" if n % 4 else "",
            topic_codes=["family_reunification"] if n % 2 else ["work"],
        )
        TrajectoryFactory(person=person, started_on=day, ended_on=day + datetime.timedelta(40))
        DossierFactory(
            person=person,
            opened_on=day,
            closed_on=day + datetime.timedelta(31),
            outcome=["granted", "refused"][n % 2],
        )
        MatchFactory(
            person=person,
            staff=coach,
            requested_on=day - datetime.timedelta(20),
            started_on=day,
            ended_on=day + datetime.timedelta(60) if n % 2 else None,
            outcome="completed" if n % 2 else "",
        )
        EnrolmentFactory(group=group, person=person, enrolled_on=day)
        session = GroupSessionFactory(group=group, date=day)
        AttendanceFactory(session=session, person=person, present=n % 2 == 0)
    TargetFactory(location=branch, indicator="contacts.total", target=5)


def test_keys_give_exactly_the_keys_asked_with_the_values_of_the_full_computation(
    branch, spread_year
):
    full = compute(locations=[branch], period=YEAR)
    keys = [
        "housing.persons_housed",
        "housing.backlog_end",
        "housing.by_nationality.SYR",
        "contacts.venue.Buurthuis 1.avg_per_day",
        "groups.language_class.attendance_rate",
        "legal.other_contacts_persons",
        "targets.contacts.total.met",
    ]
    assert all(key in full for key in keys)
    assert compute(locations=[branch], period=YEAR, keys=keys) == {key: full[key] for key in keys}


def test_a_pattern_asks_for_every_key_of_its_indicator(branch, spread_year):
    full = compute(locations=[branch], period=YEAR)
    by_kind = compute(locations=[branch], period=YEAR, keys=["contacts.by_kind.{kind}"])
    assert by_kind == {key: value for key, value in full.items() if "contacts.by_kind." in key}
    assert len(by_kind) == 7
    venues = compute(locations=[branch], period=YEAR, keys=["contacts.venue.{venue}.days"])
    assert venues == {
        key: value
        for key, value in full.items()
        if key.startswith("contacts.venue.") and key.endswith(".days")
    }


def test_the_target_patterns_give_every_target_with_its_actual(branch, spread_year):
    full = compute(locations=[branch], period=YEAR)
    keys = ["targets.{indicator}.target", "targets.{indicator}.actual"]
    targets = compute(locations=[branch], period=YEAR, keys=keys)
    assert targets == {
        key: value
        for key, value in full.items()
        if key.startswith("targets.") and not key.endswith(".met")
    }
    assert {"targets.contacts.total.actual", "targets.housing.persons_housed.target"} <= set(
        targets
    )


def test_keys_run_only_the_queries_behind_them(branch, spread_year, django_assert_num_queries):
    # persons housed: the placements; the backlog: the quota periods and the placements
    # since the first of them
    with django_assert_num_queries(3):
        compute(locations=[branch], period=YEAR, keys=MONTHLY_KEYS)
    with django_assert_num_queries(1):
        compute(locations=[branch], period=YEAR, keys=["contacts.by_kind.{kind}"])


def test_an_unknown_key_is_a_key_error(branch):
    with pytest.raises(KeyError):
        compute(locations=[branch], period=YEAR, keys=["housing.nothing"])


def test_a_series_gives_each_month_what_compute_gives_for_that_month(branch, spread_year):
    series = compute_series(locations=[branch], periods=MONTHS)
    assert series == [compute(locations=[branch], period=month) for month in MONTHS]
    assert (
        sum(month["housing.persons_housed"] for month in series)
        == compute(locations=[branch], period=YEAR)["housing.persons_housed"]
    )


def test_a_series_of_overlapping_periods_for_a_region_matches_compute(
    branch, other_branch, spread_year
):
    periods = [
        Period.year(2017),
        Period.half(2017, 2),
        Period.year(2016),
        Period(D(2016, 12, 31), D(2017, 1, 1)),
        Period(D(2017, 11, 30), D(2017, 11, 30)),
    ]
    region = [branch, other_branch]
    assert compute_series(locations=region, periods=periods) == [
        compute(locations=region, period=period) for period in periods
    ]


def test_a_series_with_keys_matches_compute_with_keys(branch, spread_year):
    keys = [*MONTHLY_KEYS, "contacts.venue.{venue}.contacts", "groups.{program}.participants_new"]
    assert compute_series(locations=[branch], periods=MONTHS, keys=keys) == [
        compute(locations=[branch], period=month, keys=keys) for month in MONTHS
    ]


def test_a_series_costs_the_queries_of_one_period(
    branch, spread_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(100) as one:
        compute(locations=[branch], period=MONTHS[0])
    with django_assert_max_num_queries(100) as twelve:
        compute_series(locations=[branch], periods=MONTHS)
    # only the two sources grouped per household or participant run once per period
    assert len(twelve.captured_queries) == len(one.captured_queries) + 2 * 11
    with django_assert_max_num_queries(3):
        compute_series(locations=[branch], periods=MONTHS, keys=MONTHLY_KEYS)


def test_an_empty_series_is_empty(branch):
    assert compute_series(locations=[branch], periods=[]) == []
