"""The role-by-category reach of core.scoping, on real rows of two branches."""

import pytest

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact
from koers.core.scoping import Role, get_for_user, scope_q
from koers.legal.models import Dossier
from koers.people.models import Person
from koers.staff.models import StaffMember
from tests.factories import (
    ContactFactory,
    DossierFactory,
    PersonFactory,
    TrajectoryFactory,
)


@pytest.fixture
def world(branch, other_branch, users):
    volunteer_staff = users[Role.VOLUNTEER].staff_member
    mine = PersonFactory(location=branch, given_name="Eigen")
    sibling = PersonFactory(location=branch, household=mine.household, given_name="Broer")
    stranger = PersonFactory(location=branch, given_name="Ander")
    elsewhere = PersonFactory(location=other_branch, given_name="Elders")
    return {
        "mine": mine,
        "sibling": sibling,
        "stranger": stranger,
        "elsewhere": elsewhere,
        "trajectory": TrajectoryFactory(person=mine, coach=volunteer_staff),
        "other_trajectory": TrajectoryFactory(person=stranger),
        "foreign_trajectory": TrajectoryFactory(person=elsewhere),
        "dossier": DossierFactory(person=stranger),
        "foreign_dossier": DossierFactory(person=elsewhere),
        "coaching_contact": ContactFactory(location=branch, person=mine, kind="coaching"),
        "legal_contact": ContactFactory(location=branch, person=mine, kind="legal_hours"),
        "foreign_contact": ContactFactory(location=other_branch, person=elsewhere),
    }


def names(queryset):
    return {p.given_name for p in queryset}


def test_team_leader_sees_own_branch_and_nothing_of_another(world, users):
    user = users[Role.TEAM_LEADER]
    assert names(Person.objects.for_user(user)) == {"Eigen", "Broer", "Ander"}
    assert Dossier.objects.for_user(user).count() == 1
    assert Contact.objects.for_user(user).count() == 2


def test_regional_manager_reads_the_region_but_writes_nothing(world, users):
    user = users[Role.REGIONAL_MANAGER]
    assert names(Person.objects.for_user(user)) == {"Eigen", "Broer", "Ander", "Elders"}
    assert not Person.objects.for_user(user, write=True).exists()


def test_volunteer_sees_assigned_clients_and_their_household_only(world, users):
    user = users[Role.VOLUNTEER]
    assert names(Person.objects.for_user(user)) == {"Eigen", "Broer"}
    assert set(Trajectory.objects.for_user(user)) == {world["trajectory"]}
    assert not Dossier.objects.for_user(user).exists()


def test_volunteer_does_not_see_legal_contacts_of_own_client(world, users):
    contacts = Contact.objects.for_user(users[Role.VOLUNTEER])
    assert set(contacts) == {world["coaching_contact"]}


def test_legal_volunteer_sees_dossiers_and_legal_contacts_but_no_coaching(world, users):
    user = users[Role.LEGAL]
    assert set(Dossier.objects.for_user(user)) == {world["dossier"]}
    assert set(Contact.objects.for_user(user)) == {world["legal_contact"]}
    assert not Trajectory.objects.for_user(user).exists()


@pytest.mark.parametrize("role", [Role.MUNICIPALITY_VIEWER, Role.ADMINISTRATOR, "no_role"])
def test_roles_without_client_reach_see_no_client_record(world, users, role):
    user = users[role]
    for model in (Person, Trajectory, Dossier, Contact):
        assert not model.objects.for_user(user).exists(), model


def test_staff_records_volunteer_sees_only_self(world, users):
    user = users[Role.VOLUNTEER]
    assert list(StaffMember.objects.for_user(user)) == [user.staff_member]


def test_get_for_user_gives_404_for_missing_and_for_foreign_alike(world, users):
    from django.http import Http404

    user = users[Role.TEAM_LEADER]
    assert get_for_user(Person, user, uid=world["mine"].uid) == world["mine"]
    for uid in (world["elsewhere"].uid, "00000000-0000-0000-0000-000000000000", "garbage"):
        with pytest.raises(Http404):
            get_for_user(Person, user, uid=uid)


def test_administrator_reaches_staff_and_branch_records_of_every_branch(world, users, far_branch):
    from koers.core.models import Location

    user = users[Role.ADMINISTRATOR]
    assert StaffMember.objects.for_user(user).count() == StaffMember.objects.count() > 0
    assert set(Location.objects.for_user(user)) == set(Location.objects.all())


def test_a_scope_is_built_once_per_request_and_reads_the_rows_of_the_moment(world, users):
    """The condition is kept on the user object (the request's), not the rows it finds: a
    client assigned later in the same request is seen at once; a new request builds anew."""
    user = users[Role.VOLUNTEER]
    first = scope_q(user, Person)
    assert scope_q(user, Person) is first
    assert names(Person.objects.for_user(user)) == {"Eigen", "Broer"}
    TrajectoryFactory(person=world["stranger"], coach=user.staff_member)
    assert names(Person.objects.for_user(user)) == {"Eigen", "Broer", "Ander"}
    user._koers_memberships = None  # as a new request would
    assert scope_q(user, Person) is not first
    assert scope_q(user, Person, write=True) is not scope_q(user, Person)
