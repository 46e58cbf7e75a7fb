"""Access control as a matrix: every Koers route, every role, GET and POST.

Routes come from the URL resolver; each ``<uuid:MODELNAME_uid>`` is filled with a
record of a branch of *another region*, so no role of the fixture may reach it: the
answer is 404 (405 for a method the route does not take) and the body holds nothing
of that branch. And none of these requests writes anything: after each one a snapshot
of the database (``tests.access.snapshot``: every row, version and change-log entry)
must be as before, "log out everywhere" alone excepted. Each role's own user pages with
escalation payloads: ``tests/access/test_own_accounts.py``; real saves of records of the
users' own branch by roles that may not write them: ``test_own_branch_writes.py``.
Anonymous users are sent to the login page. Administrators reach branch and staff records
of every branch by design (see core.scoping), so they are exempt on routes of those
categories and on user management. docs/access.md lists the routes and roles checked.
"""

import re
import uuid
from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from koers.core.access import PUBLIC
from koers.core.scoping import Category, Role
from tests.access.records import MARKER, FarWorld, koers_model
from tests.access.snapshot import Snapshot
from tests.searching import searched

ROLES = [
    Role.VOLUNTEER,
    Role.LEGAL,
    Role.TEAM_LEADER,
    Role.REGIONAL_MANAGER,
    Role.MUNICIPALITY_VIEWER,
    Role.ADMINISTRATOR,
    "other_team_leader",
    "no_role",
]
DENIED = {404, 405}
ADMIN_REACHES_ALL = {Category.BRANCH, Category.STAFF}
PLAIN_KWARGS = {"int": 2017, "slug": "pdf", "str": "x", "path": "x"}
# Another spelling of the marker: search finds it, yet an echo of the query is no leak.
QUERY = {"q": MARKER.replace("a", "aa"), "zoek": MARKER.replace("a", "aa")}
# Requests whose whole point is a write to the user's own account, allowed to change it.
WRITES_OWN_ACCOUNT = {"accounts:sessions_end"}  # log out everywhere: a new session epoch


def koers_routes(resolver=None, prefix="", namespace="", in_koers=False):
    """(route, name, view, converters) for every URL a Koers app defines."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            yield from koers_routes(
                entry,
                route,
                entry.namespace or namespace,
                in_koers=module.startswith("koers."),
            )
        elif isinstance(entry, URLPattern):
            view = entry.callback
            if in_koers or getattr(view, "__module__", "").startswith("koers."):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield route, name, view, dict(entry.pattern.converters)


ROUTES = sorted(koers_routes(), key=lambda item: item[0])
ROUTE_ARGS = ("route", "name", "view", "converters")


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route: str, world: FarWorld | None) -> str:
    """The route's path with every parameter filled (uuid kwargs with far-branch records)."""

    def value(match: re.Match) -> str:
        kind, kwarg = match.group(1) or "str", match.group(2)
        if kind == "uuid":
            model = koers_model(kwarg.removesuffix("_uid"))
            return str(world.get(model).uid if world else uuid.uuid4())
        if world and kwarg == "user_id":
            return str(world.far_user.pk)
        if world and kwarg == "membership_id":
            return str(world.far_membership.pk)
        if world and kwarg == "region":
            return world.location.region
        return str(PLAIN_KWARGS[kind])

    return "/" + PARAMETER.sub(value, route)


def exempt(role, view, name: str) -> bool:
    scope = getattr(view, "koers_scope", None)
    if role != Role.ADMINISTRATOR:
        return False
    return scope in ADMIN_REACHES_ALL or name.startswith("accounts:")


@pytest.fixture
def far_world(far_branch):
    from tests.factories import MembershipFactory, UserFactory

    world = FarWorld(far_branch)
    world.far_user = UserFactory(username="verweg", first_name=MARKER)
    world.far_membership = MembershipFactory(
        user=world.far_user, role=Role.TEAM_LEADER, location=far_branch
    )
    return world


def test_every_koers_view_declares_a_scope():
    """A view without ``view_scope`` is refused by the middleware and fails here first."""
    missing = [name for _, name, view, _ in ROUTES if getattr(view, "koers_scope", None) is None]
    assert not missing, f"views without view_scope: {missing}"


def test_matrix_covers_object_routes_of_every_app():
    assert len(ROUTES) > 20
    assert any("<uuid:person_uid>" in route for route, *_ in ROUTES)


def test_matrix_covers_the_documents_routes():
    """Documents (issue 14): every route of the app, its downloads and the handover PDF."""
    names = {name for _, name, _, _ in ROUTES}
    assert {
        "documents:add",
        "documents:dossier",
        "documents:dossier_add",
        "documents:download",
        "documents:delete",
        "documents:file_pdf",
        "documents:person_list",
        "documents:document_list_export",
        "privacy:access_request_zip",
    } <= names


def send(client: Client, method: str, path: str):
    if method == "search":  # as a search form posts it, followed to its results
        return searched(client, path, **QUERY)
    return getattr(client, method)(path, QUERY if method == "get" else {})


def sent_logged_in(client: Client, user, request: Callable[[Client], HttpResponse]):
    """``request(client)`` as ``user``: requests share one login (a login costs about as
    much as a refused request); a request the user was not logged in for (one before ended
    the session: a logout, a new session epoch) is sent again after a new login, as a fresh
    client would send it."""
    response = request(client)
    if not response.wsgi_request.user.is_authenticated:
        user.refresh_from_db()
        client.force_login(user)
        response = request(client)
    return response


