"""Run the benchmarks and write ``docs/performance.md``.

Every ``bench/<name>.py`` that defines ``run() -> str`` (a Markdown section) is a
benchmark. ``python bench/run.py`` runs them all; ``python bench/run.py NAME ...`` runs
only those and keeps the other sections already in the file. The machine and the date
head the file, because figures mean nothing without them.
"""

import datetime
import importlib.util
import os
import platform
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUTPUT = BENCH.parent / "docs" / "performance.md"
POSTGRES = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")) / "postgres"
SECTION = re.compile(
    r"<!-- bench:(?P<name>\w+) -->\n(?P<body>.*?)<!-- /bench:(?P=name) -->\n", re.S
)


def benchmarks() -> dict[str, Path]:
    return {
        path.stem: path
        for path in sorted(BENCH.glob("*.py"))
        if path.stem != "run" and re.search(r"^def run\(", path.read_text(), re.M)
    }


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_line(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line
    except OSError:
        pass
    return "unknown"


def machine() -> str:
    memory_kb = int(first_line("/proc/meminfo", "MemTotal").split()[0] or 0)
    os_name = first_line("/etc/os-release", "PRETTY_NAME").split("=", 1)[-1].strip('"')
    try:
        postgres = subprocess.run(  # noqa: S603  (a fixed binary path, no user input)
            [str(POSTGRES), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        postgres = "not installed"
    return "\n".join(
        [
            f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- CPU: {first_line('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores",
            f"- Memory: {memory_kb / 1024 / 1024:.1f} GiB",
            f"- OS: {os_name} ({platform.system()} {platform.release()})",
            f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {postgres}",
        ]
    )


def main(names: list[str]) -> None:
    found = benchmarks()
    unknown = set(names) - set(found)
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))} (have {', '.join(found)})")
    sections = {}
    if OUTPUT.exists():
        sections = {m["name"]: m["body"] for m in SECTION.finditer(OUTPUT.read_text())}
    for name in names or list(found):
        print(f"bench: {name}", file=sys.stderr)
        sections[name] = load(found[name]).run().strip() + "\n"
    # a section no benchmark writes (a measurement by hand) is kept
    kept = [name for name in sections if name not in found]
    body = "".join(
        f"<!-- bench:{name} -->\n{sections[name]}<!-- /bench:{name} -->\n\n"
        for name in [*found, *kept]
        if name in sections
    )
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(
        "# Performance\n\nWritten by `python bench/run.py` (`make bench`); do not edit by hand."
        f"\n\n{machine()}\n\n{body}"
    )
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
