"""A pytest plugin that adds up what the security tests checked (``-p tests.security.figures``).

The access matrix's checks are counted from its own tables (every role that is not
exempt, times GET and POST, per route whose test passed); the audit, fuzz and municipality
tests report theirs with ``record_property``. The figures go to the terminal and, as
JSON, to the path in ``KOERS_SECURITY_FIGURES`` when set (scripts/security-figures).
"""

import json
import os
import re
from collections import Counter

MATRIX = "tests/access/test_matrix.py::"
PARAMETER = re.compile(r"\[(.+)\]$")

figures: Counter = Counter()
audit_rows: list[dict] = []


def matrix_checks(test: str, route_name: str) -> int:
    from tests.access import test_matrix

    if test == "test_no_role_reaches_another_regions_records":
        view = next(v for _, name, v, _ in test_matrix.ROUTES if name == route_name)
        roles = [r for r in test_matrix.ROLES if not test_matrix.exempt(r, view, route_name)]
        return 3 * len(roles)  # GET, POST and a search posted as the search forms do
    if test == "test_anonymous_is_sent_to_login":
        return 2
    return 1 if test == "test_roles_reach_their_routes_at_their_own_branch" else 0


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    figures["tests " + report.outcome] += 1
    if report.nodeid.startswith(MATRIX) and report.passed:
        test = report.nodeid.removeprefix(MATRIX).split("[")[0]
        found = PARAMETER.search(report.nodeid)
        if found and test == "test_no_role_reaches_another_regions_records":
            figures["matrix routes"] += 1
        figures["matrix checks (route x role x method)"] += matrix_checks(
            test, found.group(1) if found else ""
        )
    for key, value in report.user_properties:
        if key == "audit":
            audit_rows.append(value)
            figures["audit routes"] += 1
            figures["audit requests"] += value["requests"]
            figures["audit log rows written"] += value["rows"]
            figures["audit clients shown (each logged)"] += value["exposed"]
        elif key == "fuzz":
            figures["fuzz routes"] += 1
            figures["fuzz cases (POST)"] += value["post_cases"]
            figures["fuzz cases (GET query)"] += value["get_cases"]
            figures["fuzz oversized requests"] += value.get("oversized", 0)
            figures["fuzz server errors"] += value["server_errors"]
        elif key == "municipality_pages":
            figures["municipality pages crawled"] += value
        elif key == "url_crawl":
            figures["url crawl forms submitted"] += value["forms"]
            figures["url crawl requests"] += value["requests"]
            figures["url crawl personal data in URLs, Referers, logs"] += value["leaks"]
        elif key == "unchanged":
            figures["matrix requests that wrote nothing"] += value
        elif key == "escalations":
            figures["escalation attempts refused, nothing written"] += value


def pytest_terminal_summary(terminalreporter):
    terminalreporter.section("security figures")
    for key in sorted(figures):
        terminalreporter.write_line(f"{key:45} {figures[key]:>8}")
    for row in sorted(audit_rows, key=lambda r: r["route"]):
        if row["rows"]:
            terminalreporter.write_line(
                f"  audit {row['route']:40} {row['requests']:>3} requests "
                f"{row['rows']:>3} rows {row['exposed']:>3} clients shown"
            )
    target = os.environ.get("KOERS_SECURITY_FIGURES")
    if target:
        with open(target, "w") as out:
            json.dump({"figures": dict(figures), "audit": audit_rows}, out, indent=1)
