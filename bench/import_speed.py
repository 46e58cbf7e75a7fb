"""Import speed: a synthetic bundle of 250,000+ rows imported on SQLite and PostgreSQL.

``run()`` writes the bundle once, then measures in a fresh database per engine (each
in its own process: SQLite in a temporary data folder, PostgreSQL through
``scripts/with-postgres``): the first import, a second import of the same bundle
(nothing to change), and an export. ``python bench/import_speed.py measure BUNDLE``
is that child process; ``python bench/import_speed.py generate FOLDER [LOCATIONS]``
writes a bundle of another size (2,800 people and about 22,300 rows per location), for
profiling.
"""

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCATIONS = 12
PEOPLE_PER_LOCATION = 2800
GIVEN = ["Amal", "Berhane", "Dilan", "Eyob", "Farida", "Hamid", "Idris", "Jamila", "Kidane"]
FAMILY = ["Abadi", "Bekele", "Darwish", "Eskandari", "Ghebre", "Haidari", "Jaber", "Kahsay"]
STAFF_GIVEN = ["Anouk", "Bas", "Daan", "Eva", "Floor", "Gijs", "Iris", "Jelle", "Lieke"]
STAFF_FAMILY = ["Admiraal", "Beukema", "Dijkhuis", "Evers", "Gort", "Hofstra", "Jonker"]
TOPICS = ["finance", "housing", "work", "health", "education", "civic_integration"]
START = date(2016, 1, 1)


def day(rng: random.Random, span: int = 730) -> date:
    return START + timedelta(days=rng.randrange(span))


def generate(folder: Path, locations: int = LOCATIONS) -> int:
    """Write the synthetic bundle; the number of rows (headers excluded)."""
    rng = random.Random(2017)  # noqa: S311  (synthetic data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from koers.exchange.files import SPEC_BY_NAME

    names = [
        "locations.csv",
        "quota_periods.csv",
        "dwellings.csv",
        "people.csv",
        "placements.csv",
        "staff.csv",
        "trajectories.csv",
        "contacts.csv",
        "dossiers.csv",
        "dossier_steps.csv",
        "groups.csv",
        "sessions.csv",
        "enrolments.csv",
        "attendance.csv",
    ]
    files = {name: [SPEC_BY_NAME[name].base_header] for name in names}
    add = {name: rows.append for name, rows in files.items()}
    for n in range(locations):
        loc = f"loc{n:02d}"
        add["locations.csv"]([loc, f"Afdeling Plaats {n}", f"Plaats {n}", "Synthetisch"])
        for year in (2016, 2017):
            for half in (1, 2):
                add["quota_periods.csv"](
                    [f"q{n}-{year}-{half}", loc, f"{year}-H{half}", rng.randrange(20, 60), ""]
                )
        staff = [f"s{n}-{k}" for k in range(40)]
        for k, ident in enumerate(staff):
            add["staff.csv"](
                [
                    ident,
                    loc,
                    rng.choice(STAFF_GIVEN),
                    rng.choice(STAFF_FAMILY),
                    "volunteer",
                    "social;interpreter" if k % 5 == 0 else "social",
                    "ar" if k % 5 == 0 else "",
                    "2015-01-01",
                    "",
                    "",
                    "2015-01-01",
                    "",
                ]
            )
        people = []
        for k in range(PEOPLE_PER_LOCATION):
            person, household = f"p{n}-{k}", f"h{n}-{k // 3}"
            people.append(person)
            if k % 3 == 0:
                dwelling = f"w{n}-{k // 3}"
                add["dwellings.csv"](
                    [
                        dwelling,
                        loc,
                        f"{1000 + k % 9000} AB",
                        str(k % 200 + 1),
                        "Woonstichting",
                        day(rng),
                    ]
                )
            add["people.csv"](
                [
                    person,
                    loc,
                    rng.choice(GIVEN),
                    rng.choice(FAMILY),
                    date(1960 + k % 50, 1 + k % 12, 1 + k % 28),
                    "FM"[k % 2],
                    rng.choice(["SYR", "ERI", "AFG"]),
                    "",
                    household,
                    "regular",
                    day(rng),
                    "true",
                    "",
                ]
            )
            housed = day(rng)
            add["placements.csv"]([f"pl{n}-{k}", person, f"w{n}-{k // 3}", housed, "true"])
            trajectory = f"t{n}-{k}"
            add["trajectories.csv"](
                [trajectory, person, "settling_in", rng.choice(staff), housed, "", ""]
            )
            for c in range(2):
                add["contacts.csv"](
                    [
                        f"c{n}-{k}-{c}",
                        loc,
                        day(rng),
                        "coaching",
                        person,
                        "",
                        ";".join(rng.sample(TOPICS, 2)),
                        trajectory,
                        rng.choice(staff),
                        "",
                    ]
                )
            if k % 10 == 0:
                dossier = f"d{n}-{k}"
                add["dossiers.csv"](
                    [dossier, person, "family_reunification", housed, "", "", "false", "2"]
                )
                add["dossier_steps.csv"](
                    [f"ds{n}-{k}", dossier, "application_filed", housed, "", "synthetisch"]
                )
        for g in range(20):
            group, starts = f"g{n}-{g}", day(rng, 600)
            add["groups.csv"]([group, loc, "language_class", "beginner", "", "false", starts, ""])
            members = rng.sample(people, 25)
            for m, person in enumerate(members):
                add["enrolments.csv"]([f"e{n}-{g}-{m}", group, person, starts, ""])
            for s in range(12):
                session = f"x{n}-{g}-{s}"
                add["sessions.csv"]([session, group, starts + timedelta(days=7 * s)])
                for m, person in enumerate(members):
                    add["attendance.csv"](
                        [
                            f"a{n}-{g}-{s}-{m}",
                            session,
                            person,
                            "true" if rng.random() < 0.8 else "false",
                        ]
                    )
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as stream:
            csv.writer(stream, lineterminator="\r\n").writerows(rows)
    return sum(len(rows) - 1 for rows in files.values())


