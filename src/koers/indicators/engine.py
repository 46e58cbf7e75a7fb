"""Compute the indicators of the registry in the database, and explain any one of them.

``compute`` runs one ``aggregate()`` per source (all its tallies as conditional counts),
one grouped query per breakdown, and one for the targets: the number of queries depends
on the registry, never on the number of records. Several locations are one region: the
queries run over the union, so distinct counts are distinct over the region and rates
come from the summed parts. With ``keys`` only the queries behind those keys run.

``compute_series`` gives the same figures for several periods (the months of a chart) with
the same queries: each period's tallies are conditional counts of one query per source, so
the number of queries does not grow with the number of periods either (except for the two
sources that group rows per household or participant first: one query per period).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum

from koers.core import prepared
from koers.core.actors import Actor
from koers.core.models import Location
from koers.core.scoping import scope_q
from koers.indicators.models import Target
from koers.indicators.periods import Period
from koers.indicators.queries import Breakdown, Derived, Indicator, Source, Tally, TargetQuery
from koers.indicators.registry import INDICATORS, find, match
from koers.indicators.selection import BY_PATTERN, Selection

Number = int | float
Values = dict[str, Number]
TARGETS = "targets."


def location_ids(locations: Iterable[Location] | models.QuerySet) -> list[int]:
    if isinstance(locations, models.QuerySet):
        return list(locations.values_list("pk", flat=True))
    return [location.pk for location in locations]


def number(value) -> Number:
    """An int when whole (counts, sums of counts), else a float."""
    if isinstance(value, Decimal | float) and value != int(value):
        return float(value)
    return int(value)


def _rows(source: Source, ids: list[int], periods: Sequence[Period]):
    """The source rows of all the periods, and per period the condition that picks its own
    rows (none needed for a single period: its rows are the whole queryset)."""
    if len(periods) == 1:
        return source.queryset(ids, periods[0]), [Q()]
    if source.located is not None:  # the location depends on the period: per period
        conditions = [source.at(ids, period) & source.rows(period) for period in periods]
        union = Q()
        for condition in conditions:
            union |= condition
        return source.model._default_manager.filter(union).order_by(), conditions
    union = Q()
    for period in periods:
        union |= source.rows(period)
    queryset = source.model._default_manager.filter(
        Q(**{f"{source.location}__in": ids}) & union
    ).order_by()
    return queryset, [source.rows(period) for period in periods]


def _period_sets(source: Source, periods: Sequence[Period]) -> list[Sequence[Period]]:
    """The periods counted by one query: all of them, or one each for a source that groups
    its rows first (a group must not mix periods)."""
    if source.shape is None or len(periods) == 1:
        return [periods]
    return [[period] for period in periods]


def _by_period(source: Source, ids: list[int], periods: Sequence[Period], run) -> list[Values]:
    """``run(queryset, [(period, its condition)])`` for each set of ``_period_sets``."""
    found = []
    for part in _period_sets(source, periods):
        queryset, conditions = _rows(source, ids, part)
        found += run(queryset, list(zip(part, conditions, strict=True)))
    return found


def _tallies(ids: list[int], periods: Sequence[Period], selection: Selection) -> list[Values]:
    by_source = defaultdict(list)
    for indicator in INDICATORS:
        if isinstance(indicator.query, Tally):
            for key, codes in indicator.expand():
                if selection.computes(indicator, key):
                    by_source[indicator.query.source].append((key, indicator.query, codes))
    values = [{} for _ in periods]
    for source, items in by_source.items():
        found = []
        for part in _period_sets(source, periods):

            def build(ids, source=source, items=items, part=part):
                queryset, conditions = _rows(source, ids, part)
                return queryset, {
                    f"p{j}v{i}": query.measure(rows & query.when(period, **codes))
                    for j, (period, rows) in enumerate(zip(part, conditions, strict=True))
                    for i, (_, query, codes) in enumerate(items)
                }

            shape = (id(source), tuple((key, id(query)) for key, query, _ in items), tuple(part))
            result = prepared.aggregate(shape, source.model, ids, build)
            found += [
                {
                    key: number(result[f"p{j}v{i}"])
                    for i, (key, _, _) in enumerate(items)
                    if result[f"p{j}v{i}"] is not None
                }
                for j in range(len(part))
            ]
        for period_values, period_found in zip(values, found, strict=True):
            period_values |= period_found
    return values


def _breakdowns(ids: list[int], periods: Sequence[Period], selection: Selection) -> list[Values]:
    by_group = defaultdict(list)
    for indicator in INDICATORS:
        if isinstance(indicator.query, Breakdown) and selection.computes(indicator):
            by_group[indicator.query.group_key].append(indicator)
    values = [{} for _ in periods]
    for (source, by), indicators in by_group.items():
        paths = [path for _, path in by]
        present = Q()
        for path in paths:
            present &= Q(**{f"{path}__gt": ""})

        def run(queryset, conditions, by=by, paths=paths, present=present, indicators=indicators):
            grouped = (
                queryset.filter(present)
                .values(*paths)
                .annotate(
                    **{
                        f"p{j}v{i}": indicator.query.measure(rows & indicator.query.when(period))
                        for j, (period, rows) in enumerate(conditions)
                        for i, indicator in enumerate(indicators)
                    }
                )
                .order_by(*paths)
            )
            found = [{} for _ in conditions]
            for row in grouped:
                codes = {name: row[path] for name, path in by}
                for j, period_found in enumerate(found):
                    for i, indicator in enumerate(indicators):
                        if row[f"p{j}v{i}"]:
                            period_found[indicator.key.format(**codes)] = number(row[f"p{j}v{i}"])
            return found

        for period_values, found in zip(values, _by_period(source, ids, periods, run), strict=True):
            period_values |= found
    return values


def _derived(values: Values, selection: Selection) -> Values:
    derived = {}
    for indicator in INDICATORS:
        if not isinstance(indicator.query, Derived) or not selection.computes(indicator):
            continue
        for codes in _codes_of(indicator, values):
            inputs = [values.get(pattern.format(**codes)) for pattern in indicator.query.inputs]
            if None not in inputs:
                value = indicator.query.combine(*inputs)
                if value is not None:
                    derived[indicator.key.format(**codes)] = value
    return derived


def _codes_of(indicator: Indicator, values: Values) -> list[dict[str, str]]:
    """The placeholder values of a derived key: every code, or those its first input has."""
    if indicator.is_fixed:
        return [codes for _, codes in indicator.expand()]
    regex = BY_PATTERN[indicator.query.inputs[0]].regex
    return [found.groupdict() for key in values if (found := regex.match(key))]


def _ordered(values: Values, selection: Selection) -> Values:
    """The keys to return, in registry order."""
    ordered = {}
    for indicator in INDICATORS:
        if isinstance(indicator.query, TargetQuery):
            continue
        if indicator.is_fixed:
            keys = [key for key, _ in indicator.expand()]
        else:
            keys = [key for key in values if indicator.regex.match(key)]
        ordered |= {
            key: values[key] for key in keys if key in values and selection.returns(indicator, key)
        }
    return ordered


def _counted(key: str) -> bool:
    """A key of the registry that is a count (zero when absent), not a rate or backlog."""
    indicator = find(key)
    return indicator is not None and not isinstance(indicator.query, Derived)


def _targets(
    ids: list[int], periods: Sequence[Period], values: list[Values], selection: Selection
) -> list[Values]:
    """Targets of the calendar years (summed over a region's locations), with actual and met."""
    years = {period.start.year for period in periods if period.is_calendar_year}
    found = [{} for _ in periods]
    if not years or not selection.targets:
        return found
    rows = (
        Target.objects.filter(location__in=ids, year__in=years)
        .values("year", "indicator")
        .annotate(target=Sum("target"))
        .order_by("year", "indicator")
    )
    targets = defaultdict(list)
    for row in rows:
        targets[row["year"]].append((row["indicator"], number(row["target"])))
    for period, period_values, result in zip(periods, values, found, strict=True):
        if not period.is_calendar_year:
            continue
        for key, target in targets[period.start.year]:
            result[f"targets.{key}.target"] = target
            actual = period_values.get(key)
            if actual is None and _counted(key):
                actual = 0  # an open family's value that did not occur
            if actual is not None:
                result[f"targets.{key}.actual"] = actual
                result[f"targets.{key}.met"] = int(actual >= target)
    return found


def counts(ids: list[int], periods: Sequence[Period], selection: Selection) -> list[Values]:
    """The tallies and breakdowns of each period (hidden parts included): every value the
    database counts, before anything is derived from them."""
    return [
        tallies | breakdowns
        for tallies, breakdowns in zip(
            _tallies(ids, periods, selection), _breakdowns(ids, periods, selection), strict=True
        )
    ]


def completed(
    ids: list[int], periods: Sequence[Period], counted: list[Values], selection: Selection
) -> list[Values]:
    """Each period's counts with what is derived from them and the targets (the targets of
    the locations ``ids``, one query): every key of the computation, hidden ones included."""
    for values in counted:
        values |= _derived(values, selection)
    targets = _targets(ids, periods, [_ordered(v, Selection()) for v in counted], selection)
    return [values | found for values, found in zip(counted, targets, strict=True)]


def returned(values: Values, selection: Selection) -> Values:
    """From every key of a computation, what ``compute`` returns: the keys asked for (every
    shown one by default), in registry order, the targets last."""
    return _ordered(values, selection) | {
        key: value
        for key, value in values.items()
        if key.startswith(TARGETS) and selection.returns(find(key), key)
    }


def compute_series(
    *, locations, periods: Sequence[Period], keys: Iterable[str] | None = None
) -> list[Values]:
    """``compute`` for each of the periods, with one set of queries for all of them."""
    ids = location_ids(locations)
    selection = Selection.of(keys)
    every = completed(ids, periods, counts(ids, periods, selection), selection)
    return [returned(values, selection) for values in every]


def compute(*, locations, period: Period, keys: Iterable[str] | None = None) -> Values:
    """Every shown indicator for the locations (one, or a region's) over the period; with
    ``keys`` (concrete keys or registry patterns), only those, and only their queries."""
    return compute_series(locations=locations, periods=[period], keys=keys)[0]


# Explaining a figure -------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One record behind a figure: its external id and a short description."""

    record: models.Model
    external_id: str
    description: str


def describe(record: models.Model) -> str:
    """The record's kind and its dates and codes (no names: the id leads to the rest)."""
    parts = []
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if value in (None, "") or field.name in {"created_at", "updated_at"}:
            continue
        if field.choices:
            parts.append(f"{field.verbose_name}: {getattr(record, f'get_{field.name}_display')()}")
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            parts.append(f"{field.verbose_name}: {value.isoformat()}")
        elif isinstance(field, models.BooleanField) and value:
            parts.append(str(field.verbose_name))
    return "; ".join([str(record._meta.verbose_name), *parts])


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def records_for(key: str, ids: list[int], period: Period) -> models.QuerySet:
    """The queryset of records behind a concrete key."""
    found = match(key)
    if found is None:
        raise KeyError(key)
    indicator, codes = found
    query = indicator.query
    if isinstance(query, TargetQuery):
        return records_for(codes["indicator"], ids, period)
    if isinstance(query, Derived):
        return records_for(query.inputs[0].format(**codes), ids, period)
    rows = query.source.queryset(ids, period)
    if isinstance(query, Tally):
        rows = rows.filter(query.when(period, **codes))
    else:
        rows = rows.filter(query.when(period), **{query.by[name]: codes[name] for name in codes})
    if query.explain_as is None:
        return rows
    related = _related_model(query.source.model, query.explain_as)
    return related._default_manager.filter(pk__in=rows.values(query.explain_as))


def explain(
    *, key: str, locations: Iterable[Location] | models.QuerySet, period: Period, user: Actor
) -> list[Evidence]:
    """The records behind one figure that ``user`` may see, ordered by external id: a
    person's drill-down, or (the system actor, ``koers indicators --explain``) all of them."""
    records = records_for(key, location_ids(locations), period)
    records = records.filter(scope_q(user, records.model))
    return [
        Evidence(record, record.external_id, describe(record))
        for record in records.order_by("external_id")
    ]
