"""Compute the indicators of the registry in the database, and explain any one of them.

``compute`` runs one ``aggregate()`` per source (all its tallies as conditional counts),
one grouped query per breakdown, and one for the targets: the number of queries depends
on the registry, never on the number of records. Several locations are one region: the
queries run over the union, so distinct counts are distinct over the region and rates
come from the summed parts.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum

from koers.core.models import Location
from koers.core.scoping import scope_q
from koers.indicators.models import Target
from koers.indicators.periods import Period
from koers.indicators.queries import Breakdown, Derived, Indicator, Tally, TargetQuery
from koers.indicators.registry import INDICATORS, find, match

Number = int | float
BY_PATTERN = {indicator.key: indicator for indicator in INDICATORS}


def location_ids(locations: Iterable[Location] | models.QuerySet) -> list[int]:
    if isinstance(locations, models.QuerySet):
        return list(locations.values_list("pk", flat=True))
    return [location.pk for location in locations]


def number(value) -> Number:
    """An int when whole (counts, sums of counts), else a float."""
    if isinstance(value, Decimal | float) and value != int(value):
        return float(value)
    return int(value)


def _tallies(ids: list[int], period: Period) -> dict[str, Number]:
    by_source = defaultdict(list)
    for indicator in INDICATORS:
        if isinstance(indicator.query, Tally):
            for key, codes in indicator.expand():
                by_source[indicator.query.source].append((key, indicator.query, codes))
    values = {}
    for source, items in by_source.items():
        result = source.queryset(ids, period).aggregate(
            **{
                f"v{i}": query.measure(query.when(period, **codes))
                for i, (_, query, codes) in enumerate(items)
            }
        )
        for i, (key, _, _) in enumerate(items):
            if result[f"v{i}"] is not None:
                values[key] = number(result[f"v{i}"])
    return values


def _breakdowns(ids: list[int], period: Period) -> dict[str, Number]:
    by_group = defaultdict(list)
    for indicator in INDICATORS:
        if isinstance(indicator.query, Breakdown):
            by_group[indicator.query.group_key].append(indicator)
    values = {}
    for (source, by), indicators in by_group.items():
        paths = [path for _, path in by]
        present = Q()
        for path in paths:
            present &= Q(**{f"{path}__gt": ""})
        grouped = (
            source.queryset(ids, period)
            .filter(present)
            .values(*paths)
            .annotate(
                **{
                    f"v{i}": indicator.query.measure(indicator.query.when(period))
                    for i, indicator in enumerate(indicators)
                }
            )
            .order_by(*paths)
        )
        for row in grouped:
            codes = {name: row[path] for name, path in by}
            for i, indicator in enumerate(indicators):
                if row[f"v{i}"]:
                    values[indicator.key.format(**codes)] = number(row[f"v{i}"])
    return values


def _derived(values: dict[str, Number]) -> dict[str, Number]:
    derived = {}
    for indicator in INDICATORS:
        if not isinstance(indicator.query, Derived):
            continue
        for codes in _codes_of(indicator, values):
            inputs = [values.get(pattern.format(**codes)) for pattern in indicator.query.inputs]
            if None not in inputs:
                value = indicator.query.combine(*inputs)
                if value is not None:
                    derived[indicator.key.format(**codes)] = value
    return derived


def _codes_of(indicator: Indicator, values: dict[str, Number]) -> list[dict[str, str]]:
    """The placeholder values of a derived key: every code, or those its first input has."""
    if indicator.is_fixed:
        return [codes for _, codes in indicator.expand()]
    regex = BY_PATTERN[indicator.query.inputs[0]].regex
    return [found.groupdict() for key in values if (found := regex.match(key))]


def _targets(ids: list[int], period: Period, values: dict[str, Number]) -> dict[str, Number]:
    """Targets of a calendar year (summed over a region's locations), with actual and met."""
    if not period.is_calendar_year:
        return {}
    rows = (
        Target.objects.filter(location__in=ids, year=period.start.year)
        .values("indicator")
        .annotate(target=Sum("target"))
        .order_by("indicator")
    )
    result = {}
    for row in rows:
        key, target = row["indicator"], number(row["target"])
        result[f"targets.{key}.target"] = target
        actual = values.get(key)
        indicator = find(key)
        if actual is None and indicator is not None and not isinstance(indicator.query, Derived):
            actual = 0  # an open family's value that did not occur
        if actual is not None:
            result[f"targets.{key}.actual"] = actual
            result[f"targets.{key}.met"] = int(actual >= target)
    return result


def compute(*, locations, period: Period) -> dict[str, Number]:
    """Every shown indicator for the locations (one, or a region's) over the period."""
    ids = location_ids(locations)
    values = _tallies(ids, period) | _breakdowns(ids, period)
    values |= _derived(values)
    ordered = {}
    for indicator in INDICATORS:
        if not indicator.shown or isinstance(indicator.query, TargetQuery):
            continue
        if indicator.is_fixed:
            keys = [key for key, _ in indicator.expand()]
        else:
            keys = [key for key in values if indicator.regex.match(key)]
        ordered |= {key: values[key] for key in keys if key in values}
    return ordered | _targets(ids, period, ordered)


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


def explain(*, key: str, locations, period: Period, user=None) -> list[Evidence]:
    """The records behind one figure, ordered by external id; with ``user``, only those the
    user may see (the drill-down of the UI)."""
    records = records_for(key, location_ids(locations), period)
    if user is not None:
        records = records.filter(scope_q(user, records.model))
    return [
        Evidence(record, record.external_id, describe(record))
        for record in records.order_by("external_id")
    ]
