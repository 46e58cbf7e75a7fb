"""The engine: a fixed number of queries, complete families, the shape of the result, and
the records behind a figure."""

import datetime
import json

import pytest

from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.indicators.engine import compute, explain
from koers.indicators.periods import Period
from koers.indicators.queries import Derived
from koers.indicators.registry import INDICATORS
from tests.factories import ContactFactory, PersonFactory, PlacementFactory
from tests.indicators.conftest import populate

YEAR = Period.year(2017)
MAX_QUERIES = 30


def fixed_count_keys() -> list[str]:
    return [
        key
        for i in INDICATORS
        if i.shown and i.is_fixed and not isinstance(i.query, Derived)
        for key, _ in i.expand()
    ]


def test_the_number_of_queries_does_not_grow_with_the_number_of_records(
    branch, other_branch, django_assert_max_num_queries
):
    populate(branch, 2)
    with django_assert_max_num_queries(MAX_QUERIES) as small:
        compute(locations=[branch], period=YEAR)
    populate(other_branch, 25)
    with django_assert_max_num_queries(MAX_QUERIES) as large:
        result = compute(locations=[other_branch], period=YEAR)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert result["housing.persons_housed"] == 25


def test_an_empty_location_has_every_fixed_key_as_zero_and_no_open_or_rate_key(branch):
    result = compute(locations=[branch], period=YEAR)
    assert list(result) == [k for k in fixed_count_keys() if not k.startswith("housing.backlog")]
    assert set(result.values()) == {0}


def test_the_result_is_flat_json_of_integers_and_rounded_floats(branch):
    populate(branch, 3)
    result = compute(locations=[branch], period=YEAR)
    assert json.loads(json.dumps(result)) == result
    assert all(
        type(v) is int
        for k, v in result.items()
        if not k.endswith(("_rate", "avg_per_day", "per_session"))
    )
    assert result["groups.participation_statement.attendance_rate"] == 0.667
    assert result["contacts.venue.Buurthuis 0.avg_per_day"] == 1.0
    assert result["housing.backlog_end"] == 3 + 40 - 3


def test_a_queryset_of_locations_gives_the_same_as_a_list(branch, other_branch):
    populate(branch, 2)
    populate(other_branch, 1)
    from koers.core.models import Location

    assert compute(locations=Location.objects.all(), period=YEAR) == compute(
        locations=[branch, other_branch], period=YEAR
    )


def test_explain_lists_the_records_behind_a_count(branch, other_branch):
    housed = [PlacementFactory(person=PersonFactory(location=branch)) for _ in range(2)]
    PlacementFactory(person=PersonFactory(location=other_branch))
    evidence = explain(key="housing.persons_housed", locations=[branch], period=YEAR, user=CLI)
    assert sorted(e.external_id for e in evidence) == sorted(p.external_id for p in housed)
    assert all("gehuisvest op: 2017-03-01" in e.description for e in evidence)


def test_explain_of_a_distinct_count_lists_the_distinct_records(branch):
    person = PersonFactory(location=branch)
    ContactFactory(location=branch, person=person)
    ContactFactory(location=branch, person=person)
    evidence = explain(key="contacts.persons", locations=[branch], period=YEAR, user=CLI)
    assert [e.record for e in evidence] == [person]


def test_explain_matches_the_count_for_every_nonzero_figure(branch):
    populate(branch, 4)
    result = compute(locations=[branch], period=YEAR)
    not_a_count_of_records = ("housing.backlog", "housing.quota", "targets.", "_visitors", ".days")
    checked = [
        key
        for key, value in result.items()
        if type(value) is int and value > 0 and not any(s in key for s in not_a_count_of_records)
    ]
    assert len(checked) > 50
    for key in checked:
        assert len(explain(key=key, locations=[branch], period=YEAR, user=CLI)) == result[key], key


def test_explain_of_a_backlog_lists_the_placements_it_subtracts(branch):
    populate(branch, 2)
    PlacementFactory(person=PersonFactory(location=branch), housed_on=datetime.date(2016, 12, 31))
    evidence = explain(key="housing.backlog_end", locations=[branch], period=YEAR, user=CLI)
    assert len(evidence) == 2


def test_explain_for_a_user_shows_only_records_the_user_may_see(branch, users):
    populate(branch, 2)
    key = "legal.family_reunification.opened"
    assert len(explain(key=key, locations=[branch], period=YEAR, user=users[Role.LEGAL])) == 2
    assert explain(key=key, locations=[branch], period=YEAR, user=users[Role.VOLUNTEER]) == []
    assert explain(key=key, locations=[branch], period=YEAR, user=users["other_team_leader"]) == []


def test_explain_of_an_unknown_key_raises_key_error(branch):
    with pytest.raises(KeyError):
        explain(key="housing.nothing", locations=[branch], period=YEAR, user=CLI)
