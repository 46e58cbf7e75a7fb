"""Benchmark: the figures read from the facts at national size, next to the live engine.

On the national dataset of ``indicators_national.py`` (350 branches, five years, generated
in SQL in a throwaway PostgreSQL; ``KOERS_BENCH_SCALE=0.01`` for a quick try): the live
engine for one branch-year and all branches (before), ``koers facts refresh`` for the
measured year, then reads from the facts (after): one branch-year, all branches together,
a region's table and the monthly chart; and what a write costs the next reads and the
next refresh. Every figure read is compared with the live computation.

Run it alone with ``python bench/facts_national.py``.
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indicators_national import (  # next to this file
    MEASURED_YEAR,
    in_postgres,
    measured,
    national_dataset,
    timed,
)

GOALS = {"branch": 0.05, "all": 1.0}


def run() -> str:
    """The Markdown section for docs/performance.md (measured in a throwaway PostgreSQL)."""
    return in_postgres(__file__)


def measure() -> str:
    _volumes, generated = national_dataset()
    return report(generated)


class Differs(AssertionError):
    """A figure read from the facts is not the live computation's: the benchmark stops."""


def check(holds: bool, what: str) -> None:
    if not holds:
        raise Differs(what)


def queries_of(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def report(generated: float) -> str:
    from django.db import connection

    from koers.contacts.services import contact_log
    from koers.core.actors import CLI
    from koers.core.models import Location
    from koers.indicators import facts
    from koers.indicators.engine import compute, compute_series
    from koers.indicators.models import Fact, ScopeFact
    from koers.indicators.periods import Period

    period = Period.year(MEASURED_YEAR)
    months = [Period.month(MEASURED_YEAR, month) for month in range(1, 13)]
    chart_keys = ["housing.persons_housed", "housing.backlog_end"]
    everyone = list(Location.objects.order_by("pk"))
    one = everyone[:1]
    region = [loc for loc in everyone if loc.region == everyone[0].region]
    load_before = os.getloadavg()[0]

    # before: the live engine
    compute(locations=one, period=period)  # warm the caches
    live_branch_time, live_branch = timed(lambda: compute(locations=one, period=period), 3)
    live_all_time, live_all = timed(lambda: compute(locations=everyone, period=period), 1)
    live_region = [compute(locations=[loc], period=period) for loc in region]
    live_chart = compute_series(locations=one, periods=months, keys=chart_keys)

    print(f"live: {live_branch_time:.2f} s, {live_all_time:.1f} s", file=sys.stderr)
    # the nightly refresh of the measured year (every standard period that has begun)
    today = datetime.date(MEASURED_YEAR + 1, 1, 15)
    began = time.perf_counter()
    done = facts.refresh(years=[MEASURED_YEAR], today=today)
    refresh_time = time.perf_counter() - began
    print(f"refresh: {refresh_time:.0f} s", file=sys.stderr)
    stored = Fact.objects.count(), ScopeFact.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('indicators_fact') "
            "+ pg_total_relation_size('indicators_scopefact')"
        )
        size = cursor.fetchone()[0]

    # after: from the facts
    def read(locations, periods=(period,), keys=None, **options):
        return facts.read(locations=locations, periods=list(periods), keys=keys, **options)

    began = time.perf_counter()  # every standard period of one branch, as a read stores them
    read(one, Period.standard(MEASURED_YEAR))
    every_period_time = time.perf_counter() - began

    branch_time, branch_cpu, branch = measured(lambda: read(one), 21)
    all_time, all_cpu, national = measured(lambda: read(everyone), 5)
    region_time, each = timed(lambda: facts.each(locations=region, period=period), 5)
    chart_time, chart = timed(lambda: read(one, months, chart_keys), 11)
    check(
        branch.values[0] == live_branch and branch.as_of is None,
        "one branch",
    )
    check(
        national.values[0] == live_all and national.as_of is None,
        "all branches",
    )
    check(
        each.values == live_region and chart.values == live_chart,
        "the region's table or the chart",
    )
    branch_queries, all_queries = queries_of(lambda: read(one)), queries_of(lambda: read(everyone))

    # a write: the branch's facts and every set of branches with it are stale
    contact_log(location=one[0], kind="phone", date=datetime.date(MEASURED_YEAR, 5, 1), by=CLI)
    began = time.perf_counter()
    stale_branch = read(one)  # computed again, stored
    stale_branch_time = time.perf_counter() - began
    check(
        stale_branch.values[0]["contacts.total"] == live_branch["contacts.total"] + 1,
        "the branch after a write",
    )
    began = time.perf_counter()
    stale_all = read(everyone)  # within the budget: the branch; the set's facts as stored
    stale_all_time = time.perf_counter() - began
    as_of = "current" if stale_all.as_of is None else "stand van"
    began = time.perf_counter()
    after_write = facts.refresh(years=[MEASURED_YEAR], today=today)
    refresh_after_write = time.perf_counter() - began
    current_all_time, current_all = timed(lambda: read(everyone), 3)
    check(current_all.as_of is None, "all branches after the refresh: current")
    check(
        current_all.values[0] == compute(locations=everyone, period=period),
        "all branches after the refresh",
    )
    load_after = os.getloadavg()[0]

    def verdict(seconds, goal):
        return "✓" if seconds < goal else "✗"

    lines = [
        "## Figures from the facts at national size",
        "",
        f"Generated by `bench/facts_national.py`: the dataset of the section above "
        f"({len(everyone)} branches, generated in {generated:.0f} s), all indicators of "
        f"{MEASURED_YEAR}, median wall time (1-minute load average {load_before:.1f} when "
        f"measuring began and {load_after:.1f} when it ended; other work shares the two "
        "cores, so the reads from the facts show this process' CPU time too). Every figure "
        "read from the facts was compared with the live computation and was equal.",
        "",
        "| what | live engine (before) | from the facts (after, goal) | queries |",
        "|---|---|---|---|",
        f"| one branch, one year | {live_branch_time:.3f} s | {branch_time * 1000:.1f} ms, "
        f"CPU {branch_cpu * 1000:.1f} ms "
        f"(< {GOALS['branch'] * 1000:.0f} ms {verdict(branch_time, GOALS['branch'])}) "
        f"| {branch_queries} |",
        f"| all {len(everyone)} branches together, one year | {live_all_time:.2f} s "
        f"| {all_time:.3f} s, CPU {all_cpu:.3f} s "
        f"(< {GOALS['all']:.0f} s {verdict(all_time, GOALS['all'])}) "
        f"| {all_queries} |",
        f"| a region's table: each of its {len(region)} branches | "
        f"{len(region)} computations | {region_time * 1000:.1f} ms | 2 |",
        f"| the monthly chart of one branch (2 keys, 12 months) | — | "
        f"{chart_time * 1000:.1f} ms | 2 |",
        "",
        f"`koers facts refresh --year {MEASURED_YEAR}` on the empty facts tables: "
        f"{refresh_time:.0f} s, {done.locations:,} facts of one branch and {done.scopes} of "
        f"several (every region and all branches), {stored[0] + stored[1]:,} rows, "
        f"{size / 1024 / 1024:.0f} MB. Every standard period of the year (19) of one branch, "
        f"computed and stored by one read: {every_period_time:.2f} s.",
        "",
        f"After one contact logged at the first branch: that branch's year read "
        f"{stale_branch_time:.2f} s (its facts computed again and stored); all branches "
        f"{stale_all_time:.2f} s ({as_of}: the branch computed again within the 1 s budget, "
        f"the figures that are not sums as stored); the next refresh "
        f"{refresh_after_write:.0f} s ({after_write.locations} facts of the branch, "
        f"{after_write.scopes} of its region and all branches), after which all branches "
        f"read in {current_all_time:.3f} s again.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(measure() if "--measure" in sys.argv else run())
