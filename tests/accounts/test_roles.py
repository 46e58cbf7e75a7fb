"""Giving and ending roles: nobody escalates (issue 11, item 1).

The rule (``core.scoping.GRANTS``, derived from the capability table; docs/security.md):
nobody changes their own roles or account; a role gives only roles that reach no further,
write no more and may do no more than its own, at its own place (the administrator
excepted: the foundation's IT gives every role); a role that only reads gives nothing
that writes. A role ended ends at once.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Membership, User
from koers.accounts.services import membership_end, membership_start, user_create
from koers.core.models import ChangeLogEntry
from koers.core.scoping import (
    ALL,
    CAPABILITIES,
    GRANTS,
    OWN,
    REACH,
    READ_ONLY_ROLES,
    REGION,
    RUNS,
    SELF,
    Capability,
    Category,
    Role,
    write_reach,
)
from koers.core.services import WriteRefused
from tests.factories import PersonFactory, StaffMemberFactory, TrajectoryFactory

RANK = {None: 0, SELF: 1, "assigned": 2, RUNS: 2, OWN: 3, REGION: 4, ALL: 5}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_user(location, role, username="nieuw.account"):
    return {
        "username": username,
        "first_name": "Noor",
        "last_name": "Bosman",
        "email": "noor@example.org",
        "role": role,
        "location": getattr(location, "pk", ""),
    }


def grant(role, location=None, region=""):
    return {
        "action": "membership",
        "role": role,
        "location": getattr(location, "pk", ""),
        "region": region,
    }


def read_reach(role, category):
    return REACH[role].get(category)


def counts():
    return (User.objects.count(), Membership.objects.count(), ChangeLogEntry.objects.count())


# The table itself -------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_a_role_writes_no_more_than_it_reads(role):
    for category in Category:
        written = write_reach(role, category)
        assert RANK[written] <= RANK[REACH[role].get(category)], (role, category)


def test_the_roles_given_follow_from_the_table():
    # the outcome the derivation must give; a change of the table that alters it is seen here
    expected = {
        Role.ADMINISTRATOR: frozenset(Role),
        Role.TEAM_LEADER: frozenset({Role.VOLUNTEER, Role.LEGAL, Role.MUNICIPALITY_VIEWER}),
        Role.REGIONAL_MANAGER: frozenset({Role.MUNICIPALITY_VIEWER}),
        Role.LEGAL: frozenset(),
        Role.VOLUNTEER: frozenset(),
        Role.MUNICIPALITY_VIEWER: frozenset(),
    }
    assert expected == GRANTS


@pytest.mark.parametrize(
    ("giver", "given"),
    [
        (giver, given)
        for giver, roles in GRANTS.items()
        for given in sorted(roles)  # a frozenset: sorted, so every worker collects one order
        if giver != Role.ADMINISTRATOR
    ],
)
def test_no_role_gives_one_that_reaches_further_or_does_more(giver, given):
    for category in Category:
        for reach in (read_reach, write_reach):
            got, has = reach(given, category), reach(giver, category)
            assert RANK[got] <= RANK[has], (giver, given, category, reach.__name__)
    for capability in Capability:
        got = CAPABILITIES[given].get(capability)
        has = CAPABILITIES[giver].get(capability)
        assert RANK[got] <= RANK[has], (giver, given, capability)
    # a role over a region or over everything, or one that gives roles, is given by the
    # administrator alone
    assert given not in {Role.REGIONAL_MANAGER, Role.ADMINISTRATOR}
    assert Capability.MANAGE_USERS not in CAPABILITIES[given]


def test_roles_that_only_read_give_nothing_that_writes():
    assert {Role.REGIONAL_MANAGER, Role.MUNICIPALITY_VIEWER} <= READ_ONLY_ROLES
    for giver in READ_ONLY_ROLES:
        assert GRANTS.get(giver, frozenset()) <= READ_ONLY_ROLES, giver


# Nobody changes their own roles ------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
def test_nobody_gives_themselves_a_role(users, branch, role):
    user = users[role]
    before = counts()
    response = logged_in(user).post(
        reverse("accounts:user_detail", kwargs={"user_id": user.pk}),
        grant(Role.TEAM_LEADER, branch),
    )
    assert response.status_code == 422
    assert "Uw eigen rollen kunt u niet wijzigen." in response.content.decode()
    assert response.context["form"].errors["role"] == ["Uw eigen rollen kunt u niet wijzigen."]
    assert counts() == before


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
def test_nobody_ends_their_own_role_or_switches_themselves_off(users, role):
    user = users[role]
    membership = user.memberships.get()
    client = logged_in(user)
    before = counts()
    end = reverse("accounts:membership_end", kwargs={"membership_id": membership.pk})
    assert client.post(end).status_code == 404
    client.post(reverse("accounts:user_deactivate", kwargs={"user_id": user.pk}))
    membership.refresh_from_db()
    user.refresh_from_db()
    assert membership.ended_on is None and user.is_active
    assert counts() == before


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR])
def test_nobody_ties_their_own_login_to_a_staff_record(users, branch, role):
    """The link lives on staff's page (/medewerkers/gebruiker/<id>/koppeling/): the form
    comes back with its refusal and nothing is written."""
    user = users[role]
    cleared = StaffMemberFactory(location=branch, cleared=True)
    before = counts()
    response = logged_in(user).post(
        reverse("staff:user_link", kwargs={"user_id": user.pk}), {"staff_member": cleared.pk}
    )
    assert response.status_code == 422
    assert "De koppeling van dit account kunt u niet wijzigen." in response.content.decode()
    cleared.refresh_from_db()
    assert cleared.user is None and cleared.version == 1
    assert counts() == before


def test_own_user_page_says_why_there_is_no_form(users):
    manager = users[Role.REGIONAL_MANAGER]
    page = logged_in(manager).get(reverse("accounts:user_detail", kwargs={"user_id": manager.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Uw eigen rollen kunt u niet wijzigen" in text
    assert 'name="action" value="membership"' not in text


# The regional manager reads: it gives nothing that writes -------------------------------


def test_regional_manager_cannot_create_a_team_leader_nor_give_roles_that_write(users, branch):
    client = logged_in(users[Role.REGIONAL_MANAGER])
    before = counts()
    for role in (Role.TEAM_LEADER, Role.VOLUNTEER, Role.LEGAL, Role.ADMINISTRATOR):
        response = client.post(reverse("accounts:user_create"), new_user(branch, role))
        assert response.status_code == 422, role
        assert response.context["form"].errors["role"] == ["Deze rol kunt u niet toekennen."]
    colleague = users[Role.MUNICIPALITY_VIEWER]
    response = client.post(
        reverse("accounts:user_detail", kwargs={"user_id": colleague.pk}),
        grant(Role.TEAM_LEADER, branch),
    )
    assert response.status_code == 422
    assert counts() == before


def test_regional_manager_gives_a_municipality_viewer_in_the_region_only(users, branch, far_branch):
    client = logged_in(users[Role.REGIONAL_MANAGER])
    far = client.post(
        reverse("accounts:user_create"), new_user(far_branch, Role.MUNICIPALITY_VIEWER)
    )
    assert far.status_code == 422
    assert not User.objects.filter(username="nieuw.account").exists()
    near = client.post(reverse("accounts:user_create"), new_user(branch, Role.MUNICIPALITY_VIEWER))
    assert near.status_code == 302
    created = User.objects.get(username="nieuw.account")
    assert created.memberships.get().role == Role.MUNICIPALITY_VIEWER


# The team leader: the volunteers of their branch ----------------------------------------


def test_team_leader_gives_volunteer_roles_at_their_branch_and_nothing_more(
    users, branch, other_branch
):
    client = logged_in(users[Role.TEAM_LEADER])
    volunteer = users[Role.VOLUNTEER]
    detail = reverse("accounts:user_detail", kwargs={"user_id": volunteer.pk})
    before = counts()
    higher = client.post(detail, grant(Role.TEAM_LEADER, branch))
    assert higher.context["form"].errors["role"] == ["Deze rol kunt u niet toekennen."]
    elsewhere = client.post(detail, grant(Role.LEGAL, other_branch))
    assert "location" in elsewhere.context["form"].errors
    assert higher.status_code == elsewhere.status_code == 422
    assert counts() == before
    assert client.post(detail, grant(Role.LEGAL, branch)).status_code == 302
    assert volunteer.memberships.filter(role=Role.LEGAL, location=branch).exists()


def test_team_leader_creates_a_legal_volunteer_but_no_team_leader(users, branch):
    client = logged_in(users[Role.TEAM_LEADER])
    refused = client.post(reverse("accounts:user_create"), new_user(branch, Role.TEAM_LEADER))
    assert refused.status_code == 422
    made = client.post(reverse("accounts:user_create"), new_user(branch, Role.LEGAL, "jurist2"))
    assert made.status_code == 302
    assert User.objects.get(username="jurist2").memberships.get().role == Role.LEGAL


def test_team_leader_cannot_end_or_switch_off_a_fellow_team_leader(users, branch):
    from tests.conftest import make_user

    fellow = make_user(Role.TEAM_LEADER, branch, username="teamleider.b")
    client = logged_in(users[Role.TEAM_LEADER])
    end = reverse("accounts:membership_end", kwargs={"membership_id": fellow.memberships.get().pk})
    assert client.post(end).status_code == 404
    off = reverse("accounts:user_deactivate", kwargs={"user_id": fellow.pk})
    assert client.post(off).status_code == 404
    fellow.refresh_from_db()
    assert fellow.is_active and fellow.memberships.get().ended_on is None


def test_administrator_creates_a_team_leader_anywhere(users, far_branch):
    client = logged_in(users[Role.ADMINISTRATOR])
    response = client.post(reverse("accounts:user_create"), new_user(far_branch, Role.TEAM_LEADER))
    assert response.status_code == 302
    assert User.objects.get(username="nieuw.account").memberships.get().role == Role.TEAM_LEADER


# The services refuse too (a crafted call writes nothing) ---------------------------------


def test_services_refuse_escalations_and_write_nothing(users, branch):
    manager = users[Role.REGIONAL_MANAGER]
    before = counts()
    with pytest.raises(WriteRefused):
        membership_start(user=manager, role=Role.TEAM_LEADER, location=branch, by=manager)
    with pytest.raises(WriteRefused):
        membership_start(
            user=users[Role.MUNICIPALITY_VIEWER], role=Role.VOLUNTEER, location=branch, by=manager
        )
    with pytest.raises(WriteRefused):
        membership_end(membership=manager.memberships.get(), by=manager)
    with pytest.raises(WriteRefused):
        user_create(
            username="x",
            first_name="",
            last_name="",
            email="x@example.org",
            by=users[Role.VOLUNTEER],
        )
    assert counts() == before


# Ended is ended at once -----------------------------------------------------------------


def test_an_ended_role_gives_nothing_from_that_moment_and_stays_as_history(users, branch):
    volunteer = users[Role.VOLUNTEER]
    person = PersonFactory(location=branch)
    TrajectoryFactory(person=person, coach=volunteer.staff_member)
    coach = logged_in(volunteer)
    file_url = reverse("people:file", kwargs={"person_uid": person.uid})
    assert coach.get(file_url).status_code == 200
    membership = volunteer.memberships.get()
    end = reverse("accounts:membership_end", kwargs={"membership_id": membership.pk})
    assert logged_in(users[Role.TEAM_LEADER]).post(end).status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
    assert coach.get(file_url).status_code == 404
    assert not Membership.objects.filter(user=volunteer).current().exists()
    assert Membership.objects.filter(user=volunteer).exists()


def test_a_role_ending_tomorrow_still_counts_today(users):
    membership = users[Role.TEAM_LEADER].memberships.get()
    membership.ended_on = timezone.localdate() + timezone.timedelta(days=1)
    membership.save()
    assert Membership.objects.current().filter(pk=membership.pk).exists()


def test_not_even_a_superuser_changes_their_own_roles_in_the_admin(users, branch):
    from tests.conftest import make_user

    root = make_user(Role.ADMINISTRATOR, username="root")
    User.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    root.refresh_from_db()
    client = logged_in(root)
    own = root.memberships.get()
    change = reverse("admin:accounts_membership_change", args=[own.pk])
    assert client.post(change, {"user": root.pk, "role": Role.TEAM_LEADER}).status_code == 403
    before = counts()
    added = client.post(
        reverse("admin:accounts_membership_add"),
        {
            "user": root.pk,
            "role": Role.TEAM_LEADER,
            "location": branch.pk,
            "started_on": "2017-01-01",
        },
    )
    assert added.status_code == 200
    assert "Uw eigen rollen kunt u niet wijzigen." in added.content.decode()
    assert counts() == before
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR
