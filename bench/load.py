"""Benchmark: many logged-in users at once (Locust) against ``koers serve``.

Three runs, each on a fresh database with the demo region and bench accounts
(bench/load_users.py), served by ``koers serve`` (gunicorn, several workers) on this
machine, with the users of bench/locustfile.py in realistic proportions (14 volunteers on
phones to 4 team leaders, 1 regional manager and 1 municipality viewer):

* PostgreSQL (``scripts/with-postgres``, Django's connection pool), the demo at
  ``KOERS_LOAD_SCALE`` (default 5) times its size, at 50 and at 200 users;
* the embedded SQLite default (the demo at scale 1), 20 users, with writes.

Per page: p50, p95 and p99, requests, errors; per run the throughput, the load average
(1 minute, sampled every 5 s: mean and peak) and, on SQLite, any "database is locked" in
the server's log. ``KOERS_LOAD_SECONDS`` (default 300) is each run's length after the
ramp; ``KOERS_LOAD_SMOKE=1`` runs 10 users for 30 s on each database instead (a check that
everything works, not a measurement); ``KOERS_LOAD_REPLICA=1`` adds a streaming standby
that the figure pages read (``DATABASE_REPLICA_URL``). Run alone: ``python bench/run.py
load``.
"""

import csv
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
GOAL_MS = 150  # p95 of every daily page at 50 users (issue #17)
DAILY = ("zoeken", "dossier", "contact", "werklijst", "startpagina")
WORKERS = int(os.environ.get("KOERS_LOAD_WORKERS", str(max(2, 2 * (os.cpu_count() or 1)))))
SMOKE = os.environ.get("KOERS_LOAD_SMOKE") == "1"
SECONDS = 30 if SMOKE else int(os.environ.get("KOERS_LOAD_SECONDS", "300"))
SCALE = os.environ.get("KOERS_LOAD_SCALE", "5")
REPLICA = os.environ.get("KOERS_LOAD_REPLICA") == "1"  # figures read from a streaming standby
# the runs: simulated users on PostgreSQL (one run each) and on SQLite (0: none)
PG_USERS = [int(n) for n in os.environ.get("KOERS_LOAD_PG_USERS", "50,200").split(",") if n]
SQLITE_USERS = int(os.environ.get("KOERS_LOAD_SQLITE_USERS", "20"))
KEEP = os.environ.get("KOERS_LOAD_KEEP") == "1"  # keep the work folders (logs, Locust's CSVs)
# bench accounts per role: enough that no two simulated users share one (a code is
# accepted once per 30 s step); volunteers are as many as the demo has cleared coaches
ACCOUNTS = ("220", "60", "12", "12")


def env_for(database_url: str, data_dir: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": database_url,
        "KOERS_DATA_DIR": str(data_dir),
        "DATABASE_POOL_MAX_SIZE": os.environ.get("DATABASE_POOL_MAX_SIZE", "4")
        if database_url
        else "",
        "DJANGO_SETTINGS_MODULE": "koers.settings",
        "DATABASE_REPLICA_URL": os.environ.get("KOERS_STANDBY_URL", "") if REPLICA else "",
    }


def koers(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "koers.cli", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=sys.stderr,  # the demo's login table is no part of the section
    )


