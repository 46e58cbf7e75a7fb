"""The building blocks indicators are declared with: where rows come from and how they count.

An indicator's query is one of:

* :class:`Tally` — one aggregate (a conditional ``Count``/``Sum``) over a :class:`Source`;
  every tally of one source is computed in a single ``aggregate()`` query.
* :class:`Breakdown` — counts per value of open fields (nationality, venue, course…);
  breakdowns over the same source and fields share one grouped query.
* :class:`Derived` — a value of other keys (a rate, an average, a backlog), computed
  after the counts, so a region's rate comes from its summed parts.
* :class:`TargetQuery` — the performance agreements, compared with the computed values.
"""

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import NotSupportedError, models
from django.db.models import Count, Func, IntegerField, Q, Sum
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual

from koers.indicators.periods import Period

Measure = Callable[[Q], models.Expression]


@dataclass(frozen=True)
class Codes:
    """The values of a key's placeholder: a fixed code list (every code always present,
    zeros included) or an open one (only the values that occur)."""

    labels: Mapping[str, str] | None = None
    describe: Callable[[str], str] | None = None

    @property
    def is_fixed(self) -> bool:
        return self.describe is None

    def label(self, value: str) -> str:
        if self.is_fixed:
            return str(self.labels[value])
        return self.describe(value)

    def pattern(self, name: str) -> str:
        if self.is_fixed:
            return f"(?P<{name}>{'|'.join(map(re.escape, self.labels))})"
        return f"(?P<{name}>.+)"


def fixed(choices: type[models.TextChoices] | Mapping[str, str]) -> Codes:
    labels = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)
    return Codes(labels=labels)


def open_codes(names: Mapping[str, str] | Callable[[str], str] | None = None) -> Codes:
    """An open code list; ``names`` gives a value's Dutch name (else the value itself)."""
    if names is None:
        return Codes(describe=str)
    if callable(names):
        return Codes(describe=names)
    return Codes(describe=lambda value: names.get(value, value))


@dataclass(frozen=True)
class Source:
    """The rows a family of figures is counted over, for some locations and a period.

    ``location``: ORM path to the location a row belongs to (see indicators.md).
    ``rows``: the rows that can matter for the period; each figure narrows further.
    ``shape``: annotations (and their filters) applied after ``rows``, e.g. per household.
    ``located``: for rows whose location is their client's (or household's), which can
    move to another branch: the rows of the locations in the period, by the branch the
    client had on the period's last day (``transfers.history``); ``location`` is then the
    client's branch now.
    """

    model: type[models.Model]
    location: str
    rows: Callable[[Period], Q] = lambda period: Q()
    shape: Callable[[models.QuerySet, Period], models.QuerySet] | None = None
    located: Callable[[list[int], Period], Q] | None = None

    def at(self, location_ids: Iterable[int], period: Period) -> Q:
        """The rows of these locations for the period (before ``rows`` narrows them)."""
        ids = list(location_ids)
        if self.located is not None:
            return self.located(ids, period)
        return Q(**{f"{self.location}__in": ids})

    def queryset(self, location_ids: Iterable[int], period: Period) -> models.QuerySet:
        queryset = self.model._default_manager.filter(
            self.at(location_ids, period) & self.rows(period)
        ).order_by()
        return self.shape(queryset, period) if self.shape else queryset


def adds_up(measure: Measure) -> Measure:
    """Mark a measure whose value over several locations is the sum of each location's:
    a count of rows or a sum, each row belonging to one location (``Indicator.additive``)."""
    measure.adds_up = True  # type: ignore[attr-defined]
    return measure


@adds_up
def rows(q: Q) -> models.Expression:
    return Count("pk", filter=q)


def distinct(path: str) -> Measure:
    """A distinct count: over several locations not a sum unless every value belongs to
    one location (declare ``additive=True`` then)."""
    return lambda q: Count(path, distinct=True, filter=q)


def total(path: str, *, default: int | None = 0) -> Measure:
    """A sum; with ``default=None`` an empty sum stays None, so the key is left out."""
    if default is None:
        return adds_up(lambda q: Sum(path, filter=q))
    return adds_up(lambda q: Coalesce(Sum(path, filter=q), default))


@dataclass(frozen=True)
class Tally:
    """One number per concrete key: ``measure`` over the source rows matching ``when``.

    ``when(period, **codes)`` gets the key's fixed codes as keyword arguments.
    ``explain_as``: the ORM path to the records that explain the number (e.g. the persons
    of a distinct count); default the source rows themselves.
    """

    source: Source
    when: Callable[..., Q] = lambda period, **codes: Q()
    measure: Measure = rows
    explain_as: str | None = None


