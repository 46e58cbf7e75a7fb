"""Every write checks the role's write right first (issue 11, item 5).

The shared writers (``core.services.record_create/update/delete``) and the bulk writers
(attendance, contacts, anonymisation) ask ``core.scoping.may_write`` (the capability
table: ``CAPABILITIES``, ``WRITES``);
a refused write raises ``WriteRefused`` and leaves no row, no version and no change-log
row behind.
"""

import datetime

import pytest

from koers.coaching.models import Signal, Trajectory
from koers.coaching.services import signal_create
from koers.contacts.models import Contact
from koers.contacts.services import contact_log
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import WriteRefused, record_create, record_delete, record_update
from koers.groups.models import GroupSession
from koers.matching.models import VolunteerProfile
from koers.matching.services import volunteer_profile_save
from koers.people.models import QuotaPeriod
from koers.privacy.services import erasure_request
from koers.staff.services import staff_update_terms
from tests.factories import (
    GroupFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)

DAY = datetime.date(2017, 5, 2)


def state():
    return (
        ChangeLogEntry.objects.count(),
        sorted(Trajectory.objects.values_list("pk", "version")),
        Signal.objects.count(),
        Contact.objects.count(),
        GroupSession.objects.count(),
        QuotaPeriod.objects.count(),
    )


@pytest.fixture
def coached(branch, users):
    person = PersonFactory(location=branch)
    return TrajectoryFactory(person=person, coach=users[Role.VOLUNTEER].staff_member)


@pytest.mark.parametrize("role", [Role.REGIONAL_MANAGER, Role.MUNICIPALITY_VIEWER, "no_role"])
def test_roles_that_do_not_write_are_refused_by_every_shared_writer(coached, users, branch, role):
    user = users[role]
    before = state()
    with pytest.raises(WriteRefused):
        record_update(coached, by=user, expected_version=coached.version, ended_on=DAY)
    with pytest.raises(WriteRefused):
        record_create(
            Trajectory, by=user, person=coached.person, kind="settling_in", started_on=DAY
        )
    with pytest.raises(WriteRefused):
        record_delete(coached, by=user)
    with pytest.raises(WriteRefused):
        signal_create(location=branch, topic="housing", description="x", noticed_on=DAY, by=user)
    with pytest.raises(WriteRefused):
        contact_log(location=branch, kind="walk_in", date=DAY, visitor_ref="B-1", by=user)
    assert state() == before


def test_the_team_leader_and_the_coach_write_the_trajectory(coached, users):
    saved = record_update(
        coached, by=users[Role.TEAM_LEADER], expected_version=1, exit_summary="leider"
    )
    saved = record_update(saved, by=users[Role.VOLUNTEER], expected_version=2, exit_summary="coach")
    assert saved.version == 3


def test_a_volunteer_writes_branch_records_only_where_open_to_them(users, branch):
    volunteer = users[Role.VOLUNTEER]
    signal = signal_create(
        location=branch, topic="housing", description="x", noticed_on=DAY, by=volunteer
    )
    assert signal.pk
    with pytest.raises(WriteRefused):
        record_create(
            QuotaPeriod,
            by=volunteer,
            location=branch,
            starts_on=datetime.date(2017, 1, 1),
            ends_on=datetime.date(2017, 6, 30),
            quota=3,
        )
    assert not QuotaPeriod.objects.exists()


def save_profile(staff, *, by):
    return volunteer_profile_save(
        staff=staff,
        max_pairs=2,
        postcode_area="3011",
        daytime=True,
        evening=False,
        weekend=False,
        expected_version=None,
        by=by,
    )


def test_a_volunteer_keeps_their_matching_profile_but_not_their_own_vog(users):
    volunteer = users[Role.VOLUNTEER]
    own = volunteer.staff_member
    profile = save_profile(own, by=volunteer)
    assert profile.max_pairs == 2
    with pytest.raises(WriteRefused):
        staff_update_terms(
            staff=own,
            started_on=own.started_on,
            ended_on=None,
            end_reason="",
            agreement_signed_on=DAY,
            conduct_certificate_on=DAY,
            expected_version=own.version,
            by=volunteer,
        )
    own.refresh_from_db()
    assert own.version == 1 and own.conduct_certificate_on != DAY


def test_a_regional_manager_keeps_no_matching_profile_for_a_volunteer(users):
    with pytest.raises(WriteRefused):
        save_profile(users[Role.VOLUNTEER].staff_member, by=users[Role.REGIONAL_MANAGER])
    assert not VolunteerProfile.objects.exists()


def test_an_uncleared_volunteer_logs_no_contact(users, branch):
    from tests.conftest import make_user

    newcomer = make_user(Role.VOLUNTEER, branch, username="vrijwilliger.nieuw")
    StaffMemberFactory(location=branch, user=newcomer)  # no VOG, no agreement, no course
    with pytest.raises(WriteRefused):
        contact_log(location=branch, kind="walk_in", date=DAY, visitor_ref="B-2", by=newcomer)
    assert not Contact.objects.exists()
    walk_in = contact_log(
        location=branch, kind="walk_in", date=DAY, visitor_ref="B-3", by=users[Role.VOLUNTEER]
    )
    assert walk_in.person is None  # a cleared volunteer logs a visitor without a file


def test_erasure_needs_the_right_to_write_the_client(users, branch):
    person = PersonFactory(location=branch)
    with pytest.raises(WriteRefused):
        erasure_request(
            person=person, reason="per brief", by=users[Role.REGIONAL_MANAGER], today=DAY
        )
    person.refresh_from_db()
    assert person.version == 1


def test_only_who_runs_a_group_writes_its_sessions(users, branch):
    group = GroupFactory(location=branch)
    volunteer = users[Role.VOLUNTEER]
    with pytest.raises(WriteRefused):
        record_create(GroupSession, by=volunteer, group=group, date=DAY)
    group.staff.add(volunteer.staff_member)
    assert record_create(GroupSession, by=volunteer, group=group, date=DAY).pk
    assert record_create(GroupSession, by=users[Role.TEAM_LEADER], group=group, date=DAY).pk
