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


@pytest.mark.parametrize(
    ("day", "offset", "extra", "expected"),
    [
        (datetime.date(2022, 3, 1), Offset(weeks=10), 0, datetime.date(2022, 5, 10)),
        (datetime.date(2022, 3, 1), Offset(weeks=14), 0, datetime.date(2022, 6, 7)),
        (datetime.date(2022, 1, 31), Offset(months=36), 0, datetime.date(2025, 1, 31)),
        (datetime.date(2022, 1, 31), Offset(months=36), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2023, 1, 31), Offset(months=36), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2021, 1, 31), Offset(months=36), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2022, 8, 31), Offset(months=36), 6, datetime.date(2026, 2, 28)),
    ],
)
def test_weeks_are_seven_days_and_extra_months_are_one_step_with_the_term(
    day, offset, extra, expected
):
    assert add_offset(day, offset, extra) == expected


@relaxed
@given(day=days, months=st.integers(0, 60), extra=st.integers(0, 24), weeks=st.integers(0, 30))
def test_extra_months_add_to_the_terms_months_and_weeks_to_its_days(day, months, extra, weeks):
    assert add_offset(day, Offset(months=months, weeks=weeks), extra) == add_offset(
        day, Offset(months=months + extra, days=7 * weeks)
    )


@pytest.mark.django_db
def test_database_arithmetic_with_weeks_and_extra_months_matches_python(branch):
    from django.db.models import F, Value

    births = [
        datetime.date(2022, 1, 31),
        datetime.date(2023, 1, 31),
        datetime.date(2022, 8, 31),
        datetime.date(2020, 2, 29),
        datetime.date(2022, 12, 15),
    ]
    for birth in births:
        PersonFactory(location=branch, birth_date=birth)
    for offset, extra in [(Offset(weeks=10), 0), (Offset(weeks=14, days=1), 0)] + [
        (Offset(months=36), n) for n in (0, 1, 6, 13)
    ]:
        rows = Person.objects.annotate(
            shifted=AddOffset(F("birth_date"), offset, extra_months=Value(extra))
        ).values_list("birth_date", "shifted")
        assert dict(rows) == {birth: add_offset(birth, offset, extra) for birth in births}
