"""Benchmark: every indicator at national size, on a throwaway PostgreSQL.

``run()`` starts ``scripts/with-postgres`` with this file as the command; inside it the
schema is migrated, a national dataset is generated in SQL (350 branches, five years,
about 500,000 people and 10 million contacts; ``KOERS_BENCH_SCALE=0.01`` for a quick
try), the database is vacuumed and analysed, and every indicator is timed for one
branch-year and for all branches together, next to one hand-written aggregate over the
same contacts (the floor), and the report's monthly chart as one series.

Run it alone with ``python bench/indicators_national.py``.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_OPTS = (
    "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB "
    "-c max_wal_size=16GB -c checkpoint_timeout=30min -c effective_cache_size=8GB"
)
YEARS = range(2019, 2024)
MEASURED_YEAR = 2023
LOCATIONS = 350
GOALS = {"branch": 0.5, "all": 15.0}


def run() -> str:
    """The Markdown section for docs/performance.md (measured in a throwaway PostgreSQL)."""
    return in_postgres(__file__)


def in_postgres(script: str) -> str:
    """What ``script --measure`` prints, run in a throwaway PostgreSQL tuned for the size."""
    env = {**os.environ, "PG_EXTRA_OPTS": f"{PG_OPTS} {os.environ.get('PG_EXTRA_OPTS', '')}"}
    done = subprocess.run(  # noqa: S603  (our own script, no user input)
        [str(ROOT / "scripts" / "with-postgres"), sys.executable, script, "--measure"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


class Volumes:
    """Row counts of the generated dataset; multiples of LOCATIONS keep people, households
    and dwellings of one branch together by arithmetic (person p is at 1 + p % 350)."""

    def __init__(self, scale: float):
        per_location = max(round(500_000 * scale / LOCATIONS), 20)
        self.people = per_location * LOCATIONS
        self.households = max(round(self.people / 2.5 / LOCATIONS), 8) * LOCATIONS
        self.contacts = max(round(10_000_000 * scale), 1000)
        self.dossiers = self.people * 3 // 10
        self.matches = self.people // 10
        self.staff_per_location = 60
        self.groups_per_program_year = 2
        self.people_per_location = per_location


def measure() -> str:
    volumes, generated = national_dataset()
    return report(volumes, generated)


def national_dataset() -> tuple[Volumes, float]:
    """Set Django up, migrate, generate the dataset (``KOERS_BENCH_SCALE``) and vacuum; the
    volumes and the seconds it took."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("migrate", verbosity=0)
    volumes = Volumes(float(os.environ.get("KOERS_BENCH_SCALE", "1")))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        Generator(cursor, volumes).generate()
        # the rows were written with their ids: move the sequences past them (for a write)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
        # the steady state autovacuum keeps a live database in: statistics and a visibility
        # map (without it PostgreSQL cannot answer from an index alone)
        cursor.execute("VACUUM ANALYZE")
    return volumes, time.perf_counter() - started


# Generating the data in SQL ------------------------------------------------------------------


def h(expr: str, salt: int) -> str:
    """A cheap deterministic hash of an integer expression (non-negative)."""
    return f"((({expr})::bigint * 2654435761 + {salt * 40503}) % 1000003)"


def pick(values: list[str], expr: str) -> str:
    array = ",".join(f"'{v}'" for v in values)
    return f"(ARRAY[{array}])[1 + (({expr}) % {len(values)})]"


def day(offset_expr: str) -> str:
    return f"(DATE '{YEARS[0]}-01-01' + ({offset_expr})::int)"


SPAN = (YEARS[-1] - YEARS[0] + 1) * 365
FILLERS = {
    "character varying": "''",
    "text": "''",
    "boolean": "false",
    "integer": "0",
    "bigint": "0",
    "smallint": "0",
    "numeric": "0",
    "date": "DATE '2000-01-01'",
    "timestamp with time zone": "now()",
    "uuid": "gen_random_uuid()",
    "jsonb": "'{}'::jsonb",
}