def send_as(client: Client, user, method: str, path: str):
    return sent_logged_in(client, user, lambda again: send(again, method, path))


@pytest.mark.parametrize(ROUTE_ARGS, ROUTES, ids=[r[1] for r in ROUTES])
def test_no_role_reaches_another_regions_records(
    route, name, view, converters, users, far_world, record_property
):
    path = fill(route, far_world)
    failures = []
    database = Snapshot()
    checked = 0
    for role in ROLES:
        if exempt(role, view, name):
            continue
        client = Client()
        client.force_login(users[role])
        for method in ("get", "post", "search"):
            response = send_as(client, users[role], method, path)
            answered = response.resolver_match  # a followed search may land on another page
            if answered and exempt(role, answered.func, answered.view_name):
                continue
            body = response.content.decode(errors="replace")
            if converters and response.status_code not in DENIED:
                failures.append(f"{role} {method.upper()} {path}: {response.status_code}")
            if MARKER in body:
                failures.append(f"{role} {method.upper()} {path}: far branch data in the body")
            changed = database.changed()
            checked += name not in WRITES_OWN_ACCOUNT
            if changed and name not in WRITES_OWN_ACCOUNT:
                failures.append(
                    f"{role} {method.upper()} {path}: {response.status_code}, wrote {changed}"
                )
    record_property("unchanged", checked)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(ROUTE_ARGS, ROUTES, ids=[r[1] for r in ROUTES])
def test_anonymous_is_sent_to_login(route, name, view, converters, db):
    if getattr(view, "koers_scope", None) == PUBLIC:
        return
    path = fill(route, None)
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code in {302, 405}, (method, path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/account/inloggen/"), path


def own_world(branch, users) -> FarWorld:
    world = FarWorld(branch)
    world.far_user = users[Role.VOLUNTEER]
    world.far_membership = users[Role.VOLUNTEER].memberships.first()
    return world


# cooperation: the branch's records are read by all who reach them, changed by whoever holds
# the role table's ``write_branch`` at the branch (tests/cooperation/test_views.py)
COOPERATION_READ = ("activity_list", "activity_export", "partner_list")
COOPERATION_WRITE = (
    "activity_create",
    "activity_edit",
    "activity_delete",
    "partner_create",
    "partner_edit",
)
COOPERATION_READERS = [
    Role.TEAM_LEADER,
    Role.REGIONAL_MANAGER,
    Role.LEGAL,
    Role.VOLUNTEER,
    Role.ADMINISTRATOR,
]
# The positive side for the routes of this part (other parts test their own): who reaches
# them when the record is at the user's own branch (a GET that is not a 404).
REACHED_BY = {
    "people:file": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.LEGAL],
    "people:edit": [Role.TEAM_LEADER, Role.LEGAL],
    "people:contact_edit": [Role.TEAM_LEADER, Role.LEGAL],
    "people:timeline": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.LEGAL],
    "people:access_log": [Role.TEAM_LEADER],
    "people:search": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.LEGAL, Role.VOLUNTEER],
    "people:household_create": [Role.TEAM_LEADER, Role.LEGAL],
    "contacts:create": [Role.TEAM_LEADER, Role.LEGAL, Role.VOLUNTEER],
    # a reunification dossier's family members: who writes legal records (tests/legal)
    **{
        f"legal:{name}": [Role.TEAM_LEADER, Role.LEGAL]
        for name in ("member_add", "member_edit", "member_register")
    },
    "accounts:user_list": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR],
    "accounts:user_create": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR],
    "accounts:user_detail": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR],
    "home": ROLES,
    # a move to another branch (tests/transfers): the team leader offers, lists, exports
    "transfers:list": [Role.TEAM_LEADER],
    "transfers:offer": [Role.TEAM_LEADER],
    "transfers:detail": [Role.TEAM_LEADER],
    # the contacts list of the branches whose team the user oversees (tests/contacts; its
    # export, like every list's, in test_list_exports: the matrix fills <slug:fmt> with pdf)
    "contacts:list": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER],
    # a client's documents list (tests/documents/test_list.py)
    "documents:person_list": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.LEGAL],
    "exchange:person_export": [Role.TEAM_LEADER],
    # the deadline worklist (tests/deadlines/test_worklist_list.py; its export above)
    "deadlines:worklist": [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.LEGAL, Role.VOLUNTEER],
    **{f"cooperation:{name}": COOPERATION_READERS for name in COOPERATION_READ},
    **{f"cooperation:{name}": [Role.TEAM_LEADER, Role.ADMINISTRATOR] for name in COOPERATION_WRITE},
}
POSITIVE = [
    (route, name, role) for route, name, _, _ in ROUTES for role in REACHED_BY.get(name, [])
]


@pytest.mark.parametrize(
    ("route", "name", "role"), POSITIVE, ids=[f"{n}-{r}" for _, n, r in POSITIVE]
)
def test_roles_reach_their_routes_at_their_own_branch(route, name, role, users, branch):
    client = Client()
    client.force_login(users[role])
    response = client.get(fill(route, own_world(branch, users)))
    assert response.status_code in {200, 302}, response.status_code


def test_positive_checks_name_existing_routes():
    names = {name for _, name, _, _ in ROUTES}
    assert set(REACHED_BY) <= names
