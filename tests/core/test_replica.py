"""Figures read from a real streaming standby; writes and the writer's own reads on the primary.

Runs where ``scripts/with-postgres --standby`` started a standby (``KOERS_STANDBY_URL``):
``make test``'s PostgreSQL run does. The standby's replay is paused while a team leader
saves a report text, so only a read from the primary can show it: the writer sees it at
once, another manager reading the report from the standby does not until replay resumes.
"""

import fcntl
import os
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core import replica
from koers.core.scoping import Role
from koers.settings import DATA_DIR, database_from_url

STANDBY_URL = os.environ.get("KOERS_STANDBY_URL", "")

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not STANDBY_URL, reason="no streaming standby (scripts/with-postgres --standby)"
    ),
    pytest.mark.django_db(transaction=True),
]

TEXT = "Dit jaar vonden 12 gezinnen een huis."


@pytest.fixture
def make_client():
    return Client


@pytest.fixture
def standby():
    """The ``replica`` alias pointing at the standby's copy of the test database."""
    settings = database_from_url(STANDBY_URL, DATA_DIR)
    settings["NAME"] = connections["default"].settings_dict["NAME"]
    configured = connections.configure_settings(
        {"default": connections["default"].settings_dict, replica.REPLICA: settings}
    )
    connections.settings[replica.REPLICA] = configured[replica.REPLICA]
    standby = connections[replica.REPLICA]
    standby.connect()  # by hand: the test case refuses to open aliases it was not given
    # Replay is paused for the whole standby: one test at a time across xdist workers.
    path = Path(tempfile.gettempdir()) / f"koers-standby-{settings['PORT']}.lock"
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield standby
        finally:
            _run(standby, "SELECT pg_wal_replay_resume()")
            standby.close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]


def _run(connection, sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def caught_up(standby) -> None:
    """Wait until the standby has replayed everything the primary wrote so far."""
    (lsn,) = _run(connections["default"], "SELECT pg_current_wal_lsn()::text")
    for _ in range(200):
        (done,) = _run(standby, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn)
        if done:
            return
        time.sleep(0.05)
    raise AssertionError("the standby did not catch up in 10 s")


def paused(standby) -> None:
    _run(standby, "SELECT pg_wal_replay_pause()")
    for _ in range(200):
        if _run(standby, "SELECT pg_get_wal_replay_pause_state()") == ("paused",):
            return
        time.sleep(0.05)
    raise AssertionError("the standby's replay did not pause")


def get_counting(client, url):
    """The response and the queries it sent to the primary and to the standby."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as copy,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(primary), len(copy)


def test_the_standby_is_a_read_only_streaming_copy(standby):
    assert _run(standby, "SELECT pg_is_in_recovery()") == (True,)
    assert _run(connections["default"], "SELECT pg_is_in_recovery()") == (False,)
    (streaming,) = _run(
        connections["default"], "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
    )
    assert streaming == 1


def test_figures_from_the_standby_writes_to_the_primary_and_the_writer_reads_their_own(
    standby, make_client, users, branch
):
    report = reverse("reports:report", args=[branch.uid, 2017])
    narrative = reverse("reports:narrative", args=[branch.uid, 2017, "intro"])
    leader, manager = make_client(), make_client()
    leader.force_login(users[Role.TEAM_LEADER])
    manager.force_login(users[Role.REGIONAL_MANAGER])
    caught_up(standby)

    # A figure page reads its figures from the standby (the account and session: primary).
    html, _primary, from_standby = get_counting(manager, report)
    assert from_standby > 0
    assert TEXT not in html

    # The write goes to the primary, while the standby replays nothing.
    paused(standby)
    saved = leader.post(narrative, {"text": TEXT, "version": "0"})
    assert saved.status_code == 302
    assert _run(
        connections["default"], "SELECT count(*) FROM reports_reportnarrative WHERE text = %s", TEXT
    ) == (1,)

    # The writer reads their own write: pinned to the primary, nothing from the standby.
    html, from_primary, from_standby = get_counting(leader, report)
    assert TEXT in html
    assert (from_standby, from_primary > 0) == (0, True)

    # Someone else reads the standby, which has not replayed the write yet...
    html, _primary, from_standby = get_counting(manager, report)
    assert from_standby > 0
    assert TEXT not in html

    # ...and once it has, they see it too (still from the standby).
    _run(standby, "SELECT pg_wal_replay_resume()")
    caught_up(standby)
    html, _primary, from_standby = get_counting(manager, report)
    assert from_standby > 0
    assert TEXT in html


def test_a_pin_ends_after_its_seconds(standby, make_client, users, branch, settings):
    settings.KOERS_REPLICA_PIN_SECONDS = 0
    report = reverse("reports:report", args=[branch.uid, 2017])
    narrative = reverse("reports:narrative", args=[branch.uid, 2017, "team"])
    leader = make_client()
    leader.force_login(users[Role.TEAM_LEADER])
    assert leader.post(narrative, {"text": TEXT, "version": "0"}).status_code == 302
    caught_up(standby)
    _html, _primary, from_standby = get_counting(leader, report)
    assert from_standby > 0


def test_daily_pages_and_posts_never_read_the_standby(standby, make_client, users):
    volunteer = make_client()
    volunteer.force_login(users[Role.VOLUNTEER])
    caught_up(standby)
    with CaptureQueriesContext(connections[replica.REPLICA]) as copy:
        assert volunteer.get(reverse("home")).status_code == 200
        assert volunteer.get(reverse("people:search")).status_code == 200
    assert len(copy) == 0