class Generator:
    def __init__(self, cursor, volumes: Volumes):
        self.cursor = cursor
        self.v = volumes
        self.table_no = 0

    def insert(
        self, table: str, columns: dict[str, str], source: str, *, key="g", record=True
    ) -> None:
        """``INSERT … SELECT`` of ``columns`` over ``source``, with ``key`` as the id; the
        Record columns follow from the key, and any other required column gets a neutral
        value so that fields added by other apps later do not break the benchmark."""
        self.table_no += 1
        columns = {"id": key, **columns}
        if record:
            columns |= {
                "external_id": f"'{table[:3]}' || lpad(({key})::text, 12, '0')",
                "uid": f"(lpad(to_hex({self.table_no}), 8, '0') || '-0000-4000-8000-' "
                f"|| lpad(to_hex({key}), 12, '0'))::uuid",
                "version": "1",
                "created_at": "now()",
                "updated_at": "now()",
            }
        self.cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
            [table],
        )
        for name, data_type in self.cursor.fetchall():
            columns.setdefault(name, FILLERS[data_type])
        names = ", ".join(f'"{name}"' for name in columns)
        exprs = ", ".join(columns.values())
        self.cursor.execute(f"INSERT INTO {table} ({names}) SELECT {exprs} FROM {source}")  # noqa: S608

    def bulk(self, table: str, columns: dict[str, str], source: str, **options) -> None:
        """Like insert, for the big tables: secondary indexes are built after the load."""
        self.cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [table],
        )
        indexes = self.cursor.fetchall()
        for name, _ in indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')
        self.insert(table, columns, source, **options)
        for _, definition in indexes:
            self.cursor.execute(definition)

    def generate(self) -> None:
        self.cursor.execute("SET session_replication_role = replica")  # no FK triggers
        self.cursor.execute("SET synchronous_commit = off")
        for step in (self.branches, self.people, self.staff, self.work, self.groups):
            step()
        self.cursor.execute("SET session_replication_role = origin")

    def series(self, n: int) -> str:
        return f"generate_series(1, {n}) AS g"

    def branches(self) -> None:
        regions = [f"Regio {i}" for i in range(1, 13)]
        self.insert(
            "core_location",
            {
                "name": "'Afdeling Gemeente ' || g",
                "municipality": "'Gemeente ' || g",
                "region": pick(regions, "g"),
            },
            self.series(LOCATIONS),
        )
        halves = len(YEARS) * 2
        self.insert(
            "people_quotaperiod",
            {
                "location_id": f"1 + (g - 1) / {halves}",
                "starts_on": f"make_date({YEARS[0]} + ((g - 1) % {halves}) / 2, "
                f"CASE WHEN (g - 1) % 2 = 0 THEN 1 ELSE 7 END, 1)",
                "ends_on": f"make_date({YEARS[0]} + ((g - 1) % {halves}) / 2, "
                f"CASE WHEN (g - 1) % 2 = 0 THEN 6 ELSE 12 END, "
                f"CASE WHEN (g - 1) % 2 = 0 THEN 30 ELSE 31 END)",
                "quota": f"{self.v.people_per_location // halves} + g % 7",
                "backlog_in": f"CASE WHEN (g - 1) % {halves} = 0 THEN g % 11 - 3 END",
            },
            self.series(LOCATIONS * halves),
        )

    def people(self) -> None:
        v = self.v
        self.insert(
            "people_household",
            {"location_id": f"1 + (g - 1) % {LOCATIONS}"},
            self.series(v.households),
        )
        self.insert(
            "people_dwelling",
            {
                "location_id": f"1 + (g - 1) % {LOCATIONS}",
                "postcode": "''",
                "house_number": "g::text",
                "landlord": "'Woonstichting'",
                "available_on": day(f"{h('g', 1)} % {SPAN}"),
            },
            self.series(v.households),
        )
        housed_on = day(
            f"{h(f'1 + g % {v.households}', 2)} % {SPAN - 120} + (g / {v.households}) * 40"
        )
        self.insert(
            "people_person",
            {
                "location_id": f"1 + g % {LOCATIONS}",
                "household_id": f"1 + g % {v.households}",
                "given_name": "'Voornaam'",
                "family_name": "'Achternaam ' || g",
                "birth_date": f"DATE '1950-01-01' + ({h('g', 3)} % 25000)::int",
                "sex": pick(["F", "M", "F", "M", "X"], "g"),
                "nationality": pick(["SYR", "ERI", "AFG", "IRN", "IRQ", "SOM", "TUR", "XXA"], "g"),
                "v_number": "''",
                "arrival_route": pick(
                    ["regular", "family_reunification", "resettlement", "self_registered"],
                    h("g", 4),
                ),
                "civic_integration_required": "g % 3 <> 0",
                "participation_statement_signed_on": f"CASE WHEN g % 3 = 0 "
                f"THEN {housed_on} + 200 END",
            },
            self.series(v.people),
        )
        self.insert(
            "people_placement",
            {
                "person_id": "g",
                "dwelling_id": f"1 + g % {v.households}",
                "housed_on": housed_on,
                "counts_for_quota": "g % 20 <> 0",
            },
            self.series(v.people),
        )

    def staff(self) -> None:
        per = self.v.staff_per_location
        n = LOCATIONS * per
        roles = [
            "legal",
            "social",
            "housing_coach",
            "reception",
            "interpreter",
            "language_coach",
            "job_coach",
            "wegwijs_coach",
            "class_assistant",
            "trainer",
            "admin",
            "team_leader",
        ]
        joined = day(f"{h('g', 5)} % {SPAN}")
        reasons = pick(["paid_job", "illness", "moved", "other"], "g")
        self.insert(
            "staff_staffmember",
            {
                "location_id": f"1 + (g - 1) / {per}",
                "given_name": "'Vrijwilliger'",
                "family_name": "'Medewerker ' || g",
                "kind": pick(["volunteer"] * 7 + ["intern_hbo", "intern_mbo", "paid"], "g"),
                "started_on": joined,
                "ended_on": f"CASE WHEN g % 3 = 0 THEN {joined} + 200 + g % 400 END",
                "end_reason": f"CASE WHEN g % 3 = 0 THEN {reasons} ELSE '' END",
            },
            self.series(n),
        )
        self.insert(
            "staff_staffrole",
            {
                "staff_id": "1 + (g - 1) / 2",
                "role": pick(roles, "(g - 1) / 2 + (g - 1) % 2 * 5"),
            },
            f"{self.series(2 * n)} WHERE g % 2 = 1 OR (g / 2) % 3 = 0",
            record=False,
        )
        self.insert(
            "staff_stafflanguage",
            {
                "staff_id": "staff_id",
                "language": pick(["ar", "ti", "fa", "so"], "staff_id"),
            },
            "(SELECT staff_id FROM staff_staffrole WHERE role = 'interpreter') AS g",
            key="staff_id",
            record=False,
        )
        self.insert(
            "staff_training",
            {
                "staff_id": "1 + (g - 1) / 2",
                "course": pick(
                    ["introduction", "basic_course", "country_day", "family_reunification_1"], "g"
                ),
                "completed_on": day(f"{h('g', 6)} % {SPAN}"),
            },
            self.series(2 * n),
        )

    def work(self) -> None:
        v = self.v
        kinds = ["settling_in", "integration", "job_coaching"]
        block = f"((g - 1) / {v.people})"  # 0, 1, 2: the kind; settling in has id = person id
        reasons = pick(["completed", "completed", "moved", "stopped"], "g")
        self.insert(
            "coaching_trajectory",
            {
                "person_id": f"1 + (g - 1) % {v.people}",
                "kind": f"(ARRAY{kinds})[1 + (g - 1) / {v.people}]",
                "started_on": f"p.housed_on + 7 + 180 * {block}",
                "ended_on": f"CASE WHEN g % 4 <> 0 "
                f"THEN p.housed_on + 190 + 180 * {block} + g % 300 END",
                "end_reason": f"CASE WHEN g % 4 <> 0 THEN {reasons} ELSE '' END",
            },
            f"{self.series(3 * v.people)} "
            f"JOIN people_placement p ON p.id = 1 + (g - 1) % {v.people} "
            f"WHERE {block} = 0 OR ({block} = 1 AND g % 2 = 0) OR g % 7 = 0",
        )
        person = f"(1 + {h('g', 7)} * 7919 % {v.people})"
        self.bulk(
            "contacts_contact",
            {
                "location_id": f"1 + {person} % {LOCATIONS}",
                # entered day by day, as a branch does: the table is in date order
                "date": day(f"LEAST({SPAN - 1}, g::bigint * {SPAN} / {v.contacts} + g % 7)"),
                "kind": pick(
                    [
                        "social_hours",
                        "legal_hours",
                        "info_point",
                        "walk_in",
                        "home_visit",
                        "phone",
                        "coaching",
                    ],
                    "g",
                ),
                "person_id": f"CASE WHEN g % 20 <> 0 THEN {person} END",
                "visitor_ref": "CASE WHEN g % 40 = 0 THEN 'bz' || g % 5000 ELSE '' END",
                "trajectory_id": f"CASE WHEN g % 20 <> 0 AND g % 5 < 2 THEN {person} END",
                "venue": "CASE WHEN g % 10 = 0 THEN 'Buurthuis ' || g % 3 ELSE '' END",
            },
            self.series(v.contacts),
        )
        topics = [
            "finance",
            "housing",
            "family_reunification",
            "naturalisation",
            "permit_renewal",
            "education",
            "work",
            "health",
            "civic_integration",
            "other",
        ]
        self.bulk(
            "contacts_contacttopic",
            {"contact_id": "g", "topic": pick(topics, h("g", 9))},
            f"{self.series(v.contacts)} WHERE g % 2 = 0",
            record=False,
        )
        opened = day(f"{h('g', 10)} % {SPAN}")
        outcomes = pick(["granted", "granted", "refused", "withdrawn"], "g")
        self.insert(
            "legal_dossier",
            {
                "person_id": f"1 + {h('g', 11)} * 13 % {v.people}",
                "kind": pick(
                    [
                        "family_reunification",
                        "naturalisation",
                        "permit_renewal",
                        "travel_document",
                        "asylum",
                        "other",
                    ],
                    "g",
                ),
                "opened_on": opened,
                "closed_on": f"CASE WHEN g % 3 <> 0 THEN {opened} + 100 + g % 300 END",
                "outcome": f"CASE WHEN g % 3 <> 0 THEN {outcomes} ELSE '' END",
                "guardianship": "g % 50 = 0",
            },
            self.series(v.dossiers),
        )
        requested = day(f"{h('g', 12)} % {SPAN}")
        per = v.staff_per_location
        self.insert(
            "matching_match",
            {
                "program": pick(["language_coaching", "wegwijs"], "g"),
                "person_id": f"g * 10 % {v.people} + 1",
                "staff_id": f"CASE WHEN g % 4 <> 0 "
                f"THEN (g * 10 % {v.people} + 1) % {LOCATIONS} * {per} + 1 + g % {per} END",
                "requested_on": requested,
                "started_on": f"CASE WHEN g % 4 <> 0 THEN {requested} + 30 END",
                "ended_on": f"CASE WHEN g % 4 = 1 THEN {requested} + 200 "
                f"WHEN g % 8 = 0 THEN {requested} + 60 END",
                "outcome": f"CASE WHEN g % 4 = 1 THEN {pick(['completed', 'stopped'], 'g / 4')} "
                "WHEN g % 8 = 0 THEN 'withdrawn' ELSE '' END",
                "extended_on": f"CASE WHEN g % 4 = 2 THEN {requested} + 210 END",
            },
            self.series(v.matches),
        )

    def groups(self) -> None:
        v = self.v
        programs = [
            "participation_statement",
            "civic_integration",
            "language_centre",
            "computer_class",
            "language_class",
            "vip",
        ]
        per_location = len(YEARS) * len(programs) * v.groups_per_program_year
        n = LOCATIONS * per_location
        start = day(f"{h('g', 13)} % {SPAN - 100}")
        self.insert(
            "groups_group",
            {
                "location_id": f"1 + (g - 1) / {per_location}",
                "program": pick(programs, "g"),
                "level": pick(
                    [
                        "alpha",
                        "civic_integration",
                        "state_exam",
                        "beginner",
                        "intermediate",
                        "advanced",
                        "",
                    ],
                    "g / 6",
                ),
                "language": pick(["ar", "ti", "fa", ""], "g / 3"),
                "evening": "g % 5 = 0",
                "started_on": start,
                "ended_on": f"{start} + 90",
            },
            self.series(n),
        )
        # the k-th participant of group g: a person of the group's location
        enrolled = (
            f"(g.location_id - 1) + {LOCATIONS} "
            f"* (1 + (g.id * 10 + k) % ({v.people_per_location} - 1))"
        )
        self.insert(
            "groups_enrolment",
            {
                "group_id": "g.id",
                "person_id": enrolled,
                "enrolled_on": "g.started_on - 3",
                "left_on": "CASE WHEN k = 9 THEN g.started_on + 30 END",
            },
            "groups_group g CROSS JOIN generate_series(0, 9) AS k",
            key="g.id * 10 + k",
        )
        self.insert(
            "groups_groupsession",
            {
                "group_id": "g.id",
                "date": "g.started_on + 7 * k",
            },
            "groups_group g CROSS JOIN generate_series(0, 9) AS k",
            key="g.id * 10 + k",
        )
        self.bulk(
            "groups_attendance",
            {
                "session_id": "s.id",
                "person_id": enrolled,
                "present": "(s.id + k) % 9 <> 0",
            },
            "groups_groupsession s JOIN groups_group g ON g.id = s.group_id "
            "CROSS JOIN generate_series(0, 9) AS k",
            key="s.id * 10 + k",
        )
        self.insert(
            "indicators_target",
            {
                "location_id": "g",
                "year": str(MEASURED_YEAR),
                "indicator": "'housing.persons_housed'",
                "target": f"{v.people_per_location // len(YEARS)}",
            },
            self.series(LOCATIONS),
        )


