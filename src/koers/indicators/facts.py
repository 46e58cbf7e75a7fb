"""Facts: the engine's figures of standard periods, stored per location and read back.

The live engine (:mod:`koers.indicators.engine`) stays the reference. A
:class:`~koers.indicators.models.Fact` holds everything it computed for one location and
one standard period (a calendar year, half-year, quarter or month): every key, hidden
parts and targets included, with the location's write number (``FactClock``) it saw, the
moment and the definitions. Every write of a record a figure reads moves the numbers of
the locations it concerns on, in the writing transaction (:mod:`koers.indicators.marks`),
so a stored fact is either current or visibly stale: never stale unseen.

:func:`read` answers what ``compute_series`` answers:

* one location: current facts are read (two queries); stale or missing ones are computed
  now, with one set of the engine's queries for all of them, and stored;
* several locations: the keys that add up over locations (``Indicator.additive``) are
  summed from each location's facts; the others (distinct persons, dates, a participant's
  enrolments) come from a :class:`~koers.indicators.models.ScopeFact` of that set of
  locations; rates, averages, backlogs and targets are derived from those as the engine
  derives them. Stale facts are computed again within ``KOERS_FACTS_BUDGET`` seconds, the
  oldest first; what does not fit is read as stored, and :attr:`Read.as_of` says from
  when (the pages show "stand van"). ``koers facts refresh`` (a daily job) brings them up
  to date. Facts missing altogether are computed; when that does not fit either, the
  whole read is computed live;
* a period that is not standard (a free from-to range): the live engine.
"""

import datetime
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from koers.core.models import Location
from koers.indicators import engine, queries, registry, selection, sources
from koers.indicators.engine import Values, completed, counts, location_ids, returned
from koers.indicators.models import Fact, FactClock, ScopeFact
from koers.indicators.periods import Period
from koers.indicators.queries import Breakdown, Tally
from koers.indicators.registry import DEFINITIONS_VERSION, INDICATORS, find
from koers.indicators.selection import Selection

# The keys of several locations that are not the sum of each location's (computed per set).
NOT_ADDITIVE = [
    indicator
    for indicator in INDICATORS
    if isinstance(indicator.query, Tally | Breakdown) and not indicator.additive
]
NOT_ADDITIVE_SELECTION = Selection.of([indicator.key for indicator in NOT_ADDITIVE])


PERIODS_AT_ONCE = 2  # periods per set of queries (19 periods of one branch: 1 → 2.6 s, 2 → 3.4 s,
# 3 → 3.4 s, 4 → 4.0 s, all at once 7.1 s of CPU on a small SQLite; 2 periods at once 0.33 s
# against 0.40 s one by one)


@cache
def definitions() -> str:
    """What the figures were computed with: the registry's version, a hash of the code that
    defines them (and of this module, which stores them), of its keys and of every
    migration (a data migration changes rows without the services). Facts of other
    definitions are not read, and computed again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())  # how facts are stored and read
    modules = [registry, sources, queries, engine, selection]
    try:
        from koers.integration import queries as integration_queries
        from koers.integration import rules as integration_rules

        modules += [integration_queries, integration_rules]
    except ImportError:  # pragma: no cover - the app is part of Koers
        pass
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    for indicator in INDICATORS:
        digest.update(f"{indicator.key}:{indicator.additive};".encode())
        if indicator.is_fixed:
            digest.update(",".join(key for key, _ in indicator.expand()).encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest.update(repr(sorted(loader.disk_migrations)).encode())
    return f"{DEFINITIONS_VERSION}-{digest.hexdigest()[:24]}"


@dataclass(frozen=True)
class Read:
    """The figures of each period (as ``compute_series`` gives them; of each location for
    :func:`each`), and ``as_of``: None when every write is counted, else the moment of the
    oldest stored figure they include that a later write made stale."""

    values: list[Values]
    as_of: datetime.datetime | None = None


def _figures(stored: list) -> Values:
    """A fact's figures as stored (``[keys, values]``), in their order."""
    keys, values = stored
    return dict(zip(keys, values, strict=True))


def budget() -> float:
    return float(getattr(settings, "KOERS_FACTS_BUDGET", 1.0))


