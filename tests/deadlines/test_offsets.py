"""Calendar-month arithmetic: the same answer in Python, in SQLite and in PostgreSQL."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.deadlines.offsets import AddOffset, Offset, add_offset
from koers.people.models import Person
from tests.factories import PersonFactory

days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))
months = st.integers(min_value=0, max_value=600)
# The arithmetic is cheap; on a busy shared machine the clock is not, so no timing checks.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("day", "offset", "expected"),
    [
        (datetime.date(2017, 1, 31), Offset(months=1), datetime.date(2017, 2, 28)),
        (datetime.date(2016, 1, 31), Offset(months=1), datetime.date(2016, 2, 29)),
        (datetime.date(2016, 2, 29), Offset(years=1), datetime.date(2017, 2, 28)),
        (datetime.date(2017, 8, 31), Offset(months=6), datetime.date(2018, 2, 28)),
        (datetime.date(2017, 3, 31), Offset(months=3), datetime.date(2017, 6, 30)),
        (datetime.date(2017, 11, 15), Offset(months=3), datetime.date(2018, 2, 15)),
        (datetime.date(2017, 1, 31), Offset(months=1, days=1), datetime.date(2017, 3, 1)),
        (datetime.date(2017, 5, 1), Offset(), datetime.date(2017, 5, 1)),
    ],
)
def test_month_end_is_clamped_and_days_come_after_months(day, offset, expected):
    assert add_offset(day, offset) == expected


@relaxed
@given(day=days, months=months)
def test_adding_months_keeps_the_day_or_clamps_it_to_the_month_end(day, months):
    result = add_offset(day, Offset(months=months))
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    if result.day < day.day:
        assert (result + datetime.timedelta(days=1)).day == 1  # clamped: the month's last day


@relaxed
@given(day=days, years=st.integers(min_value=0, max_value=50))
def test_a_year_is_twelve_months(day, years):
    assert add_offset(day, Offset(years=years)) == add_offset(day, Offset(months=12 * years))


@relaxed
@given(day=days, months=st.integers(min_value=0, max_value=120), extra=st.integers(0, 400))
def test_days_are_added_after_the_months(day, months, extra):
    assert add_offset(day, Offset(months=months, days=extra)) == add_offset(
        day, Offset(months=months)
    ) + datetime.timedelta(days=extra)


@pytest.mark.django_db
def test_database_arithmetic_matches_python_on_month_ends_and_leap_days(branch):
    births = [
        datetime.date(2016, 1, 31),
        datetime.date(2016, 2, 29),
        datetime.date(2017, 8, 31),
        datetime.date(2017, 3, 31),
        datetime.date(2017, 12, 15),
        datetime.date(1999, 12, 31),
    ]
    for birth in births:
        PersonFactory(location=branch, birth_date=birth)
    offsets = [
        Offset(months=1),
        Offset(months=3),
        Offset(years=1),
        Offset(0, 18, 0),
        Offset(0, 1, 1),
    ]
    for offset in offsets:
        rows = Person.objects.annotate(shifted=AddOffset("birth_date", offset)).values_list(
            "birth_date", "shifted"
        )
        assert dict(rows) == {birth: add_offset(birth, offset) for birth in births}
