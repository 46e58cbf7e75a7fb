"""The access matrix at the user's own branch: who may not write a record changes nothing.

Issue 11, item 5: the regional manager (who only reads) and a new volunteer without a
VOG posted an attendance register of their own branch and got "Presentie opgeslagen":
no attendance changed, but the session's version went up without a change-log row; the
new volunteer could also add sessions. The far matrix (``test_matrix``) posts to records
no role reaches; this one posts to records of the users' own branch, which they read.

For every Koers route (user management aside: ``test_own_accounts``), filled with records
of ``branch`` (the new volunteer helps run its group, an enrolled client attends its
session), the team leader's form is taken from its own page (``tests.access.forms``:
every field as rendered, checkboxes ticked, free text changed) and posted by each role
that may not write the route's record: the regional manager, the municipality viewer, a
user without a role, the new volunteer (not cleared) and the volunteer who runs nothing
here. The record's write right is the capability table's (``may_write``); a record the
role may write is skipped, so the test asks only the refusals of the table. After each
request the database must be unchanged (``tests.access.snapshot``).

The control: the same payloads, posted by the team leader, do write on the routes of
``WRITTEN_BY_LEADER``, so the refused payloads were real saves.
"""

import pytest
from django.test import Client

from koers.core.scoping import Role, may_write
from koers.groups.models import Group
from tests.access.forms import page_form
from tests.access.records import FarWorld, koers_model
from tests.access.snapshot import Snapshot
from tests.access.test_matrix import PARAMETER, ROUTES, WRITES_OWN_ACCOUNT, fill
from tests.factories import MembershipFactory, StaffMemberFactory, UserFactory

NEWCOMER = "newcomer"
REFUSED_ROLES = [
    Role.REGIONAL_MANAGER,
    Role.MUNICIPALITY_VIEWER,
    "no_role",
    NEWCOMER,
    Role.VOLUNTEER,
]
# Writes a role makes at its branch by another capability than writing records: the
# regional manager sets the terms of the deadline rules of its region.
OTHER_CAPABILITY = {("deadlines:rule_edit", Role.REGIONAL_MANAGER)}
# The team leader's save writes on these, with the payload the others were refused.
WRITTEN_BY_LEADER = {
    "coaching:budget_line_delete",
    "coaching:evaluation_add",
    "coaching:plan_edit",
    "coaching:signal_report",
    "contacts:create",
    "contacts:delete",
    "contacts:edit",
    "groups:attendance",
    "groups:session_create",
    "groups:session_delete",
    "matching:match_withdraw",
    "reports:publish",
    "staff:special_categories",
    "staff:terms",
}
# User management is test_own_accounts' (the link of a login to its staff record, too,
# although the page is staff's).
USER_MANAGEMENT = {"staff:user_link"}
ROUTES_HERE = [
    r
    for r in ROUTES
    if not r[1].startswith(("accounts:", "admin:")) and r[1] not in USER_MANAGEMENT
]


@pytest.fixture
def near_world(branch, users):
    """Records of every kind at ``branch``; the new volunteer helps run its group."""
    newcomer = UserFactory(username="vrijwilliger.nieuw")
    MembershipFactory(user=newcomer, role=Role.VOLUNTEER, location=branch)
    staff = StaffMemberFactory(location=branch, user=newcomer, cleared=False)
    world = FarWorld(branch)
    world.get(Group).staff.add(staff)
    world.get(koers_model("enrolment"))  # a client in the group: the register has a row
    edition = world.get(koers_model("publishedreport"))
    type(edition).objects.filter(pk=edition.pk).update(year=2017)  # a year the figures know
    users[NEWCOMER] = newcomer
    return world


def route_records(route: str, world: FarWorld) -> list:
    """The records the route's path names (filled from ``world``)."""
    return [
        world.get(koers_model(match.group(2).removesuffix("_uid")))
        for match in PARAMETER.finditer(route)
        if match.group(1) == "uuid"
    ]


def writes_any(user, records: list) -> bool:
    return any(may_write(user, type(record), record.pk) for record in records)


@pytest.mark.parametrize(
    ("route", "name", "view", "converters"), ROUTES_HERE, ids=[r[1] for r in ROUTES_HERE]
)
def test_who_may_not_write_changes_nothing_at_their_own_branch(
    route, name, view, converters, users, near_world, record_property
):
    path = fill(route, near_world)
    records = route_records(route, near_world)
    leader = Client()
    leader.force_login(users[Role.TEAM_LEADER])
    payload = page_form(leader.get(path).content.decode(errors="replace"), path)
    database = Snapshot()
    failures, tried = [], 0
    for role in REFUSED_ROLES:
        user = users[role]
        if (name, role) in OTHER_CAPABILITY or name in WRITES_OWN_ACCOUNT:
            continue
        if role in {NEWCOMER, Role.VOLUNTEER} and (not records or writes_any(user, records)):
            continue  # a form without a record (a walk-in contact) or one the table lets them write
        client = Client()
        client.force_login(user)
        response = client.post(path, payload)
        tried += 1
        if changed := database.changed():
            failures.append(f"{role} POST {path}: {response.status_code}, wrote {changed}")
    record_property("refused_writes", tried)
    assert not failures, "\n".join(failures)
    if name in WRITTEN_BY_LEADER:
        leader.post(path, payload)
        assert database.changed(), f"the team leader's own save of {path} wrote nothing"
