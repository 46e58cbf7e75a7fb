"""The access matrix on each role's own user-management pages: escalation payloads.

Issue 11, item 1: a read-only regional manager gave itself a team leader's role by posting
to its own user page, and could create a team-leader account. Here every role of the
matrix posts, to its own user page, to the new-user page and to a colleague's page, the
payloads that would reach further or write more than its own: a team leader's role (at
its branch, another branch of the region, a branch of another region), an administrator's,
a regional manager's (its region, another), a volunteer's elsewhere; its own staff
record link, the end of its own role, switching itself off. Each must be refused (404 or
422) and change nothing in the database (``tests.access.snapshot``). Roles that only read
also try to give roles that write at their own branch. The administrator gives every
role by design (``core.scoping.GRANTS``); for it only the own-account payloads count.
"""

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.scoping import Role
from tests.access.snapshot import Snapshot
from tests.access.test_matrix import ROLES
from tests.factories import StaffMemberFactory

REFUSED = {404, 422}
PASSWORD = "lang-en-sterk-wachtwoord-7"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def escalations(home, away, far_branch) -> list[dict]:
    """Roles no one but an administrator gives (there or at all); ``home``: the user's branch."""
    return [
        {"role": Role.TEAM_LEADER, "location": home.pk},
        {"role": Role.TEAM_LEADER, "location": away.pk},
        {"role": Role.TEAM_LEADER, "location": far_branch.pk},
        {"role": Role.ADMINISTRATOR},
        {"role": Role.REGIONAL_MANAGER, "region": home.region},
        {"role": Role.REGIONAL_MANAGER, "region": far_branch.region},
        {"role": Role.VOLUNTEER, "location": far_branch.pk},
        {"role": Role.LEGAL, "location": away.pk},
        {"role": Role.MUNICIPALITY_VIEWER, "location": far_branch.pk},
    ]


def writing_roles_here(branch) -> list[dict]:
    """Roles that write, at the user's own branch: nothing a read-only role may give."""
    return [
        {"role": Role.VOLUNTEER, "location": branch.pk},
        {"role": Role.LEGAL, "location": branch.pk},
    ]


def new_user(n: int, payload: dict) -> dict:
    return {
        "username": f"escalatie{n}",
        "first_name": "Esca",
        "last_name": "Latie",
        "email": f"escalatie{n}@example.org",
        "password": PASSWORD,
        "location": "",
        "region": "",
    } | payload


@pytest.mark.parametrize("role", ROLES)
def test_no_role_escalates_through_its_own_user_pages(
    role, users, branch, other_branch, far_branch, record_property
):
    user = users[role]
    client = Client()
    client.force_login(user)
    cleared = StaffMemberFactory(location=branch, cleared=True)
    home, away = (other_branch, branch) if role == "other_team_leader" else (branch, other_branch)
    payloads = escalations(home, away, far_branch)
    if role in {Role.REGIONAL_MANAGER, Role.MUNICIPALITY_VIEWER, "no_role"}:
        payloads += writing_roles_here(branch)
    own_page = reverse("accounts:user_detail", kwargs={"user_id": user.pk})
    colleague = users[Role.MUNICIPALITY_VIEWER if role != Role.MUNICIPALITY_VIEWER else "no_role"]
    colleague_page = reverse("accounts:user_detail", kwargs={"user_id": colleague.pk})
    requests = [
        (own_page, {"action": "membership", "location": "", "region": ""} | p) for p in payloads
    ]
    requests.append((own_page, {"action": "staff", "staff_member": cleared.pk}))
    own_link = reverse("staff:user_link", kwargs={"user_id": user.pk})
    requests.append((own_link, {"staff_member": cleared.pk}))
    for membership in user.memberships.all():
        requests.append(
            (reverse("accounts:membership_end", kwargs={"membership_id": membership.pk}), {})
        )
    requests.append((reverse("accounts:user_deactivate", kwargs={"user_id": user.pk}), {}))
    if role != Role.ADMINISTRATOR:
        requests += [
            (reverse("accounts:user_create"), new_user(n, p)) for n, p in enumerate(payloads)
        ]
        requests += [
            (colleague_page, {"action": "membership", "location": "", "region": ""} | p)
            for p in payloads
        ]
    database = Snapshot()
    failures = []
    for path, data in requests:
        response = client.post(path, data)
        changed = database.changed()
        refused = response.status_code in REFUSED or (
            # switching oneself off: the page says it cannot be done (and nothing changes)
            path.endswith("/uitschakelen/") and response.status_code == 302
        )
        if not refused or changed:
            failures.append(f"{role} POST {path} {data}: {response.status_code}, wrote {changed}")
    record_property("escalations", len(requests))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
def test_who_gives_roles_sees_their_own_user_page(role, users):
    client = Client()
    client.force_login(users[role])
    page = client.get(reverse("accounts:user_detail", kwargs={"user_id": users[role].pk}))
    assert page.status_code == 200