@dataclass(frozen=True)
class Breakdown:
    """Counts per value of ``by`` (placeholder → field path), only for the values that occur."""

    source: Source
    by: Mapping[str, str]
    when: Callable[[Period], Q] = lambda period: Q()
    measure: Measure = rows
    explain_as: str | None = None

    @property
    def group_key(self) -> tuple:
        return (self.source, tuple(self.by.items()))


@dataclass(frozen=True)
class Derived:
    """``combine(*values of inputs)``; the inputs are key patterns with the same
    placeholders. Left out when an input is missing or ``combine`` gives None. The first
    input's records explain the value."""

    inputs: tuple[str, ...]
    combine: Callable[..., int | float | None]


def ratio(numerator: str, denominator: str, digits: int) -> Derived:
    """A rate or average, rounded; left out when there is nothing to divide by."""
    return Derived((numerator, denominator), lambda n, d: round(n / d, digits) if d else None)


@dataclass(frozen=True)
class TargetQuery:
    """The location's targets for a calendar year, next to the computed value."""

    part: str  # "target", "actual" or "met"


@dataclass(frozen=True)
class Indicator:
    """One line of indicators.md: a key (pattern), its Dutch label and definition, its query."""

    key: str
    label: str
    definition: str
    section: str
    query: Tally | Breakdown | Derived | TargetQuery
    codes: Mapping[str, Codes] = field(default_factory=dict)
    shown: bool = True  # False for the hidden parts of a rate
    # Whether a key's value for several locations is the sum of each location's value
    # (the facts add these up, docs/indicators.md "Facts"); None: decided by the measure.
    declared_additive: bool | None = None

    @property
    def additive(self) -> bool:
        """A count or sum of rows of an ungrouped source adds up over locations; a distinct
        count, or rows grouped first (per household, per participant), only where declared.
        Rates, averages, backlogs and targets are never summed: they are derived again."""
        if not isinstance(self.query, Tally | Breakdown):
            return False
        if self.declared_additive is not None:
            return self.declared_additive
        return self.query.source.shape is None and getattr(self.query.measure, "adds_up", False)

    @property
    def placeholders(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.key)

    @property
    def is_fixed(self) -> bool:
        return all(self.codes[name].is_fixed for name in self.placeholders)

    @cached_property
    def regex(self) -> re.Pattern:
        parts = re.split(r"{(\w+)}", self.key)
        return re.compile(
            "".join(
                self.codes[part].pattern(part) if i % 2 else re.escape(part)
                for i, part in enumerate(parts)
            )
            + r"\Z"
        )

    def expand(self) -> list[tuple[str, dict[str, str]]]:
        """Every concrete key of a fixed-code indicator, with its codes, in code-list order."""
        names = self.placeholders
        combos = itertools.product(*(self.codes[name].labels for name in names))
        return [
            (self.key.format(**dict(zip(names, c, strict=True))), dict(zip(names, c, strict=True)))
            for c in combos
        ]

    def describe(self, text: str, codes: Mapping[str, str]) -> str:
        return str(text).format(
            **{name: self.codes[name].label(value) for name, value in codes.items()}
        )


def yyyymmdd(path: str) -> models.Expression:
    return ExtractYear(path) * 10000 + ExtractMonth(path) * 100 + ExtractDay(path)


def adult(birth_date: str, on: str) -> Q:
    """Age ≥ 18 in whole years on the day in ``on`` (a 29 February birthday counts on 1 March)."""
    return Q(GreaterThanOrEqual(yyyymmdd(on) - yyyymmdd(birth_date), 180000))


def within(path: str, period: Period) -> Q:
    """The date in ``path`` lies in the period."""
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def active_on(start: str, end: str, day) -> Q:
    """Started on or before ``day`` and not ended before it."""
    return Q(**{f"{start}__lte": day}) & not_ended_before(end, day)


def not_ended_before(end: str, day) -> Q:
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})


def active_during(start: str, end: str, period: Period) -> Q:
    return Q(**{f"{start}__lte": period.end}) & not_ended_before(end, period.start)


class DaysBetween(Func):
    """Whole days from the first date expression to the second (``end - start``), the same
    on both databases: an average in weeks is the sum of these over a count, over 7."""

    output_field = IntegerField()

    def __init__(self, start, end):
        super().__init__(start, end, output_field=IntegerField())

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"DaysBetween is not implemented for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return (
            f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)",
            [*end_params, *start_params],
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"(({end})::date - ({start})::date)", [*end_params, *start_params]


def sum_of(expression) -> Measure:
    """A sum of an expression over the rows (0 when there are none)."""
    return adds_up(lambda q: Coalesce(Sum(expression, filter=q), 0))
