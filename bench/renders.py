"""Long renders on the demo: a client's access-request PDF and the yearly report.

``run()`` loads the demo into a fresh SQLite database in a temporary data folder (one
child process, ``python bench/renders.py measure``), then times as the branch's team
leader, through the views (middleware, queries, access logging and all):

- the access-request PDF and JSON of the demo's longest file (the client with the most
  records), first with its own access log, then with 100,000 more access-log rows;
- the yearly report of that client's branch for last year as HTML, PDF and XLSX, and
  where the PDF's time goes (building the document, WeasyPrint's layout, writing).

Median of three runs each (after one warm-up: fonts, templates), wall clock and the
CPU time of the process, with the machine's load average, since other work shares it.
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

ROOT = Path(__file__).resolve().parents[1]
EXTRA_LOOKS = 100_000
RUNS = 3


def timed(call, runs: int = RUNS) -> dict:
    """Median seconds of ``call()``, wall clock and CPU, after a warm-up."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def longest_file():
    """The client with the most records about them (the demo's longest file)."""
    from collections import Counter

    from django.db.models import Count

    from koers.people.models import Person
    from koers.privacy.holdings import person_models

    total = Counter()
    for model in person_models():
        path = model.scope.person
        for row in model._default_manager.values(path).annotate(n=Count("pk")):
            total[row[path]] += row["n"]
    total.pop(None, None)
    pk, records = total.most_common(1)[0]
    return Person.objects.select_related("location").get(pk=pk), records


def measure() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from koers.core.models import AccessLogEntry
    from koers.core.scoping import Role
    from koers.reports import selectors
    from koers.reports.exporters import to_html, to_pdf, to_xlsx

    person, records = longest_file()
    leader = (
        get_user_model()
        .objects.filter(memberships__role=Role.TEAM_LEADER, memberships__location=person.location)
        .first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leader)

    def get(name: str, **kwargs):
        def call():
            response = client.get(reverse(name, kwargs=kwargs))
            if response.status_code != 200:
                raise SystemExit(f"{name}: status {response.status_code}")
            return len(response.content)

        return call

    pdf = get("privacy:access_request_pdf", person_uid=person.uid)
    as_json = get("privacy:access_request_json", person_uid=person.uid)
    result = {
        "person": person.external_id,
        "records": records,
        "looks_before": AccessLogEntry.objects.filter(person_id=person.pk).count(),
        "pdf": timed(pdf),
        "json": timed(as_json),
    }
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        (
            AccessLogEntry(
                at=now - (number + 1) * datetime.timedelta(minutes=7),
                user_id=leader.pk,
                username=("coach.anna", "jurist.bram", "teamleider")[number % 3],
                person_id=person.pk,
                action=("view", "search", "edit")[number % 3],
                what="cliëntdossier",
            )
            for number in range(EXTRA_LOOKS)
        ),
        batch_size=5000,
    )
    result["looks_after"] = AccessLogEntry.objects.filter(person_id=person.pk).count()
    result["pdf_long_log"] = timed(pdf)
    result["json_long_log"] = timed(as_json)

    year = timezone.localdate().year - 1
    location = person.location
    document = selectors.live_document(location, year)
    result["report"] = {
        "location": location.name,
        "year": year,
        "document": timed(lambda: selectors.live_document(location, year)),
        "html": timed(lambda: len(to_html(document))),
        "pdf": timed(lambda: len(to_pdf(document))),
        "xlsx": timed(lambda: len(to_xlsx(document))),
        "pdf_phases": pdf_phases(document),
    }
    return result


