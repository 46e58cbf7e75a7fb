"""People read one date format and Dutch numbers everywhere (#15)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from koers.core.formatting import date_text, due_text, moment_text, month_text, number_text


def test_a_date_has_its_year_and_a_dutch_month():
    with translation.override("nl"):
        assert date_text(datetime.date(2026, 12, 6)) == "6 dec. 2026"
        assert date_text(datetime.date(2026, 5, 13)) == "13 mei 2026"
        assert date_text(datetime.date(2026, 12, 6), weekday=True) == "zo 6 dec. 2026"
        assert date_text(None) == ""


def test_a_moment_is_written_in_amsterdam():
    late = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    with translation.override("nl"):
        assert moment_text(late) == "7 dec. 2026 00:30"
        assert date_text(late) == "7 dec. 2026"
    assert late.astimezone(ZoneInfo("Europe/Amsterdam")).day == 7


def test_numbers_have_the_languages_thousands_separator():
    with translation.override("nl"):
        assert number_text(73000) == "73.000"
        assert number_text(Decimal("2.5"), 1) == "2,5"
        assert number_text(12) == "12"
        assert number_text(None) == ""


def test_the_filters_write_the_same():
    template = Template("{% load koers %}{{ d|datum }}|{{ d|datum:'weekdag' }}|{{ n|getal }}")
    with translation.override("nl"):
        text = template.render(Context({"d": datetime.date(2024, 1, 31), "n": 1234567}))
    assert text == "31 jan. 2024|wo 31 jan. 2024|1.234.567"


def test_a_due_date_says_how_it_stands_to_today():
    today = datetime.date(2026, 12, 6)
    with translation.override("nl"):
        assert due_text(datetime.date(2026, 12, 3), today) == "3 dagen te laat"
        assert due_text(datetime.date(2026, 12, 5), today) == "1 dag te laat"
        assert due_text(today, today) == "vandaag"
        assert due_text(datetime.date(2026, 12, 7), today) == "morgen"
        assert due_text(datetime.date(2026, 12, 11), today) == "over 5 dagen"
        assert due_text(None, today) == ""


@pytest.mark.parametrize(
    ("days", "dutch", "english"),
    [
        (60, "over 60 dagen", "in 60 days"),
        (61, "over 2 maanden", "in 2 months"),
        (152, "over 5 maanden", "in 5 months"),
        (715, "over 23 maanden", "in 23 months"),
        (716, "over 2 jaar", "in 2 years"),
        (1096, "over 3 jaar", "in 3 years"),
        (-60, "60 dagen te laat", "60 days overdue"),
        (-61, "2 maanden te laat", "2 months overdue"),
        (-1096, "3 jaar te laat", "3 years overdue"),
    ],
)
def test_a_far_off_due_date_is_told_in_months_then_years(days, dutch, english):
    today = datetime.date(2026, 12, 6)
    due_on = today + datetime.timedelta(days=days)
    with translation.override("nl"):
        assert due_text(due_on, today) == dutch
    with translation.override("en"):
        assert due_text(due_on, today) == english


def test_a_month_heading_has_the_dutch_name_and_year():
    with translation.override("nl"):
        assert month_text(datetime.date(2026, 3, 17)) == "maart 2026"
        assert month_text(None) == ""


def test_a_moments_month_is_amsterdams():
    new_year = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with translation.override("nl"):
        assert month_text(new_year) == "januari 2027"
        assert month_text("2026-12-31T23:30:00+00:00") == "januari 2027"


def test_the_termijn_filter_counts_from_today_in_amsterdam():
    today = timezone.localdate()
    template = Template(
        "{% load koers %}{{ a|termijn }}|{{ b|termijn }}|{{ c|termijn }}|{{ d|maand }}"
    )
    context = Context(
        {
            "a": today - datetime.timedelta(days=3),
            "b": today,
            "c": today + datetime.timedelta(days=5),
            "d": datetime.date(2026, 12, 1),
        }
    )
    with translation.override("nl"):
        assert template.render(context) == "3 dagen te laat|vandaag|over 5 dagen|december 2026"


def test_an_iso_text_reads_as_its_day_and_anything_else_as_nothing():
    with translation.override("nl"):
        assert date_text("2026-12-06") == "6 dec. 2026"  # a JSON field's day
        assert date_text("gisteren") == ""
        assert date_text(12) == ""
        assert due_text("2026-12-03", datetime.date(2026, 12, 6)) == "3 dagen te laat"
