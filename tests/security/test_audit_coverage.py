"""Audit coverage: every response that shows a client's personal data logs exactly that
client.

For every logged-in route of the URL resolver (so a new route is covered the day it is
added) a user requests the page with canary clients in the database: plain, as an htmx
partial, with a search (posted as the search forms do), and a POST without data (the form
errors page). The clients whose canary values appear in the response (names, V-numbers,
birth dates; in a PDF's text or a spreadsheet's cells too) must each have an access-log
row written by that request, one row per client; a row may also name the client the URL's
record is about (a budget line or a legal step shows their data without their name), never
anybody else. A client of another region never appears.

The team leader, who reaches every canary of the branch, visits each route in a test of
its own. Every other role visits every route too (one test per role, one world): the
volunteer (whose own clients the canaries partly are), the legal volunteer, the
regional manager, the municipality viewer and the administrator. So the start page of
each role, with every section the apps register, is covered, and so is the contact
form's client picker.
"""

import pytest
from django.test import Client

from koers.core.access import AGGREGATE
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.searching import searched
from tests.security.canaries import CHILD, ELSEWHERE, MAIN, SEARCH_ONLY, SECOND
from tests.security.responses import response_text
from tests.security.routes import (
    LOGGED_IN_ROUTES,
    clients_of,
    objects_in,
    paths_for,
    route_ids,
)

HTMX = {"HX-Request": "true"}
OTHER_ROLES = [
    Role.VOLUNTEER,
    Role.LEGAL,
    Role.REGIONAL_MANAGER,
    Role.MUNICIPALITY_VIEWER,
    Role.ADMINISTRATOR,
]


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
    # a row without a client (an export of staff data: the user list) names nobody
    written = AccessLogEntry.objects.filter(id__gt=last, person__isnull=False)
    rows = list(written.values_list("person_id", flat=True))
    return response, rows


def audit(client: Client, route: str, view, world) -> tuple[list[str], dict]:
    """Every request of the route: the failures, and how much was requested and seen."""
    elsewhere = world.people[ELSEWHERE].pk
    subjects = set().union(*(clients_of(record) for record in objects_in(route, world)))
    failures, counts = [], {"requests": 0, "rows": 0, "exposed": 0}
    for path in paths_for(route, world):
        for method, data, headers in requests_for(view):
            response, rows = rows_written_by(client, method, path, data, headers)
            shown = world.exposed_in(response_text(response))
            what = f"{method.upper()} {path} {data or ''} {'htmx' if headers else ''}"
            counts["requests"] += 1
            counts["rows"] += len(rows)
            counts["exposed"] += len(shown)
            if elsewhere in shown:
                failures.append(f"{what}: shows a client of another region")
            if shown - set(rows):
                failures.append(f"{what}: shows clients {shown - set(rows)} without logging")
            if set(rows) - shown - subjects:
                failures.append(f"{what}: logs clients {set(rows) - shown - subjects} not shown")
            if len(rows) != len(set(rows)):
                failures.append(f"{what}: more than one row for a client: {rows}")
    return failures, counts


@pytest.mark.parametrize(
    ("route", "name", "view", "converters"), LOGGED_IN_ROUTES, ids=route_ids(LOGGED_IN_ROUTES)
)
def test_access_log_names_exactly_the_clients_a_response_shows(
    route, name, view, converters, users, canary_world, record_property
):
    client = Client(raise_request_exception=True)
    client.force_login(users[Role.TEAM_LEADER])
    failures, counts = audit(client, route, view, canary_world)
    record_property("audit", {"route": name, **counts})
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_role_logs_the_clients_its_pages_show(role, users, canary_world, record_property):
    """One world, every route, as this role: what it is shown, it has logged."""
    client = Client(raise_request_exception=True)
    client.force_login(users[role])
    failures, exposed = [], 0
    for route, name, view, _converters in LOGGED_IN_ROUTES:
        found, counts = audit(client, route, view, canary_world)
        failures += [f"{name}: {failure}" for failure in found]
        exposed += counts["exposed"]
    record_property("audit", {"role": str(role), "exposed": exposed})
    assert not failures, "\n".join(failures)
    sees_clients = role not in {Role.MUNICIPALITY_VIEWER, Role.ADMINISTRATOR}
    assert bool(exposed) == sees_clients, f"{role} saw {exposed} canaries in all its pages"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.TEAM_LEADER, {SECOND}),  # waiting list, without a coach
        (Role.VOLUNTEER, {MAIN}),  # my clients (and their terms)
        (Role.LEGAL, {SECOND}),  # open dossiers
    ],
)
def test_each_start_page_shows_canaries_and_logs_them(role, expected, users, canary_world):
    """The detector sees the start pages: each role's start page shows these canaries, and
    the access log names every canary it shows."""
    client = Client()
    client.force_login(users[role])
    response, rows = rows_written_by(client, "get", "/", {}, {})
    shown = canary_world.exposed_in(response_text(response))
    assert {canary_world.people[canary].pk for canary in expected} <= shown
    assert shown <= set(rows)
    assert canary_world.people[ELSEWHERE].pk not in shown


def test_the_contact_forms_client_picker_logs_the_clients_it_offers(users, canary_world):
    client = Client()
    client.force_login(users[Role.VOLUNTEER])
    response, rows = rows_written_by(client, "get", "/contacten/nieuw/", {}, {})
    shown = canary_world.exposed_in(response_text(response))
    assert canary_world.people[MAIN].pk in shown
    assert shown == set(rows)
    child = canary_world.people[CHILD]
    response, rows = rows_written_by(
        client, "get", "/contacten/nieuw/", {"persoon": str(child.uid)}, {}
    )
    assert canary_world.exposed_in(response_text(response)) == {child.pk} == set(rows)


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
