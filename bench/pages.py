"""The daily pages one at a time: what one request costs the server, and where it goes.

The load benchmark (bench/load.py) measures what people feel with many users at once;
this one says why: each daily page of the load's users requested by one user on a quiet
server, through the views (middleware, scoping, access logging, templates), on the demo
in a fresh SQLite database with the load's bench accounts (bench/load_users.py). Per page
the median CPU time and wall clock of five requests after a warm-up and the number of
queries; for the client's file and the start page, the sections that cost most. A
server's capacity is about its cores divided by these CPU times.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RUNS = 5


def measure(users_json: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from koers.accounts.models import User
    from koers.core import panels

    data = json.loads(users_json.read_text())
    volunteer = next(
        u for u in data["users"] if u["role"] == "volunteer" and u["sessions"] and u["clients"]
    )
    leader = next(u for u in data["users"] if u["role"] == "team_leader" and u["clients"])
    sections: dict[str, float] = {}

    def timed_sections(function):
        name = f"{function.__module__.removeprefix('koers.')}.{function.__qualname__}"

        def call(*args):
            started = time.process_time()
            try:
                return function(*args)
            finally:
                sections[name] = sections.get(name, 0.0) + time.process_time() - started

        return call

    for store in ("person_sections", "start_sections"):
        functions = panels.registry[store]
        functions[:] = [timed_sections(function) for function in functions]

    def client_for(account: dict) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(pk=account["pk"]))
        return client

    def page(client: Client, url: str, post: dict | None = None) -> dict:
        def call():
            response = client.post(url, post, follow=True) if post else client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: status {response.status_code}")

        call()
        sections.clear()
        cpus, walls = [], []
        for _ in range(RUNS):
            started, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                call()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        top = sorted(sections.items(), key=lambda item: -item[1])[:3]
        return {
            "cpu": statistics.median(cpus) * 1000,
            "wall": statistics.median(walls) * 1000,
            "queries": len(queries.captured_queries),
            "sections": [(name, seconds / RUNS * 1000) for name, seconds in top if seconds],
        }

    client_uid = volunteer["clients"][0]["uid"]
    phone = client_for(volunteer)
    desk = client_for(leader)
    name = volunteer["clients"][0]["name"][:4]
    return {
        "volunteer": [
            ("zoeken (formulier)", page(phone, "/clienten/zoeken/")),
            ("zoeken (resultaten)", page(phone, "/clienten/zoeken/", {"_search": "1", "q": name})),
            ("dossier", page(phone, f"/clienten/{client_uid}/")),
            ("contact (formulier)", page(phone, f"/contacten/nieuw/?persoon={client_uid}")),
            (
                "presentie (formulier)",
                page(phone, f"/groepen/bijeenkomsten/{volunteer['sessions'][0]}/presentie/"),
            ),
            ("startpagina", page(phone, "/")),
        ],
        "team leader": [
            ("startpagina", page(desk, "/")),
            ("werklijst", page(desk, "/termijnen/")),
            ("dossier", page(desk, f"/clienten/{leader['clients'][0]}/")),
            ("jaarrapport", page(desk, f"/rapportages/{leader['location']}/{data['year']}/")),
        ],
    }


def in_child() -> dict:
    """The demo and the load's bench accounts in a fresh SQLite database, then measure."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["PYTHONPATH"] = str(BENCH.parent / "src")
    koers = [sys.executable, "-m", "koers.cli"]
    with tempfile.TemporaryDirectory() as data:
        env["KOERS_DATA_DIR"] = data
        users_json = Path(data) / "users.json"
        for command in (
            [*koers, "migrate", "-v0"],
            [*koers, "demo"],
            [*koers, "facts", "refresh"],
            [sys.executable, str(BENCH / "load_users.py"), str(users_json), "20", "2", "0", "0"],
        ):
            subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603
        output = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            [sys.executable, __file__, "measure", str(users_json)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run() -> str:
    load_before = os.getloadavg()[0]
    measured = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    result = in_child()
    load_after = os.getloadavg()[0]
    lines = [
        "## The daily pages one at a time (bench/pages.py)",
        "",
        f"Measured {measured}. "
        "What one request costs the server, on the demo in a fresh SQLite database (the "
        "load benchmark's bench accounts): each page through its view by one user, median "
        f"of {RUNS} after a warm-up, the process' CPU time, the wall clock and the queries; "
        "for the file and the start page the three sections that cost most (CPU per "
        f"request). The machine's 1-minute load average was {load_before:.1f} at the start "
        f"and {load_after:.1f} at the end (other work shares its two cores: the CPU time is "
        "the figure to compare).",
        "",
        "| who | page | CPU ms | wall ms | queries | costliest sections (CPU ms) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for who, pages in result.items():
        for name, page in pages:
            costly = ", ".join(f"{section} {ms:.0f}" for section, ms in page["sections"])
            lines.append(
                f"| {who} | {name} | {page['cpu']:.0f} | {page['wall']:.0f} "
                f"| {page['queries']} | {costly} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        print(run())
