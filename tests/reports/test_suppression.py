"""Small cells are hidden, and cannot be worked back from the totals on the same page."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from koers.reports.suppression import HIDDEN, SMALL, THRESHOLD, Breakdown, suppress
from tests.conftest import examples

AGE = Breakdown("total", ("adults", "children"))
SEX = Breakdown("total", ("male", "female", "x"))


def possible_values(shown: dict[str, str], breakdowns, ceiling: int, strict=True) -> dict:
    """Every value each cell can take given only what is shown (brute force); ``strict``:
    the viewer also knows that a cross hides a count of 5 or more."""
    domains = {}
    for key, text in shown.items():
        if text == SMALL:
            domains[key] = range(1, 5)
        elif text == HIDDEN:
            domains[key] = range(THRESHOLD if strict else 0, ceiling + 1)
        else:
            domains[key] = [int(text)]
    keys = list(domains)
    seen: dict[str, set[int]] = {key: set() for key in keys}
    for combination in itertools.product(*(domains[key] for key in keys)):
        values = dict(zip(keys, combination, strict=True))
        if all(values[b.total] == sum(values[p] for p in b.parts) for b in breakdowns):
            for key, value in values.items():
                seen[key].add(value)
    return seen


def test_counts_of_one_to_four_are_shown_as_under_five_and_zero_is_shown():
    shown = suppress({"a": 3, "b": 0, "c": 12}, [])
    assert shown == {"a": SMALL, "b": "0", "c": "12"}


def test_a_small_cell_is_not_recoverable_by_subtracting_from_its_total():
    values = {"total": 12, "adults": 9, "children": 3, "male": 6, "female": 6, "x": 0}
    shown = suppress(values, [AGE, SEX])
    assert shown["children"] == SMALL
    assert shown["adults"] == HIDDEN
    assert len(possible_values(shown, [AGE, SEX], 12)["children"]) > 1


def test_a_total_derivable_from_another_breakdown_is_hidden_there_too():
    values = {"total": 8, "adults": 4, "children": 4, "male": 8, "female": 0, "x": 0}
    shown = suppress(values, [AGE, SEX])
    seen = possible_values(shown, [AGE, SEX], 16)
    assert len(seen["adults"]) > 1
    assert len(seen["children"]) > 1


def test_an_exempt_total_stays_shown_and_its_small_parts_say_nothing():
    values = {"total": 8, "adults": 4, "children": 4, "male": 8, "female": 0, "x": 0}
    shown = suppress(values, [AGE, SEX], frozenset({"total"}))
    assert shown["total"] == "8"
    assert len(possible_values(shown, [AGE, SEX], 8, strict=False)["adults"]) > 1


@settings(max_examples=examples(20))
@given(
    adults=st.integers(0, 9),
    children=st.integers(0, 9),
    female=st.integers(0, 9),
    x=st.integers(0, 2),
)
def test_no_hidden_cell_can_be_worked_out_from_what_is_shown(adults, children, female, x):
    total = adults + children
    female = min(female, total - x) if total >= x else 0
    x = min(x, total)
    values = {
        "total": total,
        "adults": adults,
        "children": children,
        "male": total - female - x,
        "female": female,
        "x": x,
    }
    shown = suppress(values, [AGE, SEX])
    seen = possible_values(shown, [AGE, SEX], 2 * total + 2)
    for key, text in shown.items():
        if text in (SMALL, HIDDEN):
            assert len(seen[key]) > 1, (values, shown)
        else:
            assert text == str(values[key])