def read(
    *,
    locations,
    periods: Sequence[Period],
    keys: Iterable[str] | None = None,
    budget_seconds: float | None = None,
) -> Read:
    """``compute_series(locations=..., periods=..., keys=...)``, from the facts where the
    periods are standard; ``budget_seconds`` (default ``KOERS_FACTS_BUDGET``) for computing
    stale facts of several locations again."""
    ids = sorted(set(location_ids(locations)))
    asked = Selection.of(None if keys is None else list(keys))
    periods = list(periods)
    if not ids or not periods or not all(period.is_standard for period in periods):
        return Read(_live(ids, periods, asked))
    if len(ids) == 1:
        deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
        return _one(ids[0], periods, asked, deadline)
    limit = budget() if budget_seconds is None else budget_seconds
    return _several(ids, periods, asked, time.monotonic() + limit)


def _live(ids: list[int], periods: Sequence[Period], asked: Selection) -> list[Values]:
    every = completed(ids, periods, counts(ids, periods, asked), asked)
    return [returned(values, asked) for values in every]


# One location ----------------------------------------------------------------------------


def _clocks(ids: Sequence[int]) -> dict[int, int]:
    return dict(FactClock.objects.filter(location__in=ids).values_list("location_id", "generation"))


def _period_q(periods: Iterable[Period]) -> models.Q:
    found = models.Q()
    for period in set(periods):
        found |= models.Q(start=period.start, end=period.end)
    return found


def _stored(ids: Sequence[int], periods: Sequence[Period]) -> dict[tuple[int, Period], Fact]:
    return {
        (fact.location_id, Period(fact.start, fact.end)): fact
        for fact in Fact.objects.filter(_period_q(periods), location__in=ids)
    }


def _one(location: int, periods: list[Period], asked: Selection, deadline: float | None) -> Read:
    """What ``compute_series`` gives for one location: from its facts where they are
    current; stale or missing ones computed now and stored, or, for a read of a few keys
    (the monthly chart), those keys computed live as the engine would (nothing stored:
    that is cheaper than every key, and the next full read or the refresh stores them).

    A reader that gives a ``deadline`` (a budget: the start page's glance waits for
    nothing) reads stale facts as stored, with their moment, when computing them again
    would not fit; missing ones are computed as above."""
    generation = _clocks([location]).get(location, 0)  # read before computing (see marks)
    stored = _stored([location], periods)
    wanted = definitions()
    usable = {period: fact for (_pk, period), fact in stored.items() if fact.definitions == wanted}
    found = {
        period: _figures(fact.values) for period, fact in usable.items() if fact.seen == generation
    }
    todo = [period for period in dict.fromkeys(periods) if period not in found]
    if (
        todo
        and deadline is not None
        and all(period in usable for period in todo)
        and time.monotonic() + sum(usable[period].cost for period in todo) > deadline
    ):
        found |= {period: _figures(usable[period].values) for period in todo}
        as_of = min(usable[period].computed_at for period in todo)
        return Read([returned(found[period], asked) for period in periods], as_of)
    if todo and not asked.everything:
        return Read(_live([location], periods, asked))
    if todo:
        found |= compute_location(location, todo, generation)
    return Read([returned(found[period], asked) for period in periods])


def compute_location(location: int, periods: list[Period], generation: int) -> dict[Period, Values]:
    """Compute every key of these periods for one location and store them as facts that saw
    ``generation``, read before the computation began. A few periods per set of the
    engine's queries: every key of many periods at once makes one query of thousands of
    conditional aggregates, which Django builds in more than linear time."""
    began = time.monotonic()
    everything = Selection()
    every: list[Values] = []
    for start in range(0, len(periods), PERIODS_AT_ONCE):
        part = periods[start : start + PERIODS_AT_ONCE]
        every += completed([location], part, counts([location], part, everything), everything)
    return _store(Fact, {"location_id": location}, "location", periods, every, generation, began)


def _store(
    model: type[Fact] | type[ScopeFact],
    owner: dict,
    key: str,
    periods: list[Period],
    every: list[Values],
    seen: int,
    began: float,
) -> dict[Period, Values]:
    """Store each period's values as a fact of ``owner`` (its location, or its set; ``key``
    names it in the unique constraint), over what was stored before; the time since
    ``began`` is their cost, shared equally."""
    cost, now = (time.monotonic() - began) / len(periods), timezone.now()
    model.objects.bulk_create(
        [
            model(
                **owner,
                start=period.start,
                end=period.end,
                definitions=definitions(),
                seen=seen,
                values=[list(values), list(values.values())],
                computed_at=now,
                cost=cost,
            )
            for period, values in zip(periods, every, strict=True)
        ],
        update_conflicts=True,
        unique_fields=[key, "start", "end"],
        update_fields=["definitions", "seen", "values", "computed_at", "cost"],
    )
    return dict(zip(periods, every, strict=True))


