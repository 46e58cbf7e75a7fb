"""Periods: years, halves and months, their labels (Dutch and English) and their arithmetic."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koers.indicators.periods import Period

D = datetime.date
years = st.integers(1901, 2998)


def test_a_year_runs_from_the_first_of_january_to_the_thirty_first_of_december():
    assert Period.year(2017) == Period(D(2017, 1, 1), D(2017, 12, 31))
    assert Period.year(2017).is_calendar_year


def test_a_period_that_starts_after_it_ends_is_refused():
    with pytest.raises(ValueError, match="starts after"):
        Period(D(2017, 2, 1), D(2017, 1, 31))
    with pytest.raises(ValueError):
        Period.half(2017, 3)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.year(2017), "2017"),
        (Period.half(2017, 1), "1e halfjaar 2017"),
        (Period.half(2017, 2), "2e halfjaar 2017"),
        (Period.month(2016, 2), "februari 2016"),
        (Period(D(2017, 3, 5), D(2017, 3, 5)), "5 maart 2017"),
        (Period(D(2017, 3, 5), D(2018, 1, 2)), "5 maart 2017 t/m 2 januari 2018"),
    ],
)
def test_periods_have_a_dutch_label(period, label):
    with translation.override("nl"):
        assert period.label == label


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.year(2017), "2017"),
        (Period.half(2017, 1), "first half of 2017"),
        (Period.month(2016, 2), "February 2016"),
        (Period(D(2017, 3, 5), D(2018, 1, 2)), "5 March 2017 to 2 January 2018"),
    ],
)
def test_periods_have_an_english_label_for_a_reader_of_english(period, label):
    with translation.override("en"):
        assert period.label == label


@given(years)
def test_the_two_halves_of_a_year_join_without_gap_or_overlap(year):
    first, second = Period.half(year, 1), Period.half(year, 2)
    assert first.start == Period.year(year).start
    assert second.end == Period.year(year).end
    assert second.start - first.end == datetime.timedelta(days=1)
    assert not first.is_calendar_year and not second.is_calendar_year


@given(years, st.integers(1, 12))
def test_months_follow_each_other_and_fill_the_year(year, month):
    period = Period.month(year, month)
    assert period.start.day == 1
    assert (period.end + datetime.timedelta(days=1)).day == 1
    following = Period.month(year + month // 12, month % 12 + 1)
    assert following.start == period.end + datetime.timedelta(days=1)
    days = sum(
        (Period.month(year, m).end - Period.month(year, m).start).days + 1 for m in range(1, 13)
    )
    assert days == (Period.year(year).end - Period.year(year).start).days + 1


@given(st.dates(D(1901, 1, 2), D(2998, 12, 31)), st.integers(0, 800))
def test_only_a_whole_calendar_year_is_a_calendar_year(start, length):
    end = min(start + datetime.timedelta(days=length), D(2999, 12, 31))
    period = Period(start, end)
    assert period.is_calendar_year == (
        start == D(start.year, 1, 1) and end == D(start.year, 12, 31)
    )
    assert period.day_before == start - datetime.timedelta(days=1)
