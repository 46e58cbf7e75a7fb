"""core.listing over a list of rows instead of a queryset (the deadline worklist's items,
derived by one query per rule): the same column paths read from the rows, sorted as the
database sorts (both ways, empty values last, the tie-breaker last), filtered by the
period, paged and exported exactly as shown. The worklist itself: tests/deadlines."""

import datetime
from dataclasses import dataclass

import pytest
from django import forms
from django.test import RequestFactory

from koers.core import editing
from koers.core.listing import Column, Listing, attribute, sorted_rows


@dataclass
class Inner:
    name: str | None


@dataclass
class Row:
    key: int
    day: datetime.date | None
    inner: Inner | None


ROWS = [
    Row(1, datetime.date(2026, 3, 1), Inner("bakri")),
    Row(2, None, Inner("Amin")),
    Row(3, datetime.date(2025, 1, 9), None),
    Row(4, datetime.date(2026, 3, 1), Inner("Zara")),
    Row(5, datetime.date(2024, 7, 7), Inner(None)),
]


class KindFilter(forms.Form):
    odd = forms.BooleanField(required=False)


LISTING = Listing(
    name="proef",
    columns=(
        Column("dag", "dag", ("day",), lambda r: r.day),
        Column("naam", "naam", ("inner__name",), lambda r: attribute(r, "inner__name")),
        Column("niet", "niet gesorteerd"),
    ),
    default_sort="dag",
    filters=KindFilter,
    period=("day", "dag"),
    tie_breaker="key",
)


def keys(rows) -> list[int]:
    return [row.key for row in rows]


def shown(query: dict, *, fmt=None, typed: dict | None = None):
    request = RequestFactory().get("/", query)
    request.session = {}
    request._koers_search = typed or {}  # a kept search's typed days (core.searches)

    def rows(odd=False):
        return [row for row in ROWS if row.key % 2] if odd else list(ROWS)

    return LISTING.show(request, rows, fmt=fmt)


def test_attribute_follows_the_path_and_stops_at_none():
    assert attribute(ROWS[0], "inner__name") == "bakri"
    assert attribute(ROWS[2], "inner__name") is None


def test_rows_sort_both_ways_with_empty_values_last_and_ties_by_the_tie_breaker():
    assert keys(sorted_rows(ROWS, ("day", "key"), descending=False)) == [5, 3, 1, 4, 2]
    assert keys(sorted_rows(ROWS, ("day", "key"), descending=True)) == [4, 1, 3, 5, 2]
    # texts as people read them: "bakri" between "Amin" and "Zara"; no name (or none) last
    assert keys(sorted_rows(ROWS, ("inner__name", "key"), descending=False)) == [2, 1, 4, 3, 5]
    assert keys(sorted_rows(ROWS, ("inner__name", "key"), descending=True)) == [4, 1, 2, 5, 3]


def test_show_sorts_filters_and_reads_the_period_from_the_kept_search():
    assert keys(shown({}).rows) == [5, 3, 1, 4, 2]  # the default: by day, ascending
    assert keys(shown({"sorteer": "naam", "richting": "af"}).rows) == [4, 1, 2, 5, 3]
    assert keys(shown({"sorteer": "niet"}).rows) == [5, 3, 1, 4, 2]  # not sortable: default
    assert keys(shown({"odd": "on"}).rows) == [5, 3, 1]
    period = {"van": "2025-01-09", "tot": "2026-03-01"}
    assert keys(shown({}, typed=period).rows) == [3, 1, 4]  # both days included, no day out


def test_pages_and_the_export_are_the_rows_shown(monkeypatch):
    monkeypatch.setattr(editing, "PAGE_SIZE", 2)
    page_two = shown({"sorteer": "dag", "richting": "af", "page": "2"})
    assert keys(page_two.rows) == [3, 5]
    assert page_two.page.paginator.count == 5
    export = shown({"sorteer": "dag", "richting": "af", "odd": "on"}, fmt="csv")
    assert export.table() == [
        ["dag", "naam"],  # a column without an export value is not exported
        [datetime.date(2026, 3, 1), "bakri"],
        [datetime.date(2025, 1, 9), None],
        [datetime.date(2024, 7, 7), None],
    ]


def test_an_unknown_format_is_not_found():
    from django.http import Http404

    with pytest.raises(Http404):
        shown({}, fmt="pdf")


def test_texts_sort_by_their_letters_then_accents_and_case_as_a_collation_does():
    names = ["Özil", "Eva", "emma", "Émile", "eva", "Emile", "Zara"]
    rows = [Row(number, None, Inner(name)) for number, name in enumerate(names)]

    def named(descending):
        return [
            row.inner.name
            for row in sorted_rows(rows, ("inner__name", "key"), descending=descending)
        ]

    assert named(False) == ["Emile", "Émile", "emma", "Eva", "eva", "Özil", "Zara"]
    assert named(True) == ["Zara", "Özil", "eva", "Eva", "emma", "Émile", "Emile"]