# Several locations -------------------------------------------------------------------------


def scope_of(ids: Sequence[int]) -> str:
    """The name of a set of locations: a hash of their ids."""
    return hashlib.sha256(",".join(map(str, sorted(set(ids)))).encode()).hexdigest()


@cache
def _summed(key: str) -> bool:
    """Whether a key of a location's facts is summed over locations."""
    indicator = find(key)
    return indicator is not None and indicator.additive


def compute_scope(ids: list[int], periods: list[Period], seen: int) -> dict[Period, Values]:
    """Compute the keys that do not add up, for these locations together, and store them."""
    began = time.monotonic()
    every = counts(ids, periods, NOT_ADDITIVE_SELECTION)
    owner = {"scope": scope_of(ids), "members": ids}
    return _store(ScopeFact, owner, "scope", periods, every, seen, began)


@dataclass
class _Cell:
    """A stored fact as read: its values, whether it is current, when it was computed."""

    values: Values
    current: bool
    computed_at: datetime.datetime
    cost: float


def _cells(
    ids: list[int], periods: list[Period], deadline: float, *, must: bool, missing_ok: bool = True
) -> tuple[dict[tuple[int, Period], _Cell] | None, dict[int, int]]:
    """Each location's stored facts of these periods: missing ones computed (while the
    deadline allows, unless ``must``; else, or without ``missing_ok``, None), stale ones
    computed again while the budget allows, the oldest first, the rest as stored. Returns
    the write numbers too."""
    wanted = definitions()
    clocks = _clocks(ids)
    cells: dict[tuple[int, Period], _Cell] = {
        key: _Cell(
            _figures(fact.values), fact.seen == clocks.get(key[0], 0), fact.computed_at, fact.cost
        )
        for key, fact in _stored(ids, periods).items()
        if fact.definitions == wanted
    }
    missing: dict[int, list[Period]] = defaultdict(list)
    for pk in ids:
        for period in periods:
            if (pk, period) not in cells:
                missing[pk].append(period)
    if missing and not missing_ok:
        return None, clocks
    for pk, todo in missing.items():
        if not must and time.monotonic() > deadline:
            return None, clocks
        for period, values in compute_location(pk, todo, clocks.get(pk, 0)).items():
            cells[(pk, period)] = _Cell(values, True, timezone.now(), 0)
    stale: dict[int, list[Period]] = defaultdict(list)
    for (pk, period), cell in sorted(cells.items(), key=lambda item: item[1].computed_at):
        if not cell.current:
            stale[pk].append(period)
    for pk, todo in stale.items():
        cost = sum(cells[(pk, period)].cost for period in todo)
        if time.monotonic() + cost > deadline:
            continue
        for period, values in compute_location(pk, todo, clocks.get(pk, 0)).items():
            cells[(pk, period)] = _Cell(values, True, timezone.now(), 0)
    return cells, clocks


def _oldest(cells: Iterable[_Cell]) -> datetime.datetime | None:
    """The moment of the oldest stale fact among these (None: all current)."""
    return min((cell.computed_at for cell in cells if not cell.current), default=None)


def _several(ids: list[int], periods: list[Period], asked: Selection, deadline: float) -> Read:
    unique = list(dict.fromkeys(periods))
    # facts missing that do not fit the budget, or for a read of a few keys (cheaper live
    # than every key of every location): the engine, live
    cells, clocks = _cells(ids, unique, deadline, must=False, missing_ok=asked.everything)
    if cells is None:
        return Read(_live(ids, periods, asked))
    needs_scope = any(asked.computes(indicator) for indicator in NOT_ADDITIVE)
    seen = sum(clocks.get(pk, 0) for pk in ids)
    scope_cells: dict[Period, _Cell] = {}
    if needs_scope:
        wanted = definitions()
        scope_cells = {
            Period(fact.start, fact.end): _Cell(
                _figures(fact.values), fact.seen == seen, fact.computed_at, fact.cost
            )
            for fact in ScopeFact.objects.filter(_period_q(unique), scope=scope_of(ids))
            if fact.definitions == wanted
        }
        todo = [period for period in unique if period not in scope_cells]
        if todo and time.monotonic() > deadline:
            return Read(_live(ids, periods, asked))
        stale = [period for period, cell in scope_cells.items() if not cell.current]
        if stale and time.monotonic() + sum(scope_cells[p].cost for p in stale) <= deadline:
            todo += stale
        if todo:
            for period, values in compute_scope(ids, todo, seen).items():
                scope_cells[period] = _Cell(values, True, timezone.now(), 0)
    counted = []
    for period in periods:
        values: Values = {}
        for pk in ids:
            for key, value in cells[(pk, period)].values.items():
                if _summed(key):
                    values[key] = values.get(key, 0) + value
        if needs_scope:
            values |= scope_cells[period].values
        counted.append(values)
    every = completed(ids, periods, counted, asked)
    as_of = _oldest([*cells.values(), *scope_cells.values()])
    return Read([returned(values, asked) for values in every], as_of)


