"""Facts: the figures of standard periods read from what the engine stored, equal to the live
computation; stale after a write, computed again on read (one location) or within the budget
(several), with the moment of what is read as stored; the live engine for free periods."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from koers.contacts.services import contact_log
from koers.core.actors import CLI
from koers.indicators import facts
from koers.indicators.engine import compute, compute_series
from koers.indicators.models import Fact, FactClock, ScopeFact
from koers.indicators.periods import Period
from tests.factories import (
    ContactFactory,
    EnrolmentFactory,
    GroupFactory,
    LocationFactory,
    PersonFactory,
    TargetFactory,
)
from tests.indicators.conftest import populate

D = datetime.date
YEAR = Period.year(2017)
STANDARD = Period.standard(2017)


@pytest.fixture(autouse=True)
def _time_enough(settings):
    """Computing stale facts of several locations fits the budget here unless a test says
    otherwise (a busy test machine must not turn a read into a live computation)."""
    settings.KOERS_FACTS_BUDGET = 600


def across(branch, other_branch) -> None:
    """What makes a region's figure other than the sum of its branches': a person with
    contacts in both (they moved), one visitor and one venue day in both, a participant
    enrolled in the same program in both."""
    person = PersonFactory(location=other_branch)
    for location in (branch, other_branch):
        ContactFactory(location=location, person=person, date=D(2017, 3, 1), venue="Bibliotheek")
        ContactFactory(location=location, person=None, visitor_ref="bz-1", date=D(2017, 3, 1))
        group = GroupFactory(location=location, program="language_class")
        EnrolmentFactory(group=group, person=person, enrolled_on=D(2017, 2, 1))
    TargetFactory(location=branch, indicator="contacts.persons", target=1)
    TargetFactory(location=other_branch, indicator="contacts.persons", target=2)


def read(locations, periods, keys=None, **kwargs):
    return facts.read(locations=locations, periods=periods, keys=keys, **kwargs)


def test_one_location_reads_what_the_engine_computes_for_every_standard_period(branch):
    populate(branch, 3)
    live = compute_series(locations=[branch], periods=STANDARD)
    assert read([branch], STANDARD).values == live  # computed and stored
    assert Fact.objects.filter(location=branch).count() == len(STANDARD)
    again = read([branch], STANDARD)
    assert again.values == live
    assert list(again.values[0]) == list(live[0])  # in registry order, as the engine gives them
    assert again.as_of is None


@pytest.mark.parametrize(
    "keys",
    [
        ["housing.persons_housed", "housing.backlog_end"],
        ["contacts.by_topic.{topic}", "contacts.venue.{venue}.avg_per_day"],
        ["housing.by_nationality.SYR", "targets.housing.persons_housed.actual"],
        ["targets.{indicator}.target", "targets.{indicator}.met"],
        ["housing.backlog_in", "groups.{program}.attendance_rows"],  # hidden parts, asked for
    ],
)
def test_keys_read_from_the_facts_are_those_the_engine_gives(branch, other_branch, keys):
    populate(branch, 2)
    populate(other_branch, 1)
    across(branch, other_branch)
    for locations in ([branch], [branch, other_branch]):
        read(locations, [YEAR])  # every key stored
        expected = compute_series(locations=locations, periods=[YEAR, STANDARD[5]], keys=keys)
        assert read(locations, [YEAR, STANDARD[5]], keys).values == expected


def test_an_unknown_key_is_a_key_error_as_in_the_engine(branch):
    with pytest.raises(KeyError):
        read([branch], [YEAR], ["housing.no_such_key"])


def test_a_current_fact_of_one_location_is_read_in_two_queries_whatever_the_records(
    branch, other_branch, django_assert_num_queries
):
    populate(branch, 1)
    populate(other_branch, 12)
    for location in (branch, other_branch):
        read([location], [YEAR, Period.month(2017, 3)])
        with django_assert_num_queries(2):  # the write number, the facts
            read([location], [YEAR, Period.month(2017, 3)])


def test_current_facts_of_many_locations_are_read_in_a_fixed_number_of_queries(
    branch, other_branch, far_branch, django_assert_num_queries
):
    populate(branch, 1)
    small = [branch, other_branch]
    read(small, [YEAR])
    with django_assert_num_queries(4):  # write numbers, facts, facts of the set, targets
        read(small, [YEAR])
    more = [LocationFactory(region="Noord") for _ in range(4)]
    for location in more:
        populate(location, 3)
    large = [*small, far_branch, *more]
    read(large, [YEAR, Period.month(2017, 3)])
    with django_assert_num_queries(4):
        read(large, [YEAR, Period.month(2017, 3)])


def test_a_few_keys_of_a_location_without_current_facts_are_computed_live_storing_nothing(
    branch, django_assert_num_queries
):
    populate(branch, 2)
    keys = ["housing.persons_housed", "housing.backlog_end"]
    months = [Period.month(2017, month) for month in range(1, 13)]
    live = compute_series(locations=[branch], periods=months, keys=keys)
    with django_assert_num_queries(2 + 3):  # write number and facts; the engine's three
        assert read([branch], months, keys).values == live
    assert not Fact.objects.exists()
    read([branch], months)  # a full read stores every key
    with django_assert_num_queries(2):
        assert read([branch], months, keys).values == live


def test_a_write_through_a_service_makes_the_location_stale_and_the_next_read_counts_it(branch):
    populate(branch, 2)
    before = read([branch], [YEAR]).values[0]
    person = PersonFactory(location=branch)
    generation = FactClock.objects.get(location=branch).generation
    contact_log(
        location=branch, kind="phone", date=D(2017, 5, 1), by=CLI, person=person, topics=["work"]
    )
    assert FactClock.objects.get(location=branch).generation == generation + 1
    after = read([branch], [YEAR]).values[0]
    assert after == compute(locations=[branch], period=YEAR)
    assert after["contacts.total"] == before["contacts.total"] + 1
    assert after["contacts.by_topic.work"] == before["contacts.by_topic.work"] + 1


def test_several_locations_equal_the_engine_over_their_union_not_the_sum(branch, other_branch):
    populate(branch, 2)
    populate(other_branch, 3)
    across(branch, other_branch)
    both = [branch, other_branch]
    live = compute_series(locations=both, periods=STANDARD)
    assert read(both, STANDARD).values == live
    assert read(both, STANDARD).values == live  # from the stored facts
    year = live[0]
    parts = [compute(locations=[location], period=YEAR) for location in both]
    # the figures that are not a sum are the union's, and stored for the set of locations
    assert year["contacts.persons"] < sum(part["contacts.persons"] for part in parts)
    assert year["targets.contacts.persons.target"] == 3
    assert ScopeFact.objects.filter(scope=facts.scope_of([branch.pk, other_branch.pk])).exists()


def test_a_stale_fact_beyond_the_budget_is_read_as_stored_with_its_moment(branch, other_branch):
    populate(branch, 2)
    populate(other_branch, 1)
    both = [branch, other_branch]
    first = read(both, [YEAR])
    stored_at = Fact.objects.get(location=branch, start=YEAR.start, end=YEAR.end).computed_at
    contact_log(location=branch, kind="phone", date=D(2017, 5, 1), by=CLI)
    stale = read(both, [YEAR], budget_seconds=-1)
    assert stale.values == first.values
    assert stale.as_of == stored_at
    current = read(both, [YEAR])  # within the default budget: computed again
    assert current.as_of is None
    assert current.values == compute_series(locations=both, periods=[YEAR])
    assert current.values[0]["contacts.total"] == first.values[0]["contacts.total"] + 1


def test_the_set_of_locations_is_read_as_stored_too_when_it_does_not_fit(branch, other_branch):
    populate(branch, 1)
    across(branch, other_branch)
    both = [branch, other_branch]
    first = read(both, [YEAR])
    scope_at = ScopeFact.objects.get().computed_at
    contact_log(location=other_branch, kind="phone", date=D(2017, 5, 1), by=CLI)
    ScopeFact.objects.update(cost=3600)  # a set of locations that takes an hour to compute
    stale = read(both, [YEAR])
    assert stale.as_of == scope_at
    assert stale.values[0]["contacts.total"] == first.values[0]["contacts.total"] + 1
    assert stale.values[0]["contacts.persons"] == first.values[0]["contacts.persons"]


def test_missing_facts_that_do_not_fit_the_budget_are_computed_live(branch, other_branch):
    populate(branch, 1)
    both = [branch, other_branch]
    found = read(both, [YEAR], budget_seconds=-1)
    assert found.values == compute_series(locations=both, periods=[YEAR])
    assert found.as_of is None
    assert not Fact.objects.exists()


def test_a_free_period_is_computed_live(branch, other_branch):
    populate(branch, 2)
    free = Period(D(2017, 2, 3), D(2017, 9, 30))
    for locations in ([branch], [branch, other_branch]):
        assert read(locations, [free]).values == [compute(locations=locations, period=free)]
    assert not Fact.objects.exists()


def test_facts_of_other_definitions_are_not_read(branch):
    populate(branch, 1)
    read([branch], [YEAR])
    Fact.objects.update(definitions="0-old", values=[["contacts.total", 999]])
    assert read([branch], [YEAR]).values == [compute(locations=[branch], period=YEAR)]


def test_the_definitions_change_with_the_registry_code():
    assert facts.definitions().startswith("1-")


def test_refresh_brings_every_fact_of_a_year_up_to_date(branch, other_branch):
    populate(branch, 1)
    populate(other_branch, 1)
    done = facts.refresh(years=[2017], today=D(2018, 1, 15), every_period=True)
    assert done.locations == 2 * len(STANDARD)
    assert done.scopes == len(STANDARD)  # the region of both
    assert facts.refresh(years=[2017], today=D(2018, 1, 15), every_period=True).locations == 0
    contact_log(location=branch, kind="phone", date=D(2017, 5, 1), by=CLI)
    again = facts.refresh(years=[2017], today=D(2018, 1, 15), every_period=True)
    assert (again.locations, again.scopes) == (len(STANDARD), len(STANDARD))
    both = [branch, other_branch]
    current = read(both, STANDARD, budget_seconds=-1)  # nothing computed: all current
    assert current.as_of is None
    assert current.values == compute_series(locations=both, periods=STANDARD)


def test_refresh_leaves_months_that_have_not_begun(branch):
    done = facts.refresh(years=[2017], today=D(2017, 3, 31), every_period=True)
    # the year, the first half, the first quarter and three months
    assert done.locations == 6
    assert facts.refresh(years=[2017, 2018], today=D(2017, 3, 31)).locations == 0  # years only


def test_the_command_refreshes_and_says_what_it_did(branch, capsys):
    populate(branch, 1)
    call_command("facts", "refresh", "--year", "2016", "--year", "2017")
    assert Fact.objects.filter(location=branch).count() == 2  # the two years
    assert "2016, 2017: 2 cijfersets" in capsys.readouterr().out
    call_command("facts", "refresh", "--year", "2017", "--all-periods")
    assert Fact.objects.filter(location=branch).count() == 1 + len(STANDARD)
    assert "2017: 18 cijfersets" in capsys.readouterr().out


def test_refresh_forgets_a_set_of_locations_not_read_for_a_week(branch, other_branch, far_branch):
    populate(branch, 1)
    pair = [branch, far_branch]  # neither a region nor all branches: not refreshed
    read(pair, [YEAR])
    scope = facts.scope_of([branch.pk, far_branch.pk])
    facts.refresh(years=[2017], today=D(2018, 1, 15))
    assert ScopeFact.objects.filter(scope=scope).exists()
    ScopeFact.objects.filter(scope=scope).update(
        computed_at=timezone.now() - datetime.timedelta(days=8)
    )
    facts.refresh(years=[2017], today=D(2018, 1, 15))
    assert not ScopeFact.objects.filter(scope=scope).exists()
    assert ScopeFact.objects.filter(scope=facts.scope_of([branch.pk, other_branch.pk])).exists()


def test_one_location_read_with_a_budget_shows_a_stale_fact_that_does_not_fit_as_stored(branch):
    """The start page's glance (a budget of nothing): the stored figures with their moment;
    a read without a budget (the branch's own report) computes them again."""
    populate(branch, 2)
    keys = ["contacts.total", "contacts.persons"]
    first = read([branch], [YEAR])
    stored_at = Fact.objects.get(location=branch, start=YEAR.start, end=YEAR.end).computed_at
    contact_log(location=branch, kind="phone", date=D(2017, 5, 1), by=CLI)
    stale = read([branch], [YEAR], keys, budget_seconds=-1)
    assert stale.as_of == stored_at
    assert stale.values == [{key: first.values[0][key] for key in keys}]
    fits = read([branch], [YEAR], keys, budget_seconds=600)  # a few keys: live, nothing stored
    assert fits.as_of is None
    assert fits.values[0]["contacts.total"] == first.values[0]["contacts.total"] + 1
    stored = Fact.objects.get(location=branch, start=YEAR.start, end=YEAR.end)
    assert stored.computed_at == stored_at
    current = read([branch], [YEAR])
    assert current.as_of is None
    assert current.values == compute_series(locations=[branch], periods=[YEAR])


def test_one_location_without_stored_facts_is_computed_whatever_the_budget(branch):
    populate(branch, 1)
    found = read([branch], [YEAR], ["contacts.total"], budget_seconds=-1)
    assert found.as_of is None
    live = compute_series(locations=[branch], periods=[YEAR], keys=["contacts.total"])
    assert found.values == live
