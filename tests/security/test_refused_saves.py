"""One status code for a refused save: every POST that saves nothing answers 422.

Every logged-in route of the URL resolver gets a POST without data (and the same as
htmx) from each role that writes somewhere: the team leader (client records, branch
records), the regional manager (deadline terms, user management of the region) and the
administrator (user management, staff). A POST that was not saved must answer 422 with
the form and what to fix, whatever the page: never 200 (looks like success to a tool or
htmx), 400 or 409. A 302 is a saved action (or a redirect to log in), 404/405 a route the
role does not write. docs/checklists.md ("One way to edit") says why one code.

The steps of logging in are not saves, and answer a wrong code on the page itself.
"""

import pytest
from django.test import Client

from koers.core.editing import REFUSED
from koers.core.scoping import Role
from tests.access.test_matrix import sent_logged_in
from tests.security.routes import LOGGED_IN_ROUTES, paths_for

HTMX = {"HX-Request": "true"}
NOT_SAVES = {  # a credential check, not a record: the login flow's own answers stand
    "accounts:account",  # new recovery codes need a code from the app
    "accounts:login_code",
    "accounts:login_recovery",
    "accounts:login_enrol",
}
ACCEPTED = {302, 404, 405, REFUSED}


def posted(client: Client, user, path: str, headers: dict):
    """An empty POST as ``user``; sent again after a new login when a route before ended the
    session (the answer would be a redirect to log in, not the route's own)."""
    return sent_logged_in(client, user, lambda again: again.post(path, {}, headers=headers))


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
def test_a_post_that_saves_nothing_answers_422_on_every_route(role, users, canary_world):
    paths = {name: paths_for(route, canary_world) for route, name, *_ in LOGGED_IN_ROUTES}
    failures, refused = [], set()  # (every record made first: a save may not collide with it)
    client = Client()
    for name, route_paths in paths.items():
        if name in NOT_SAVES:
            continue
        for path in route_paths:
            for headers in ({}, HTMX):
                response = posted(client, users[role], path, headers)
                if response.status_code not in ACCEPTED:
                    failures.append(
                        f"{name} POST {path} {'htmx' if headers else ''}: "
                        f"{response.status_code}, not {REFUSED}"
                    )
                if response.status_code == REFUSED:
                    refused.add(name)
                    if b"<form" not in response.content:
                        failures.append(f"{name} POST {path}: 422 without the form")
    assert not failures, "\n".join(failures)
    assert refused, f"{role}: no route refused an empty POST (is the world writable?)"


def test_the_edit_forms_of_the_daily_work_refuse_with_422(users, canary_world):
    """The detector works: the team leader's empty POSTs are refused on the edit forms of
    every app that edits client records."""
    paths = {name: paths_for(route, canary_world)[0] for route, name, *_ in LOGGED_IN_ROUTES}
    refused, client = set(), Client()
    for name, path in paths.items():
        if posted(client, users[Role.TEAM_LEADER], path, {}).status_code == REFUSED:
            refused.add(name.split(":")[0])
    assert {"people", "contacts", "coaching", "legal", "matching", "groups"} <= refused
