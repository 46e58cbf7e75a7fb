"""Which keys add up over locations (``Indicator.additive``): the facts of several locations
sum those and take the others from the set of locations. A key declared additive whose
region value is not the sum of its branches' fails here, on data that puts one person,
visitor, venue day, volunteer, participant and partner in two branches."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.indicators.registry import INDICATORS, find
from tests.conftest import examples
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import (
    ContactFactory,
    EnrolmentFactory,
    GroupFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    StaffMemberFactory,
)
from tests.indicators.conftest import populate

D = datetime.date
YEAR = Period.year(2017)
MARCH_FIRST = D(2017, 3, 1)


def twice(a, b, day=MARCH_FIRST) -> None:
    """Each thing a distinct count counts once, at both branches (a client who moved, a
    visitor who came to both, a volunteer and a partner working for both)."""
    person = PersonFactory(location=b, civic_integration_required=True)
    coach = StaffMemberFactory(location=a)
    partner = PartnerFactory(location=a, kind="social_team")
    for location in (a, b):
        ContactFactory(location=location, person=person, date=day, venue="Bibliotheek")
        ContactFactory(location=location, person=person, date=day, kind="legal_hours")
        ContactFactory(location=location, person=None, visitor_ref="bz-1", date=day)
        group = GroupFactory(location=location, program="language_class", started_on=day)
        EnrolmentFactory(group=group, person=person, enrolled_on=day)
        MatchFactory(
            person=PersonFactory(location=location), staff=coach, requested_on=day, started_on=day
        )
        ActivityFactory(location=location, date=day, partners=[partner], staff=[coach])
    # the nearest to a household or dwelling in two branches: members housed in both
    household = HouseholdFactory(location=a)
    for location in (a, b):
        PlacementFactory(person=PersonFactory(location=a, household=household), housed_on=day)
        PlacementFactory(person=PersonFactory(location=location), housed_on=day)


def sums(locations, period) -> tuple[dict, dict]:
    """The figures of the locations together, and each key's sum over the locations."""
    together = compute(locations=locations, period=period)
    summed: dict = {}
    for location in locations:
        for key, value in compute(locations=[location], period=period).items():
            summed[key] = summed.get(key, 0) + value
    return together, summed


def test_a_key_declared_additive_is_the_sum_and_every_other_count_is_not(branch, other_branch):
    populate(branch, 2)
    populate(other_branch, 3)
    twice(branch, other_branch)
    together, summed = sums([branch, other_branch], YEAR)
    additive = [key for key in together if find(key).additive]
    assert len(additive) > 150
    for key in additive:
        assert together[key] == summed[key], key
    for indicator in INDICATORS:
        if indicator.additive or indicator.query.__class__.__name__ not in {"Tally", "Breakdown"}:
            continue
        differ = [
            key
            for key in set(together) | set(summed)
            if indicator.regex.match(key) and together.get(key, 0) != summed.get(key, 0)
        ]
        assert differ, f"{indicator.key} is declared not additive but added up here"


@settings(
    max_examples=examples(4),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["twice", "populate", "moved", "household"]),
            st.booleans(),
            st.dates(D(2016, 11, 1), D(2018, 2, 28)),
        ),
        min_size=1,
        max_size=5,
    ),
    period=st.sampled_from(
        [YEAR, Period.half(2017, 2), Period.month(2017, 3), Period(D(2016, 12, 20), D(2017, 4, 2))]
    ),
)
def test_for_any_records_a_key_declared_additive_is_the_sum_of_the_branches(
    branch, other_branch, events, period
):
    pair = (branch, other_branch)
    with transaction.atomic():
        for kind, swap, day in events:
            a, b = pair[::-1] if swap else pair
            if kind == "twice":
                twice(a, b, day)
            elif kind == "populate":
                populate(a, 1)
            elif kind == "moved":  # a client counted in one branch, then the other
                person = PersonFactory(location=b)
                ContactFactory(location=a, person=person, date=day)
                PlacementFactory(person=person, housed_on=day)
            else:  # a household of one branch housed in the other's dwelling
                member = PersonFactory(location=a, household=HouseholdFactory(location=a))
                PlacementFactory(person=member, housed_on=day, dwelling__location=b)
        together, summed = sums(list(pair), period)
        for key in together:
            if find(key).additive:
                assert together[key] == summed.get(key, 0), key
        transaction.set_rollback(True)
