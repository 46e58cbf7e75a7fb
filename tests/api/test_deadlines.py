"""Open deadline items: the worklist's items (the one selector), scoped like the worklist,
filtered, paged, logged, in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.core.scoping import Role
from koers.deadlines.selectors import open_items
from tests.api.conftest import logged_after
from tests.deadlines.conftest import housed_client

DEADLINES = "/api/v1/deadlines/"
ON = "2017-12-01"  # every item of ``cases`` is open then (the match's since 2017-11-30)


def keys(response) -> list[tuple[str, str, str, str]]:
    assert response.status_code == 200, response.content
    return [
        (row["rule"], row["record"]["external_id"], row["due_on"], row["status"])
        for row in response.json()["results"]
    ]


def test_a_team_leader_gets_the_items_of_the_worklist_and_none_of_another_branch(
    api_as, users, branch, other_branch, cases
):
    housed_client(other_branch, external_id="p-elders")
    response = api_as(Role.TEAM_LEADER).get(DEADLINES, on=ON)
    expected = open_items(
        on=datetime.date(2017, 12, 1), locations=[branch], user=users[Role.TEAM_LEADER]
    )
    assert keys(response) == [
        (i.rule, i.record_id, i.due_on.isoformat(), i.status) for i in expected
    ]
    assert len(expected) == 8 and response.json()["on"] == ON
    first = response.json()["results"][0]
    step = cases["dossier_step"][0]
    assert first == {
        "rule": "dossier_step",
        "rule_name": "Dossierstap uitvoeren",
        "kind": "dossier_step",
        "location": "rijnmond",
        "person": {"uid": str(step.dossier.person.uid), "external_id": "p-sponsor"},
        "record": {"uid": str(step.uid), "external_id": "s-1"},
        "detail": "bezoek ambassade",
        "anchor_on": "2017-02-01",
        "due_on": "2017-02-20",
        "status": "overdue",
    }
    assert "p-elders" not in response.content.decode()


def test_the_items_filter_on_due_date_kind_rule_and_location(api_as, branch, other_branch, cases):
    api = api_as(Role.TEAM_LEADER)
    due = keys(api.get(DEADLINES, on=ON, due_until="2018-01-31"))
    assert [record for _, record, _, _ in due] == ["s-1", "d-fr", "p-housed"]
    assert [r for r, *_ in keys(api.get(DEADLINES, on=ON, kind="match"))] == [
        "match_evaluation_3m",
        "match_evaluation_6m",
    ]
    assert keys(api.get(DEADLINES, on=ON, rule="pvt_signature")) == [
        ("pvt_signature", "p-housed", "2018-01-31", "open")
    ]
    assert len(keys(api.get(DEADLINES, on=ON, location="rijnmond"))) == 8
    assert keys(api.get(DEADLINES, on=ON, location="waalstad")) == []  # not theirs
    assert keys(api.get(DEADLINES, on="2017-01-01")) == []  # nothing open yet
    assert api.get(DEADLINES, kind="nonsense").status_code == 422


def test_cursor_pages_walk_every_item_once(api_as, cases):
    api = api_as(Role.TEAM_LEADER)
    seen, cursor = [], None
    for _ in range(10):
        query = {"on": ON, "limit": 3} | ({"cursor": cursor} if cursor else {})
        body = api.get(DEADLINES, **query).json()
        seen += [(row["rule"], row["record"]["external_id"]) for row in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = api.get(DEADLINES, on=ON).json()["results"]
    assert seen == [(row["rule"], row["record"]["external_id"]) for row in everything]
    assert len(seen) == 8


def test_a_volunteer_gets_only_their_clients_items_and_a_municipality_viewer_none(
    api_as, users, branch, cases
):
    assert api_as(Role.MUNICIPALITY_VIEWER).get(DEADLINES, on=ON).status_code == 404
    assert keys(api_as(Role.VOLUNTEER).get(DEADLINES, on=ON)) == []  # coaches nobody
    legal = keys(api_as(Role.LEGAL).get(DEADLINES, on=ON))
    assert {rule for rule, *_ in legal} == {"dossier_step", "family_reunification_filing"}


def test_the_clients_of_the_page_are_in_the_access_log(api_as, cases):
    api = api_as(Role.TEAM_LEADER)
    _, rows = logged_after(api.get, DEADLINES, on=ON, rule="pvt_signature")
    logged = rows.get()
    assert logged.person == cases["pvt_signature"][0]
    assert (logged.what, logged.on_behalf_of) == ("API: termijnen", "API-sleutel test")
    assert logged.path == DEADLINES


def test_the_items_cost_the_same_queries_for_one_client_or_five(api_as, branch):
    api = api_as(Role.TEAM_LEADER)
    housed_client(branch)
    api.get(DEADLINES, on=ON)  # the token's first use

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(keys(api.get(DEADLINES, on=ON))) > 0
        return len(queries)

    one = count()
    for _ in range(4):
        housed_client(branch)
    assert count() == one
