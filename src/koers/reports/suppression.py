"""Small-cell suppression for the municipality's free-period figures.

A count from 1 to 4 is shown as "<5" (primary suppression): in a month's figures a
small count can point at one family. A breakdown whose total is on the same page
(persons housed = adults + children) would give a hidden cell back by subtraction,
so cells are hidden as well until no hidden cell can be worked out from what is
shown (secondary suppression, shown as a cross): after every step the bounds of each
hidden cell are narrowed through all the breakdowns on the page (interval
propagation over the sums), and while any hidden cell is pinned to one value the
smallest shown cell of its breakdown (5 or more) is hidden too, else its total.
Zeros are shown: that nobody was counted says nothing about a person. Keys in
``exempt`` (the number of persons housed, which the municipality itself reports
against its quota) are always shown, and count as known in the sums.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from koers.core.formatting import number_text

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "\u00d7"  # a multiplication sign: "hidden so that no small cell can be derived"


@dataclass(frozen=True)
class Breakdown:
    """``total`` is the sum of ``parts`` (all keys of the same page)."""

    total: str
    parts: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


Bounds = dict[str, tuple[float, float]]


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def initial_bounds(values: dict[str, int], hidden: set[str], unbounded: set[str]) -> Bounds:
    bounds = {}
    for key, value in values.items():
        if key in unbounded:
            bounds[key] = (0, math.inf)
        elif key not in hidden:
            bounds[key] = (value, value)
        elif is_small(value):
            bounds[key] = (1, THRESHOLD - 1)
        else:
            bounds[key] = (THRESHOLD, math.inf)
    return bounds


def narrow(bounds: Bounds, breakdowns: Iterable[Breakdown]) -> Bounds:
    """Tighten every cell's bounds through every sum until nothing changes."""
    bounds = dict(bounds)
    breakdowns = list(breakdowns)
    for _ in range(100):
        changed = False
        for breakdown in breakdowns:
            parts_low = sum(bounds[p][0] for p in breakdown.parts)
            parts_high = sum(bounds[p][1] for p in breakdown.parts)
            total_low, total_high = bounds[breakdown.total]
            candidates = {breakdown.total: (parts_low, parts_high)}
            for part in breakdown.parts:
                low, high = bounds[part]
                candidates[part] = (total_low - (parts_high - high), total_high - (parts_low - low))
            for key, (low, high) in candidates.items():
                old_low, old_high = bounds[key]
                new = (max(old_low, low), min(old_high, high))
                if new != (old_low, old_high) and not math.isnan(new[0] + new[1]):
                    bounds[key] = new
                    changed = True
        if not changed:
            break
    return bounds


def pinned(bounds: Bounds, hidden: set[str]) -> list[str]:
    return sorted(key for key in hidden if bounds[key][0] == bounds[key][1])


def next_to_hide(
    key: str,
    values: dict[str, int],
    hidden: set[str],
    breakdowns: list[Breakdown],
    exempt: frozenset[str],
) -> set[str]:
    """What to hide so that the pinned ``key`` is no longer pinned: the smallest shown
    cell of 5 or more in one of its breakdowns, else its totals."""
    around = [breakdown for breakdown in breakdowns if key in breakdown.keys]
    for breakdown in around:
        shown = [
            p
            for p in breakdown.parts
            if p not in hidden and p not in exempt and values[p] >= THRESHOLD
        ]
        if shown:
            return {min(shown, key=lambda p: (values[p], p))}
    return {
        b.total
        for b in around
        if b.total not in hidden and b.total not in exempt and values[b.total] >= THRESHOLD
    }


def suppress(
    values: dict[str, int], breakdowns: list[Breakdown], exempt: frozenset[str] = frozenset()
) -> dict[str, str]:
    """How each value is shown: its digits ("1.038"), "<5", or the cross."""
    hidden = {key for key, value in values.items() if is_small(value) and key not in exempt}
    unbounded: set[str] = set()
    for _ in range(2 * len(values) + 1):
        bounds = narrow(initial_bounds(values, hidden, unbounded), breakdowns)
        leaks = pinned(bounds, hidden)
        if not leaks:
            break
        more = next(
            (
                found
                for key in leaks
                if (found := next_to_hide(key, values, hidden, breakdowns, exempt))
            ),
            None,
        )
        if more:
            hidden |= more
        else:  # only shown totals are left: say nothing, not even "<5", about these cells
            unbounded |= {
                key
                for breakdown in breakdowns
                if leaks[0] in breakdown.keys
                for key in breakdown.keys
                if key in hidden
            }
    return {
        key: (SMALL if is_small(value) and key not in unbounded else HIDDEN)
        if key in hidden
        else number_text(value)
        for key, value in values.items()
    }
