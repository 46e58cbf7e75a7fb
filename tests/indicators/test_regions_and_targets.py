"""A region's figures (sums, distinct over the union, recomputed rates, summed backlogs)
and the performance agreements (targets)."""

import datetime
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.indicators.engine import compute
from koers.indicators.periods import Period
from tests.conftest import examples
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    GroupFactory,
    GroupSessionFactory,
    PersonFactory,
    PlacementFactory,
    QuotaPeriodFactory,
    StaffMemberFactory,
    TargetFactory,
)

D = datetime.date


def test_a_region_sums_counts_and_takes_distinct_counts_over_the_union(
    branch, other_branch, figures
):
    traveller = PersonFactory(location=branch)
    ContactFactory(location=branch, person=traveller)
    ContactFactory(location=other_branch, person=traveller)
    ContactFactory(location=other_branch, person=None, visitor_ref="bz-9")
    ContactFactory(location=branch, person=None, visitor_ref="bz-9")
    parts = [figures(2017, locations=[location]) for location in (branch, other_branch)]
    region = figures(2017, locations=[branch, other_branch])
    assert region["contacts.total"] == 4 == sum(p["contacts.total"] for p in parts)
    assert [p["contacts.persons"] for p in parts] == [1, 1]
    assert region["contacts.persons"] == 1
    assert region["contacts.unregistered_visitors"] == 1


def test_a_regions_rate_is_recomputed_from_its_summed_parts(branch, other_branch, figures):
    for location, presences in ((branch, [True]), (other_branch, [True, False, False])):
        session = GroupSessionFactory(group=GroupFactory(location=location))
        for present in presences:
            AttendanceFactory(
                session=session, person=PersonFactory(location=location), present=present
            )
    key = "groups.participation_statement.attendance_rate"
    assert figures(2017, locations=[branch])[key] == 1.0
    assert figures(2017, locations=[other_branch])[key] == 0.333
    assert figures(2017, locations=[branch, other_branch])[key] == 0.5


def test_a_regions_backlog_is_the_sum_of_its_locations_with_quota(
    branch, other_branch, far_branch, figures
):
    QuotaPeriodFactory(location=branch, quota=5, backlog_in=2)
    QuotaPeriodFactory(location=other_branch, quota=3, backlog_in=-1)
    PlacementFactory(person=PersonFactory(location=other_branch), housed_on=D(2017, 2, 1))
    PlacementFactory(person=PersonFactory(location=far_branch), housed_on=D(2017, 2, 1))
    region = figures(Period.half(2017, 1), locations=[branch, other_branch, far_branch])
    assert (region["housing.backlog_start"], region["housing.backlog_end"]) == (1, 8)
    assert region["housing.persons_housed"] == 2


def additive(key: str) -> bool:
    """Keys over records that each belong to one location: a region's value is the sum."""
    return key.startswith(("housing.", "contacts.total", "contacts.by_kind.", "contacts.hours"))


@settings(
    max_examples=examples(5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    placements=st.lists(
        st.tuples(st.booleans(), st.dates(D(2016, 6, 1), D(2018, 6, 30)), st.booleans()),
        max_size=6,
    ),
    contacts=st.lists(
        st.tuples(st.booleans(), st.dates(D(2016, 6, 1), D(2018, 6, 30))), max_size=6
    ),
    start=st.dates(D(2016, 6, 1), D(2018, 6, 30)),
    days=st.integers(0, 500),
)
def test_for_additive_keys_a_region_is_the_sum_of_its_parts(
    branch, other_branch, placements, contacts, start, days
):
    locations = (branch, other_branch)
    period = Period(start, start + datetime.timedelta(days=days))
    with transaction.atomic():
        for second, day, counted in placements:
            PlacementFactory(
                person=PersonFactory(location=locations[second]),
                housed_on=day,
                counts_for_quota=counted,
            )
        for second, day in contacts:
            ContactFactory(location=locations[second], date=day)
        parts = [compute(locations=[location], period=period) for location in locations]
        region = compute(locations=locations, period=period)
        checked = [key for key in region if additive(key)]
        assert len(checked) > 20
        for key in checked:
            assert region[key] == sum(part.get(key, 0) for part in parts), key
        transaction.set_rollback(True)


def test_targets_are_reported_with_actual_and_met_for_a_calendar_year(branch, figures):
    PlacementFactory(person=PersonFactory(location=branch), housed_on=D(2017, 5, 1))
    TargetFactory(location=branch, indicator="housing.persons_housed", target=1)
    TargetFactory(location=branch, indicator="contacts.total", target=Decimal("2.5"))
    TargetFactory(location=branch, indicator="contacts.total", target=3, year=2018)
    result = figures(2017)
    assert result["targets.housing.persons_housed.target"] == 1
    assert result["targets.housing.persons_housed.actual"] == 1
    assert result["targets.housing.persons_housed.met"] == 1
    assert result["targets.contacts.total.target"] == 2.5
    assert (result["targets.contacts.total.actual"], result["targets.contacts.total.met"]) == (0, 0)


def test_targets_are_only_given_for_a_calendar_year(branch, figures):
    TargetFactory(location=branch)
    assert not any(k.startswith("targets.") for k in figures(Period.half(2017, 1)))
    assert not any(
        k.startswith("targets.") for k in figures(Period(D(2017, 1, 1), D(2018, 12, 31)))
    )


def test_a_target_on_an_absent_open_value_is_zero_and_on_an_absent_rate_has_no_actual(
    branch, figures
):
    TargetFactory(location=branch, indicator="housing.by_nationality.ERI", target=3)
    TargetFactory(location=branch, indicator="groups.vip.attendance_rate", target=Decimal("0.8"))
    result = figures(2017)
    assert result["targets.housing.by_nationality.ERI.actual"] == 0
    assert result["targets.housing.by_nationality.ERI.met"] == 0
    assert result["targets.groups.vip.attendance_rate.target"] == 0.8
    assert "targets.groups.vip.attendance_rate.actual" not in result
    assert "targets.groups.vip.attendance_rate.met" not in result


def test_a_regions_targets_are_summed_per_indicator(branch, other_branch, figures):
    for location in (branch, other_branch):
        TargetFactory(location=location, indicator="staff.active.volunteer", target=2)
        StaffMemberFactory(location=location)
    result = figures(2017, locations=[branch, other_branch])
    assert result["targets.staff.active.volunteer.target"] == 4
    assert result["targets.staff.active.volunteer.actual"] == 2
    assert result["targets.staff.active.volunteer.met"] == 0
