"""What a role may do is declared once, with the role table, and asked from there."""

import pytest

from koers.accounts.models import User
from koers.core.actors import CLI
from koers.core.models import Location
from koers.core.scoping import (
    CAPABILITIES,
    READ_ONLY_ROLES,
    RUNS,
    SELF,
    Capability,
    Role,
    capability_q,
    capability_regions,
    may,
    roles_with,
)

C = Capability
# (capability, role) -> where it holds: at its branch, elsewhere in its region, in another
# region, for the whole foundation. The users fixture puts every branch role at
# ``branch`` (region Zuidwest-Nederland) and the regional manager over that region.
EXPECTED = {
    Role.TEAM_LEADER: {
        C.WRITE,
        C.WRITE_BRANCH,
        C.WORKLIST,
        C.READ_FIGURES,
        C.READ_ACCESS_LOG,
        C.MANAGE_STAFF,
        C.TEAM_LIST,
        C.MATCH,
        C.MANAGE_USERS,
        C.RESET_TWO_FACTOR,
        C.PIPELINE,
        C.ASSIGN_COACH,
        C.CORRECT_OTHERS,
        C.MERGE_PEOPLE,
        C.EXCHANGE,
        C.TRANSFER,
    },
    Role.REGIONAL_MANAGER: {
        C.READ_FIGURES,
        C.TEAM_LIST,
        C.MATCH,
        C.MANAGE_USERS,
        C.RESET_TWO_FACTOR,
        C.CONFIGURE_DEADLINES,
        C.PIPELINE,
    },
    Role.LEGAL: {C.WRITE, C.WORKLIST},
    Role.VOLUNTEER: {C.WRITE, C.WORKLIST},
    Role.MUNICIPALITY_VIEWER: {C.READ_FIGURES},
    Role.ADMINISTRATOR: {
        C.WRITE,
        C.WRITE_BRANCH,
        C.MANAGE_STAFF,
        C.TEAM_LIST,
        C.MANAGE_USERS,
        C.RESET_TWO_FACTOR,
        C.EXCHANGE,
    },
}
# Writing capabilities held on some records only, not at a place: ``may`` says no to them.
ON_RECORDS = {
    Role.LEGAL: {C.WRITE_BRANCH: RUNS, C.MANAGE_STAFF: SELF},
    Role.VOLUNTEER: {C.WRITE_BRANCH: RUNS, C.MANAGE_STAFF: SELF},
}


def test_the_table_declares_every_role_and_only_known_capabilities():
    assert set(CAPABILITIES) == set(Role)
    assert {role: set(granted) for role, granted in CAPABILITIES.items()} == {
        role: EXPECTED[role] | set(ON_RECORDS.get(role, {})) for role in Role
    }
    for role, narrow in ON_RECORDS.items():
        assert {c: CAPABILITIES[role][c] for c in narrow} == narrow
    assert {Role.REGIONAL_MANAGER, Role.MUNICIPALITY_VIEWER} == READ_ONLY_ROLES
    assert set(roles_with(C.WORKLIST)) == {Role.TEAM_LEADER, Role.LEGAL, Role.VOLUNTEER}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("capability", list(Capability))
def test_may_answers_from_the_table_somewhere(users, role, capability):
    assert may(users[role], capability) == (capability in EXPECTED[role])


def test_a_branch_role_holds_its_capability_at_its_own_branch_only(
    users, branch, other_branch, far_branch
):
    leader = users[Role.TEAM_LEADER]
    assert may(leader, C.READ_ACCESS_LOG, location=branch)
    assert not may(leader, C.READ_ACCESS_LOG, location=other_branch)
    assert not may(leader, C.READ_ACCESS_LOG, region=branch.region)
    assert not may(leader, C.READ_ACCESS_LOG, everywhere=True)
    assert set(Location.objects.filter(capability_q(leader, C.MANAGE_STAFF))) == {branch}


def test_a_regional_manager_holds_theirs_in_every_branch_of_the_region(
    users, branch, other_branch, far_branch
):
    manager = users[Role.REGIONAL_MANAGER]
    assert may(manager, C.CONFIGURE_DEADLINES, location=other_branch)
    assert may(manager, C.CONFIGURE_DEADLINES, region=branch.region)
    assert not may(manager, C.CONFIGURE_DEADLINES, location=far_branch)
    assert not may(manager, C.CONFIGURE_DEADLINES, region=far_branch.region)
    assert not may(manager, C.CONFIGURE_DEADLINES, everywhere=True)  # the default: superuser
    assert capability_regions(manager, C.CONFIGURE_DEADLINES) == {branch.region}
    assert set(Location.objects.filter(capability_q(manager, C.READ_FIGURES))) == {
        branch,
        other_branch,
    }


def test_an_administrator_holds_theirs_everywhere(users, far_branch):
    admin = users[Role.ADMINISTRATOR]
    assert may(admin, C.MANAGE_USERS, everywhere=True)
    assert may(admin, C.MANAGE_STAFF, location=far_branch)
    assert not may(admin, C.READ_ACCESS_LOG, location=far_branch)


def test_superusers_and_the_system_actor_may_everything_and_nobody_without_a_role_anything(
    users, admin_user, far_branch
):
    for actor in (admin_user, CLI):
        assert all(may(actor, capability, everywhere=True) for capability in Capability)
    assert not any(may(users["no_role"], capability) for capability in Capability)


def test_an_ended_role_grants_nothing(users, branch):
    membership = users[Role.TEAM_LEADER].memberships.get()
    membership.started_on = branch.created_at.date().replace(year=2000)
    membership.ended_on = membership.started_on
    membership.save()
    fresh = User.objects.get(pk=users[Role.TEAM_LEADER].pk)  # no memberships cached
    assert not may(fresh, C.READ_ACCESS_LOG, location=branch)