def free_port(offset: int = 0) -> int:
    """KOERS_LOAD_PORT + offset when set (a machine whose ports are shared out), else any."""
    if os.environ.get("KOERS_LOAD_PORT"):
        return int(os.environ["KOERS_LOAD_PORT"]) + offset
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict, scale: str, users_json: Path) -> str:
    koers(env, "migrate", "--noinput", "-v", "0")
    koers(env, "collectstatic", "--noinput", "-v", "0")
    koers(env, "demo", "--scale", scale, "-v", "0")
    koers(env, "facts", "refresh")  # the daily job (README: cron) has run, as in production
    subprocess.run(  # noqa: S603
        [sys.executable, str(BENCH / "load_users.py"), str(users_json), *ACCOUNTS],
        env=env,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(users_json.read_text())
    accounts = data["users"]
    size = ", ".join(f"{count:,} {what}" for what, count in data["size"].items())
    volunteers = [a for a in accounts if a["role"] == "volunteer"]
    grouped = sum(bool(a["sessions"]) for a in volunteers)
    return (
        f"The demo at scale {scale}: {size}. Bench accounts: {len(volunteers)} volunteers "
        f"({grouped} with a current group), {len(accounts) - len(volunteers)} others."
    )


class LoadAverage(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []  # (time, 1-minute load average)
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(5):
            self.samples.append((time.time(), os.getloadavg()[0]))

    def summary(self, since: float = 0.0) -> str:
        """Mean and peak of the samples taken from ``since`` (the measurement's start)."""
        samples = [load for at, load in self.samples if at >= since]
        if not samples:
            return "n/a"
        mean = sum(samples) / len(samples)
        return f"{mean:.1f} (peak {max(samples):.1f})"


def locust(env: dict, host: str, users: int, users_json: Path, out: Path) -> dict:
    """One Locust run; the per-page statistics and the machine's load.

    The users log in over about ten seconds; the measurement starts when the last one is in
    (the locustfile resets the statistics then) and lasts SECONDS.
    """
    spawn = max(1, users // 10)
    ramp_file = Path(f"{out}_ramp.json")
    loads = LoadAverage()
    loads.start()
    with Path(f"{out}.log").open("w") as log:
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(spawn),
                "-t",  # a limit should the logins never end; the locustfile stops the run
                f"{SECONDS + 900}s",
                "--host",
                host,
                "--csv",
                str(out),
                "--loglevel",
                "WARNING",
            ],
            env={
                **env,
                "KOERS_LOAD_USERS": str(users_json),
                "KOERS_LOAD_MEASURE_SECONDS": str(SECONDS),
                "KOERS_LOAD_RAMP_FILE": str(ramp_file),
            },
            check=False,  # locust exits 1 when a request failed: the table says which
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    loads.done.set()
    with open(f"{out}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(f"{out}_failures.csv", newline="") as f:
        failures = list(csv.DictReader(f))
    ramp = json.loads(ramp_file.read_text()) if ramp_file.exists() else None
    since = ramp["measure_from"] if ramp else 0.0
    return {"rows": rows, "failures": failures, "load": loads.summary(since), "ramp": ramp}


def serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "koers.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    raise RuntimeError(f"koers serve did not start: {log.read_text()[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


# gunicorn's access log (koers serve): the time a worker spent on each request
ACCESS = re.compile(
    r'\[(?P<at>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>[^ ?"]+)\S* HTTP/[\d.]+" '
    r"\d+ \S+ (?P<ms>\d+)ms"
)
PAGES = (
    (re.compile(r"^/clienten/zoeken/$"), "zoeken"),
    (re.compile(r"^/clienten/[0-9a-f-]{36}/$"), "dossier"),
    (re.compile(r"^/contacten/nieuw/$"), "contact"),
    (re.compile(r"^/groepen/bijeenkomsten/[0-9a-f-]{36}/presentie/$"), "presentie"),
    (re.compile(r"^/termijnen/$"), "werklijst"),
    (re.compile(r"^/$"), "startpagina"),
    (re.compile(r"^/rapportages/regio/"), "regiorapport"),
    (re.compile(r"^/rapportages/gemeente/"), "gemeente"),
    (re.compile(r"^/rapportages/[0-9a-f-]{36}/\d+/$"), "jaarrapport"),
    (re.compile(r"^/account/inloggen"), "inloggen"),
)


def server_times(server_log: Path, since: float) -> list[str]:
    """Per page, what the worker itself took (from the access log, the measured part only):
    what users waited beyond that was the queue for a free worker."""
    times: dict[str, list[int]] = defaultdict(list)
    for line in server_log.read_text(errors="replace").splitlines():
        match = ACCESS.search(line)
        if match is None:
            continue
        at = datetime.datetime.strptime(match["at"], "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if at < since:
            continue
        name = next((name for path, name in PAGES if path.match(match["path"])), "other")
        times[f"{match['method']} {name}"].append(int(match["ms"]))
    if not times:
        return []

    def percentile(values: list[int], share: float) -> int:
        return sorted(values)[min(len(values) - 1, int(share * len(values)))]

    lines = [
        "In the server (gunicorn's access log: from a worker taking the request to its answer; "
        "the rest of the wait above was the queue for a free worker):",
        "",
        "| request | requests | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for name, values in sorted(times.items()):
        lines.append(
            f"| {name} | {len(values)} | {percentile(values, 0.5)} | {percentile(values, 0.95)} |"
        )
    return [*lines, ""]


def ramp_text(ramp: dict | None) -> str:
    if ramp is None:
        return (
            "**Not every user logged in before the time limit: the table above holds the "
            "logins, not the steady state.**"
        )
    logins = "; ".join(
        f"{name} p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms "
        f"({login['requests']} requests, {login['failures']} errors)"
        for name, login in ramp["logins"].items()
    )
    return (
        f"Measured for {SECONDS} s after the last of the {ramp['users']} users had logged in, "
        f"{ramp['ramp_seconds']:.0f} s after the first began (the logins, not in the table: "
        f"{logins})."
    )


def table(title: str, users: int, result: dict, server_log: Path) -> str:
    rows = result["rows"]
    # the logins were reset with the ramp: a page nobody requested since has no row
    pages = [r for r in rows if r["Name"] != "Aggregated" and r["Request Count"] != "0"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [
        f"#### {title}, {users} users",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(pages, key=lambda r: r["Name"]):
        lines.append(
            f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} "
            f"| {r['50%']} | {r['95%']} | {r['99%']} |"
        )
    locked = server_log.read_text(errors="replace").count("database is locked")
    daily = [r for r in pages if r["Name"].startswith(DAILY) and r["95%"] not in ("", "N/A")]
    slow = [r["Name"] for r in daily if float(r["95%"]) >= GOAL_MS]
    lines += [
        "",
        f"Throughput {float(total['Requests/s']):.1f} requests/s; {total['Request Count']} "
        f"requests, {total['Failure Count']} errors; load average {result['load']}; "
        f'"database is locked" in the server log: {locked}. Daily pages with p95 at or over '
        f"{GOAL_MS} ms: {', '.join(slow) or 'none'}.",
        "",
        ramp_text(result["ramp"]),
        "",
        *server_times(server_log, result["ramp"]["measure_from"] if result["ramp"] else 0.0),
    ]
    if result["failures"]:
        lines += ["Errors:", ""]
        lines += [
            f"- {f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']} times)"
            for f in result["failures"]
        ]
        lines.append("")
    return "\n".join(lines)


def measure_postgres() -> str:
    """Inside scripts/with-postgres: prepare the large demo, run 50 and 200 users."""
    work = Path(tempfile.mkdtemp(prefix="koers-load-"))
    print(f"load: working in {work}", file=sys.stderr, flush=True)
    env = env_for(os.environ["DATABASE_URL"], work)
    users_json = work / "users.json"
    sections = [prepare(env, "1" if SMOKE else SCALE, users_json), ""]
    for number, users in enumerate([10] if SMOKE else PG_USERS):
        port = free_port(number)
        log = work / f"serve-{users}.log"
        server = serve(env, port, log)
        try:
            result = locust(env, f"http://127.0.0.1:{port}", users, users_json, work / f"pg{users}")
        finally:
            stop(server)
        title = f"PostgreSQL, demo at scale {'1' if SMOKE else SCALE}, {WORKERS} workers"
        title += ", figures from a streaming standby" if REPLICA else ""
        sections.append(table(title, users, result, log))
        print(sections[-1], file=sys.stderr, flush=True)  # progress, and kept if a later run fails
    if not KEEP:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(sections)


def measure_sqlite() -> str:
    work = Path(tempfile.mkdtemp(prefix="koers-load-sqlite-"))
    print(f"load: working in {work}", file=sys.stderr, flush=True)
    env = env_for("", work)
    users_json = work / "users.json"
    accounts = prepare(env, "1", users_json)
    users = 10 if SMOKE else SQLITE_USERS
    port = free_port(2)
    log = work / "serve.log"
    server = serve(env, port, log)
    try:
        result = locust(env, f"http://127.0.0.1:{port}", users, users_json, work / "sqlite")
    finally:
        stop(server)
    text = table(f"SQLite (the default), the demo, {WORKERS} workers", users, result, log)
    print(text, file=sys.stderr, flush=True)
    text = f"{text}\n{accounts}\n"
    if not KEEP:
        shutil.rmtree(work, ignore_errors=True)
    return text


def run() -> str:
    """The Markdown section for docs/performance.md."""
    postgres = subprocess.run(  # noqa: S603 (our own script)
        [
            str(ROOT / "scripts" / "with-postgres"),
            *(["--standby"] if REPLICA else []),
            sys.executable,
            __file__,
            "--postgres",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    kind = (
        "**Smoke run** (10 users, 30 s: a check that the benchmark works, not a measurement)"
        if SMOKE
        else f"{SECONDS} s per run, measured from the moment the last user had logged in"
    )
    return "\n".join(
        [
            "## Load: many users at once (bench/load.py, Locust)",
            "",
            f"{kind}. Simulated users log in with password and authenticator code, then work "
            "with 2 to 8 s between actions: 14 volunteers on phones (search a name, open a "
            "file, log a contact, tick attendance) to 4 team leaders (start page, worklist, "
            "client file, yearly report), 1 regional manager (region report) and 1 "
            "municipality viewer. Locust runs on the same machine as the server. Per page "
            "what users waited, and below it what the server's worker took (the difference "
            "is the queue for a free worker). Goal at 50 "
            f"users: p95 under {GOAL_MS} ms for every daily page, no error, no "
            '"database is locked".',
            "",
            postgres.strip(),
            "",
            measure_sqlite() if SMOKE or SQLITE_USERS else "",
        ]
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--postgres"]:
        print(measure_postgres())
    else:
        print(run())
