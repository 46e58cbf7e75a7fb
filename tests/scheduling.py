"""The order in which the suite's tests start: the long ones first.

``pytest -n 2 --dist worksteal`` hands each worker a contiguous share of the collection, in
collection order, and a worker that runs out takes the second half of the other's queue. What
cannot be shared is a test that is running, or a queue of two: a long test near the end of a
queue leaves the other worker idle. Both runs of 7 December 2026 ended that way, six minutes
with one worker idle while the transfer figures and the browser tests ran last.

Here the tests known to be long start first, longest first: the others keep their collection
order behind them, where stealing evens out the end. A test is long by where it is (``LONG``,
with measured seconds) or because it runs on a live server (Chromium, a server thread, every
table flushed at its end); a new test in a listed file or on a live server is ranked with
them, any other new test is short. The numbers only rank: a rough measure is enough.
"""

import pytest

# CPU seconds per test (a file's mean; the pytest process, and Chromium for a browser test),
# one process (-p no:xdist) on SQLite, measured on 7 December 2026 with the cores shared (load
# 10 to 17): only the rank matters. The transfer figures: 93 s for the first year (the module's
# demo), the others after it; the acceptance report: 28 s for its first test (the bundle, once
# per module), 5.5 s for the personal-data check; the export: 15.5 s for its first test; a
# browser test 14 s on average over 62 (Chromium 5 to 67 s, its axe runs most of it).
LONG = {
    "tests/transfers/test_figures_unchanged.py": 60.0,
    "tests/browser/": 14.0,
    "tests/transfers/test_export.py": 8.0,
    "tests/reports/test_acceptance.py": 4.2,
}
# A test on a live server elsewhere: a server thread and a flush of every table at its end.
LIVE_SERVER = 5.0


def seconds(item: pytest.Item) -> float:
    """The measured length of a test, 0 for one not known to be long."""
    listed = [length for where, length in LONG.items() if item.nodeid.startswith(where)]
    if listed:
        return max(listed)
    return LIVE_SERVER if "live_server" in getattr(item, "fixturenames", ()) else 0.0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest first; a stable sort keeps the collection order among equals (every worker of
    xdist collects, and must find, the same order)."""
    items.sort(key=lambda item: -seconds(item))