def measure(bundle: Path) -> dict:
    """In this process' database: migrate, import twice, export; seconds for each."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from koers.exchange.services import IMPORT, bundle_export, bundle_import

    call_command("migrate", verbosity=0)
    timings = {}
    for label in ("first", "second"):
        started, cpu = time.perf_counter(), time.process_time()
        result = bundle_import(by=IMPORT, source=bundle)
        timings[label] = time.perf_counter() - started
        timings[f"{label}_cpu"] = time.process_time() - cpu
        if not result.ok:
            raise SystemExit("\n".join(str(problem) for problem in result.problems[:20]))
        timings[f"{label}_written"] = result.created + result.updated
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        bundle_export(target=Path(out))
        timings["export"] = time.perf_counter() - started
    timings["engine"] = connection.vendor
    return timings


def in_child(bundle: Path, *, postgres: bool) -> dict:
    command = [sys.executable, __file__, "measure", str(bundle)]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    with tempfile.TemporaryDirectory() as data:
        env["KOERS_DATA_DIR"] = data
        if postgres:
            command = [str(ROOT / "scripts" / "with-postgres"), *command]
        output = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            command, env=env, capture_output=True, text=True, check=True
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run() -> str:
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "bundle"
        rows = generate(bundle)
        size = sum(path.stat().st_size for path in bundle.iterdir())
        load = load_before = os.getloadavg()[0]
        results = [in_child(bundle, postgres=False), in_child(bundle, postgres=True)]
        load = max(load, os.getloadavg()[0])
    lines = [
        "## Import",
        "",
        f"A synthetic bundle of {rows:,} rows in 14 files ({size / 1e6:.1f} MB; {LOCATIONS} "
        f"locations, {LOCATIONS * PEOPLE_PER_LOCATION:,} people, contacts, trajectories, "
        "groups with sessions and attendance), generated by `bench/import_speed.py`, "
        "imported into an empty database with `bundle_import` (validation, upserts, "
        "households, people's search keys and the change log included: a compact row per "
        "created record, see docs/exchange-format.md), imported again (nothing changes), "
        "then exported. Wall-clock times, and the CPU time of the importing process (the "
        "database server's own is not in it for PostgreSQL): what the import costs when it "
        "has a core to itself. The machine's 1-minute load average was "
        f"{load_before:.1f} at the start and reached {load:.1f} during the run (other work "
        "shares its cores).",
        "",
        "| database | first import | rows/s | CPU | rows/CPU s | second import (no changes) "
        "| export |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result['engine']} | {result['first']:.1f} s | {rows / result['first']:,.0f} "
            f"| {result['first_cpu']:.1f} s | {rows / result['first_cpu']:,.0f} "
            f"| {result['second']:.1f} s ({result['second_written']} written) "
            f"| {result['export']:.1f} s |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "generate":
        print(generate(Path(sys.argv[2]), *map(int, sys.argv[3:])))
    else:
        print(run())
