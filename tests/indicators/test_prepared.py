"""The aggregate SQL kept per shape (``core.prepared``) answers exactly what Django's
own path answers, with the same queries, and is kept only where that is certain."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, FloatField, Q, Sum
from django.test.utils import CaptureQueriesContext

from koers.core import prepared
from koers.core.models import Location
from koers.indicators.engine import compute, compute_series
from koers.indicators.periods import Period
from koers.staff.models import StaffMember
from tests.factories import StaffMemberFactory
from tests.indicators.conftest import populate

YEAR = Period.year(2017)
QUARTERS = [Period.quarter(2017, quarter) for quarter in (1, 2, 3, 4)]


def django_path(shape, model, ids, build):
    queryset, aggregates = build(list(ids))
    return queryset.aggregate(**aggregates)


@pytest.fixture
def two_branches(branch, other_branch):
    populate(branch, 3)
    populate(other_branch, 2)
    return branch, other_branch


def everything(branch, other_branch) -> list:
    return [
        compute(locations=[branch], period=YEAR),
        compute(locations=[other_branch], period=YEAR),
        compute(locations=[branch, other_branch], period=YEAR),
        compute_series(locations=[other_branch], periods=QUARTERS),
        compute_series(locations=[branch], periods=QUARTERS),
    ]


def test_kept_shapes_give_every_location_what_djangos_path_gives(two_branches, kept, monkeypatch):
    branch, other_branch = two_branches
    first = compute(locations=[branch], period=YEAR)
    shapes = len(kept.templates)
    assert shapes > 10 and any(template is not None for template in kept.templates.values())
    assert compute(locations=[other_branch], period=YEAR)  # the same shapes, other ids
    assert len(kept.templates) == shapes
    found = everything(branch, other_branch)
    assert found[0] == first
    monkeypatch.setattr(prepared, "aggregate", django_path)
    assert found == everything(branch, other_branch)


def test_a_kept_shape_runs_the_queries_djangos_path_runs(two_branches, kept, monkeypatch):
    branch, other_branch = two_branches
    compute(locations=[branch], period=YEAR)
    with CaptureQueriesContext(connection) as reused:
        compute(locations=[other_branch], period=YEAR)
    monkeypatch.setattr(prepared, "aggregate", django_path)
    with CaptureQueriesContext(connection) as built:
        compute(locations=[other_branch], period=YEAR)
    assert len(reused) == len(built)


def staff_hours(ids):
    return StaffMember.objects.filter(location__in=ids), {"hours": Sum("hours_per_week")}


def test_a_sum_that_is_not_a_whole_number_takes_djangos_path(branch, kept):
    StaffMemberFactory(location=branch, hours_per_week=Decimal("1.25"))
    StaffMemberFactory(location=branch, hours_per_week=Decimal("2.50"))
    with CaptureQueriesContext(connection) as ran:
        assert prepared.aggregate("hours", StaffMember, [branch.pk], staff_hours) == {
            "hours": Decimal("3.75")
        }
    assert len(ran) == 1  # known by its output field when built: not run twice
    assert list(kept.templates.values()) == [None]
    assert prepared.aggregate("hours", StaffMember, [branch.pk], staff_hours) == {
        "hours": Decimal("3.75")
    }


def test_a_count_is_known_whole_by_its_class_unless_its_caller_says_otherwise(branch, kept):
    StaffMemberFactory(location=branch)

    def counted(output_field):
        return lambda ids: (
            StaffMember.objects.filter(location__in=ids),
            {"n": Count("pk", output_field=output_field)},
        )

    assert prepared.aggregate("count", StaffMember, [branch.pk], counted(None)) == {"n": 1}
    assert kept.templates[("default", "count", 1)] is not None
    as_float = prepared.aggregate("float", StaffMember, [branch.pk], counted(FloatField()))
    assert as_float == {"n": 1.0} and type(as_float["n"]) is float  # Django's converter
    assert kept.templates[("default", "float", 1)] is None


def test_a_build_that_reads_the_database_is_not_kept(branch, other_branch, kept):
    StaffMemberFactory(location=branch, started_on=datetime.date(2017, 3, 1))
    StaffMemberFactory(location=other_branch, started_on=datetime.date(2017, 3, 1))

    def by_name(ids):  # the SQL would freeze what it read: the names known now
        names = list(Location.objects.order_by("pk").values_list("name", flat=True))
        staff = StaffMember.objects.filter(location__in=ids, location__name__in=names)
        return staff, {"n": Count("pk", filter=Q(started_on__year=2017))}

    assert prepared.aggregate("names", StaffMember, [branch.pk], by_name) == {"n": 1}
    assert list(kept.templates.values()) == [None]
    ids = [branch.pk, other_branch.pk]
    assert prepared.aggregate("names", StaffMember, ids, by_name) == {"n": 2}


def test_no_locations_take_djangos_path(kept):
    assert prepared.aggregate("none", StaffMember, [], staff_hours) == {"hours": None}
    assert list(kept.templates.values()) == [None]


def template(size: int) -> prepared._Template:
    return prepared._Template("x" * size, (), (), ())


def test_the_least_recently_used_shapes_are_dropped_beyond_the_size():
    store = prepared._Kept(10)
    store.put("a", template(4))
    store.put("b", template(4))
    store.put("none", None)
    store.get("a")  # used: "b" is now the least recently used
    store.put("c", template(4))
    assert list(store.templates) == ["none", "a", "c"] and store.used == 8
    store.put("a", template(9))  # built again, larger
    assert list(store.templates) == ["a"] and store.used == 9
    store.put("d", template(11))  # larger than the whole store: kept by nobody
    assert not store.templates and store.used == 0
