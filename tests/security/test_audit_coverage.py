"""Audit coverage: every response that shows a client's personal data logs exactly that
client.

For every logged-in route of the URL resolver (so a new route is covered the day it is
added) a team leader requests the page with canary clients in the database: plain, as an
htmx partial, with a search (posted as the search forms do), and a POST without data (the
form errors page). The clients whose canary values appear in the response (names,
V-numbers, birth dates; in a PDF's text or a spreadsheet's cells too) must each have an
access-log row written by that request, one row per client; a row may also name the client
the URL's record is about (a budget line or a legal step shows their data without their
name), never anybody else. A client of another region never appears.
"""

import pytest
from django.test import Client

from koers.core.access import AGGREGATE
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.searching import searched
from tests.security.canaries import ELSEWHERE, MAIN, SEARCH_ONLY
from tests.security.responses import response_text
from tests.security.routes import (
    LOGGED_IN_ROUTES,
    clients_of,
    objects_in,
    paths_for,
    route_ids,
)

HTMX = {"HX-Request": "true"}


def requests_for(view) -> list[tuple[str, dict, dict]]:
    """(method, data, headers): the page, its htmx partial, a search, a POST without data.

    Aggregate pages (reports, figures) show no client by design: the page and a POST
    prove it there, and the municipality crawl reads them all again.
    """
    page, post = ("get", {}, {}), ("post", {}, {})
    if view.koers_scope == AGGREGATE:
        return [page, post]
    query = {"q": SEARCH_ONLY.respelled(), "zoek": SEARCH_ONLY.respelled()}
    return [page, ("get", {}, HTMX), ("search", query, HTMX), ("search", query, {}), post]


def rows_written_by(client: Client, method: str, path: str, data: dict, headers: dict):
    """The response and the access-log rows it wrote; ``search`` posts a search as the
    page's search form does and follows to the page that shows its results."""
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if method == "search":
        response = searched(client, path, headers=headers, **data)
    else:
        response = getattr(client, method)(path, data, headers=headers)
    rows = list(AccessLogEntry.objects.filter(id__gt=last).values_list("person_id", flat=True))
    return response, rows


@pytest.mark.parametrize(
    ("route", "name", "view", "converters"), LOGGED_IN_ROUTES, ids=route_ids(LOGGED_IN_ROUTES)
)
def test_access_log_names_exactly_the_clients_a_response_shows(
    route, name, view, converters, users, canary_world, record_property
):
    client = Client(raise_request_exception=True)
    client.force_login(users[Role.TEAM_LEADER])
    elsewhere = canary_world.people[ELSEWHERE].pk
    subjects = set().union(*(clients_of(record) for record in objects_in(route, canary_world)))
    failures, requests, rows_total, exposed_total = [], 0, 0, 0
    for path in paths_for(route, canary_world):
        for method, data, headers in requests_for(view):
            response, rows = rows_written_by(client, method, path, data, headers)
            shown = canary_world.exposed_in(response_text(response))
            what = f"{method.upper()} {path} {data or ''} {'htmx' if headers else ''}"
            requests += 1
            rows_total += len(rows)
            exposed_total += len(shown)
            if elsewhere in shown:
                failures.append(f"{what}: shows a client of another region")
            if shown - set(rows):
                failures.append(f"{what}: shows clients {shown - set(rows)} without logging")
            if set(rows) - shown - subjects:
                failures.append(f"{what}: logs clients {set(rows) - shown - subjects} not shown")
            if len(rows) != len(set(rows)):
                failures.append(f"{what}: more than one row for a client: {rows}")
    record_property("audit", {"route": name, "requests": requests, "rows": rows_total,
                              "exposed": exposed_total})  # fmt: skip
    assert not failures, "\n".join(failures)


def test_canaries_are_seen_where_they_are_shown(users, canary_world):
    """The detector works: the file shows and logs the main client, a search in another
    spelling finds the search-only client and logs the hit."""
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    file = client.get(f"/clienten/{canary_world.people[MAIN].uid}/")
    assert canary_world.people[MAIN].pk in canary_world.exposed_in(response_text(file))
    hit = canary_world.people[SEARCH_ONLY]
    response, rows = rows_written_by(
        client, "search", "/clienten/zoeken/", {"q": SEARCH_ONLY.respelled()}, {}
    )
    assert canary_world.exposed_in(response_text(response)) == {hit.pk}
    assert rows == [hit.pk]
