"""Benchmark: the whole test suite, as `make test` runs it, on SQLite and on PostgreSQL.

Wall time on the machine's two cores, the CPU time the run used (its processes and their
children: a figure that other work on the machine disturbs far less than the wall time),
the 1-minute load average before and during the run (other work shares the cores), the
count of tests, and the slowest tests of each run. The figures before the work of issue
#17 (item 5) are kept below for comparison.

Run it alone with ``python bench/run.py suite``.
"""

import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "worksteal", "-p", "no:randomly"]
PYTEST += ["-rfE"]  # failures and errors listed at the end
OUTPUT = ROOT / "var" / "bench-suite-{name}.txt"  # the whole run's output, for its failures
RUNS = {
    "SQLite": [*PYTEST, "--durations=8"],
    "PostgreSQL 15": [str(ROOT / "scripts" / "with-postgres"), *PYTEST, "--durations=8"],
}
BEFORE = """\
Before (main at aa7b552, 6 December 2026, `-n 2 --dist loadfile`): SQLite 1,234 passed
in 473.5 s wall, 11.6 min CPU, 1-minute load average 6 to 9 (the lead's run, other
helpers busy too); `make test` as a whole took 16.5 minutes on a fresh clone. A PostgreSQL
run of that commit, started when eight engineers' suites shared the two cores (load 25 to
40), had done 69% of the tests after 63 minutes and was stopped.
The biggest costs then: Argon2 at ~0.35 s a hash for eight users in 666 tests' setup
(3 to 6 s of setup each for the slowest), 25 fuzz examples per route (the fuzz file alone
was 38% of the suite's time, all on one worker with `loadfile`), 60 examples for the
suppression and login fuzz properties."""


def load_sampler(samples: list[float], stop: threading.Event) -> None:
    while not stop.wait(5):
        samples.append(os.getloadavg()[0])


def measure(name: str, command: list[str]) -> dict:
    samples: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=load_sampler, args=(samples, stop), daemon=True)
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    sampler.start()
    env = {**os.environ, "DATABASE_URL": ""}
    done = subprocess.run(  # noqa: S603  (our own test command, no user input)
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    stop.set()
    output = Path(str(OUTPUT).format(name=name.split()[0].lower()))
    output.parent.mkdir(exist_ok=True)
    output.write_text(done.stdout + done.stderr)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    summary = re.findall(r"^(?:=+ )?(\d+ (?:passed|failed).*?) in [\d.]+s", done.stdout, re.M)
    slowest = re.findall(r"^([\d.]+)s (setup|call|teardown)\s+(\S+)$", done.stdout, re.M)
    return {
        "name": name,
        "wall": wall,
        "cpu": cpu,
        "load_before": load_before,
        "load_during": statistics.mean(samples) if samples else load_before,
        "load_max": max(samples, default=load_before),
        "summary": summary[-1] if summary else f"exit code {done.returncode}",
        "slowest": slowest[:8],
        "failed": re.findall(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.M),
    }


def run() -> str:
    return section([measure(name, command) for name, command in RUNS.items()])


def section(results: list[dict], note: str = "") -> str:
    lines = [
        "## The test suite",
        "",
        "`python -m pytest -n 2 --dist worksteal` as `make test` runs it, on SQLite and in "
        "`scripts/with-postgres` (a throwaway PostgreSQL 15 with fsync off). CPU is the "
        "time used by pytest, its workers and Chromium (not the PostgreSQL server's own); the "
        "load average says how much other work shared the two cores.",
        "",
        "| database | result | wall | CPU | load before | load during (mean, max) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['summary']} | {r['wall']:.0f} s | {r['cpu'] / 60:.1f} min | "
            f"{r['load_before']:.1f} | {r['load_during']:.1f}, {r['load_max']:.1f} |"
        )
    for r in results:
        if r.get("failed"):
            lines += ["", f"Failed on {r['name']}: " + ", ".join(f"`{t}`" for t in r["failed"])]
    for r in results:
        lines += ["", f"Slowest on {r['name']}:", "", "| s | phase | test |", "|---|---|---|"]
        lines += [f"| {s} | {phase} | `{test}` |" for s, phase, test in r["slowest"]]
    lines += ["", BEFORE]
    if note:
        lines += ["", note]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