def pdf_phases(document) -> dict:
    """Where the report PDF's time goes (one run, profiled): the HTML, WeasyPrint's layout
    and, within it, its tables and charts (SVG), and writing the file."""
    import cProfile
    import pstats

    from weasyprint import HTML

    from koers.reports.exporters import to_html

    profile = cProfile.Profile()
    profile.enable()
    started = time.perf_counter()
    html = to_html(document)
    built = time.perf_counter()
    rendered = HTML(string=html).render()
    laid_out = time.perf_counter()
    rendered.write_pdf()
    written = time.perf_counter()
    profile.disable()
    stats = pstats.Stats(profile).stats
    profiled = written - started

    def share(path: str, function: str) -> float:
        seconds = sum(
            cumulative
            for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
            if filename.endswith(path) and name == function
        )
        return seconds / max(sum(v[2] for v in stats.values()), 1e-9) * profiled

    return {
        "html": built - started,
        "layout": laid_out - built,
        "write": written - laid_out,
        "pages": len(rendered.pages),
        "tables": share("weasyprint/layout/table.py", "table_layout"),
        "table_widths": share("weasyprint/layout/table.py", "auto_table_layout"),
        "charts": share("weasyprint/svg/__init__.py", "draw"),
    }


def in_child(script: str = __file__) -> dict:
    """``script measure`` run on the demo in a fresh SQLite database; its JSON answer."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    koers = [sys.executable, "-c", "from koers.cli import main; main()"]
    with tempfile.TemporaryDirectory() as data:
        env["KOERS_DATA_DIR"] = data
        for command in (["migrate", "-v0"], ["demo"]):
            subprocess.run(  # noqa: S603  (our own command, fixed arguments)
                [*koers, *command], env=env, capture_output=True, check=True
            )
        measuring = [sys.executable, script, "measure"]
        output = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            measuring, env=env, capture_output=True, text=True, check=True
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def seconds(timing: dict) -> str:
    return f"{timing['wall']:.2f} s (CPU {timing['cpu']:.2f} s)"


def run() -> str:
    load_before = os.getloadavg()[0]
    result = in_child()
    load_after = os.getloadavg()[0]
    report, phases = result["report"], result["report"]["pdf_phases"]
    return "\n".join(
        [
            "## Long renders on the demo",
            "",
            "Generated by `bench/renders.py`: the demo (`koers demo`) in a fresh SQLite "
            "database; each render through its view as the branch's team leader, median of "
            f"{RUNS} runs after a warm-up, wall clock and the process' CPU time. The "
            f"machine's 1-minute load average was {load_before:.1f} at the start and "
            f"{load_after:.1f} at the end (other work shares its two cores; on a busy "
            "machine the wall clock is a multiple of the CPU time).",
            "",
            f"The client's access request (`/privacy/`), for the demo's longest file "
            f"({result['person']}, {result['records']:,} records, most of them attendance): "
            "the PDF shows every record in full and the change and access logs summarised "
            "(per person and per month, with the newest rows); the JSON holds every row.",
            "",
            "| access log of the client | PDF | JSON |",
            "|---|---|---|",
            f"| {result['looks_before']:,} rows | {seconds(result['pdf'])} "
            f"| {seconds(result['json'])} |",
            f"| {result['looks_after']:,} rows | {seconds(result['pdf_long_log'])} "
            f"| {seconds(result['json_long_log'])} |",
            "",
            f"The yearly report of {report['location']} for {report['year']}: computing "
            f"its content {seconds(report['document'])}; from that content the HTML "
            f"{seconds(report['html'])}, the PDF ({phases['pages']} pages) "
            f"{seconds(report['pdf'])}, the XLSX {seconds(report['xlsx'])}. The PDF's time "
            f"goes to WeasyPrint (one profiled run, so slower): {phases['layout']:.2f} s "
            f"laying out the pages, of which {phases['tables']:.2f} s its tables of figures "
            f"({phases['table_widths']:.2f} s of that choosing column widths from their "
            f"content), {phases['write']:.2f} s drawing and writing the file (the charts' "
            f"SVG {phases['charts']:.2f} s), {phases['html']:.2f} s for the HTML. No one "
            "part dominates: the time follows the number of pages and table cells, which "
            "the report's redesign (issue #15) decides.",
        ]
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        print(json.dumps(measure()))
    else:
        print(run())