def each(
    *,
    locations,
    period: Period,
    keys: Iterable[str] | None = None,
    budget_seconds: float | None = None,
) -> Read:
    """``[compute(locations=[location], period=...) for location in locations]`` in a fixed
    number of queries when their facts are stored (a region's table): stale facts computed
    again within the budget, the rest read as stored; missing ones computed."""
    ids = location_ids(locations)
    asked = Selection.of(None if keys is None else list(keys))
    if not period.is_standard:
        return Read([_live([pk], [period], asked)[0] for pk in ids])
    limit = budget() if budget_seconds is None else budget_seconds
    cells, _clocks_now = _cells(sorted(set(ids)), [period], time.monotonic() + limit, must=True)
    assert cells is not None  # noqa: S101 (must: every missing fact was computed)
    return Read(
        [returned(cells[(pk, period)].values, asked) for pk in ids],
        _oldest(cells.values()),
    )


# Refreshing ---------------------------------------------------------------------------------


KEEP_OTHER_SETS_DAYS = 7  # facts of a set that is no region nor all, computed before: removed


@dataclass
class Refreshed:
    locations: int = 0  # facts of one location computed
    scopes: int = 0  # facts of several locations computed
    removed: int = 0  # facts of other definitions removed


def default_years(today: datetime.date) -> list[int]:
    """This year and the year before: what changes and is read most."""
    return [today.year - 1, today.year]


def scopes() -> list[list[int]]:
    """The sets of locations the refresh keeps: every region and every location together.
    Other sets (a team leader of several branches) are computed when read."""
    by_region: dict[str, list[int]] = defaultdict(list)
    everyone = []
    for pk, region in Location.objects.order_by("pk").values_list("pk", "region"):
        everyone.append(pk)
        if region:
            by_region[region].append(pk)
    found = {scope_of(ids): ids for ids in [*by_region.values(), everyone] if len(ids) > 1}
    return list(found.values())


def refresh(*, years: Iterable[int], today: datetime.date, every_period: bool = False) -> Refreshed:
    """Bring the facts of the calendar years ``years`` up to date (with ``every_period``,
    of every standard period of them that began by ``today``): each location's, and each
    set's of :func:`scopes`. Facts of other definitions are removed. A location's other
    facts are computed again when it is read; a set's within the budget, or read as
    stored with their moment."""
    wanted = definitions()
    done = Refreshed()
    done.removed += Fact.objects.exclude(definitions=wanted).delete()[0]
    done.removed += ScopeFact.objects.exclude(definitions=wanted).delete()[0]
    kept = scopes()
    unread = timezone.now() - datetime.timedelta(days=KEEP_OTHER_SETS_DAYS)
    done.removed += (  # sets no longer read (a former region, a team leader's old branches)
        ScopeFact.objects.exclude(scope__in=[scope_of(ids) for ids in kept])
        .filter(computed_at__lt=unread)
        .delete()[0]
    )
    periods = [
        period
        for year in sorted(set(years))
        for period in (Period.standard(year) if every_period else [Period.year(year)])
        if period.start <= today
    ]
    if not periods:
        return done
    for pk in Location.objects.order_by("pk").values_list("pk", flat=True):
        generation = _clocks([pk]).get(pk, 0)
        stored = _stored([pk], periods)
        todo = [
            period
            for period in periods
            if (pk, period) not in stored or stored[(pk, period)].seen != generation
        ]
        if todo:
            compute_location(pk, todo, generation)
            done.locations += len(todo)
    for ids in kept:
        seen = sum(_clocks(ids).values())
        stored_scope = {
            Period(start, end): fact_seen
            for start, end, fact_seen in ScopeFact.objects.filter(scope=scope_of(ids)).values_list(
                "start", "end", "seen"
            )
        }
        todo = [period for period in periods if stored_scope.get(period) != seen]
        if todo:
            compute_scope(ids, todo, seen)
            done.scopes += len(todo)
    return done