# Measuring -----------------------------------------------------------------------------------


def measured(function, repeat: int) -> tuple[float, float, object]:
    """The median wall time and the median CPU time of this process (what a shared
    machine's load does not inflate), in seconds, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def timed(function, repeat: int) -> tuple[float, object]:
    wall, _cpu, result = measured(function, repeat)
    return wall, result


def report(volumes: Volumes, generated: float) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from koers.core.models import Location
    from koers.indicators.engine import compute, compute_series
    from koers.indicators.periods import Period

    period = Period.year(MEASURED_YEAR)
    load_before = os.getloadavg()[0]
    one = [Location.objects.get(pk=1)]
    everyone = list(Location.objects.all())
    compute(locations=one, period=period)  # warm the caches
    branch_time, branch = timed(lambda: compute(locations=one, period=period), 5)
    all_time, _ = timed(lambda: compute(locations=everyone, period=period), 2)
    with CaptureQueriesContext(connection) as queries:
        compute(locations=everyone, period=period)
    months = [Period.month(MEASURED_YEAR, month) for month in range(1, 13)]
    chart_keys = ["housing.persons_housed", "housing.backlog_end"]
    series_time, _ = timed(
        lambda: compute_series(locations=one, periods=months, keys=chart_keys), 5
    )

    def floor(ids):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(DISTINCT person_id), "
                "count(*) FILTER (WHERE kind = 'legal_hours') FROM contacts_contact "
                "WHERE location_id = ANY(%s) AND date BETWEEN %s AND %s",
                [ids, period.start, period.end],
            )
            return cursor.fetchone()

    floor_branch, _ = timed(lambda: floor([1]), 5)
    floor_all, _ = timed(lambda: floor([loc.pk for loc in everyone]), 2)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables "
            "WHERE n_live_tup > 1000 ORDER BY n_live_tup DESC"
        )
        counts = cursor.fetchall()
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    load_after = os.getloadavg()[0]

    def verdict(seconds, goal):
        return "✓" if seconds < goal else "✗"

    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
    lines = [
        "## Indicators at national size",
        "",
        f"{LOCATIONS} branches, {len(YEARS)} years ({YEARS[0]} to {YEARS[-1]}), generated in SQL "
        f"in {generated:.0f} s on {version} ({PG_OPTS}), then `VACUUM ANALYZE`. All {len(branch)} "
        f"indicators of {MEASURED_YEAR}, {len(queries.captured_queries)} queries per "
        f"computation, median time (machine: {os.cpu_count()} cores, 1-minute load average "
        f"{load_before:.1f} when measuring began and {load_after:.1f} when it ended; other "
        "work shares the cores):",
        "",
        "| what | indicators (goal) | floor: one aggregate over the contacts |",
        "|---|---|---|",
        f"| one branch, one year | {branch_time:.3f} s (< {GOALS['branch']} s "
        f"{verdict(branch_time, GOALS['branch'])}) | {floor_branch:.3f} s |",
        f"| all {LOCATIONS} branches together, one year | {all_time:.2f} s "
        f"(< {GOALS['all']:.0f} s {verdict(all_time, GOALS['all'])}) | {floor_all:.2f} s |",
        "",
        f"The report's monthly chart (persons housed and backlog, twelve months of one branch "
        f"in one series): {series_time:.3f} s.",
        "",
        "Slowest queries of the all-branches computation:",
        "",
        "| s | query (start) |",
        "|---|---|",
        *(f"| {q['time']} | `{q['sql'][:90].replace('|', '/')}…` |" for q in slowest),
        "",
        "Rows: " + ", ".join(f"{name} {rows:,}" for name, rows in counts) + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(measure() if "--measure" in sys.argv else run())
