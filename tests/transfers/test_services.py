"""The transfer's state machine, the refusals, and what an accepted move does.

Dates the tests rely on: the move is ``today`` (the app's day); the trajectory, match and
enrolment started on 1 March 2017 (the factories' default), long before it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from koers.coaching.models import CoachPeriod, Trajectory
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.deadlines.selectors import open_items
from koers.groups.models import Enrolment
from koers.indicators.models import FactClock
from koers.matching.models import Match
from koers.people.models import Household, Person
from koers.transfers.models import ConsentForm, Transfer, TransferState
from koers.transfers.services import (
    transfer_accept,
    transfer_decline,
    transfer_offer,
    transfer_revoke,
)
from tests.conftest import make_user
from tests.factories import (
    EnrolmentFactory,
    GroupFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(branch):
    household = HouseholdFactory(location=branch)
    PersonFactory(location=branch, household=household, given_name="Amina")
    PersonFactory(location=branch, household=household, given_name="Yonas")
    return household


def offer(household, to, by, *, consent_on=None, **fields):
    return transfer_offer(
        household=household,
        to_location=to,
        consent_on=consent_on or datetime.date(2026, 1, 5),
        consent_how=fields.pop("consent_how", ConsentForm.WRITTEN),
        by=by,
        **fields,
    )


def accept(transfer, by, on):
    return transfer_accept(transfer=transfer, moved_on=on, expected_version=transfer.version, by=by)


def test_offer_records_the_consent_the_people_and_who_offered(household, users, other_branch):
    transfer = offer(
        household, other_branch, users[Role.TEAM_LEADER], note="Verhuist naar Waalstad"
    )
    assert transfer.state == TransferState.PENDING
    assert transfer.offered_by == users[Role.TEAM_LEADER]
    assert transfer.offered_at is not None
    assert (transfer.consent_on, transfer.consent_how) == (datetime.date(2026, 1, 5), "written")
    assert set(Person.objects.filter(moves__transfer=transfer)) == set(household.members.all())
    assert ChangeLogEntry.objects.filter(object_id=transfer.pk, action="create").exists()


@pytest.mark.parametrize(
    "who", [Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER, "other_team_leader", "no_role"]
)
def test_only_the_households_team_leader_offers(household, users, other_branch, who):
    with pytest.raises(WriteRefused):
        offer(household, other_branch, users[who])
    assert not Transfer.objects.exists()


def test_an_offer_to_the_own_branch_is_refused(household, users, branch):
    with pytest.raises(ValidationError) as refused:
        offer(household, branch, users[Role.TEAM_LEADER])
    assert "to_location" in refused.value.message_dict


def test_a_consent_in_the_future_is_refused(household, users, other_branch, today):
    with pytest.raises(ValidationError) as refused:
        offer(
            household,
            other_branch,
            users[Role.TEAM_LEADER],
            consent_on=today + datetime.timedelta(days=1),
        )
    assert "consent_on" in refused.value.message_dict


def test_a_second_pending_offer_of_the_household_is_refused(
    household, users, other_branch, far_branch
):
    offer(household, other_branch, users[Role.TEAM_LEADER])
    with pytest.raises(ValidationError):
        offer(household, far_branch, users[Role.TEAM_LEADER])


def test_accept_moves_the_household_from_that_day_with_who_and_when(
    household, users, other_branch, today
):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    receiver = users["other_team_leader"]
    accepted = accept(transfer, receiver, today)
    assert (accepted.state, accepted.moved_on, accepted.decided_by) == ("accepted", today, receiver)
    assert accepted.decided_at is not None
    assert Household.objects.get(pk=household.pk).location == other_branch
    assert set(Person.objects.filter(household=household).values_list("location", flat=True)) == {
        other_branch.pk
    }
    moved = ChangeLogEntry.objects.filter(
        content_type__model="person", action="update", user=receiver
    )
    assert moved.count() == 2
    assert all(entry.changes["location_id"][1] == other_branch.pk for entry in moved)


@pytest.mark.parametrize(
    "who", [Role.TEAM_LEADER, Role.VOLUNTEER, Role.REGIONAL_MANAGER, "no_role"]
)
def test_only_the_receiving_team_leader_accepts_or_declines(
    household, users, other_branch, today, who
):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    with pytest.raises(WriteRefused):
        accept(transfer, users[who], today)
    with pytest.raises(WriteRefused):
        transfer_decline(
            transfer=transfer, reason="vol", expected_version=transfer.version, by=users[who]
        )
    assert Transfer.objects.get().state == TransferState.PENDING
    assert Household.objects.get(pk=household.pk).location_id == household.location_id


def test_a_third_branch_cannot_accept(household, users, other_branch, far_branch, today):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    stranger = make_user(Role.TEAM_LEADER, far_branch, username="teamleider3")
    with pytest.raises(WriteRefused):
        accept(transfer, stranger, today)


def test_accepting_twice_is_refused_and_a_stale_version_is_a_conflict(
    household, users, other_branch, today
):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    receiver = users["other_team_leader"]
    accepted = accept(transfer, receiver, today)
    with pytest.raises(ConflictError):
        accept(transfer, receiver, today)  # the version the first accept saw
    with pytest.raises(ValidationError):
        accept(accepted, receiver, today)
    with pytest.raises(ValidationError):
        transfer_revoke(
            transfer=accepted, expected_version=accepted.version, by=users[Role.TEAM_LEADER]
        )


def test_decline_needs_a_reason_and_leaves_the_household(household, users, other_branch):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    receiver = users["other_team_leader"]
    with pytest.raises(ValidationError):
        transfer_decline(
            transfer=transfer, reason="  ", expected_version=transfer.version, by=receiver
        )
    declined = transfer_decline(
        transfer=transfer, reason="Geen plek", expected_version=transfer.version, by=receiver
    )
    assert (declined.state, declined.decline_reason, declined.decided_by) == (
        "declined",
        "Geen plek",
        receiver,
    )
    assert Household.objects.get(pk=household.pk).location_id == household.location_id
    # the household may be offered again
    offer(household, other_branch, users[Role.TEAM_LEADER])


def test_the_offering_side_revokes_a_pending_offer_only(household, users, other_branch, today):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    with pytest.raises(WriteRefused):
        transfer_revoke(
            transfer=transfer, expected_version=transfer.version, by=users["other_team_leader"]
        )
    revoked = transfer_revoke(
        transfer=transfer, expected_version=transfer.version, by=users[Role.TEAM_LEADER]
    )
    assert (revoked.state, revoked.revoked_by) == ("revoked", users[Role.TEAM_LEADER])
    assert revoked.revoked_at is not None
    with pytest.raises(ValidationError):
        accept(revoked, users["other_team_leader"], today)
    assert (
        ChangeLogEntry.objects.filter(object_id=transfer.pk, content_type__model="transfer").count()
        == 2
    )


def test_the_old_branch_and_its_volunteers_lose_the_file(household, users, other_branch, today):
    person = household.members.order_by("pk").first()
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=person, coach=volunteer.staff_member)
    assert Person.objects.for_user(volunteer).filter(pk=person.pk).exists()
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    accept(transfer, users["other_team_leader"], today)
    for who in (Role.TEAM_LEADER, Role.VOLUNTEER, Role.LEGAL):
        assert not Person.objects.for_user(users[who]).filter(pk=person.pk).exists(), who
        assert not Trajectory.objects.for_user(users[who]).filter(person=person).exists(), who
    assert Person.objects.for_user(users["other_team_leader"]).filter(pk=person.pk).exists()
    # the old branch keeps the record of the move itself
    assert Transfer.objects.filter(from_location=household.location, state="accepted").exists()


def test_running_work_of_the_old_branch_ends_and_waiting_requests_move_along(
    household, users, branch, other_branch, today
):
    person = household.members.order_by("pk").first()
    coach = users[Role.VOLUNTEER].staff_member
    trajectory = TrajectoryFactory(person=person, coach=coach)
    buddy = StaffMemberFactory(location=branch, cleared=True, role_codes=["language_coach"])
    running = MatchFactory(person=person, staff=buddy, started_on=datetime.date(2017, 2, 1))
    waiting = MatchFactory(person=person, program="buddy", requested_on=datetime.date(2025, 1, 1))
    enrolment = EnrolmentFactory(person=person, group=GroupFactory(location=branch))
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    accept(transfer, users["other_team_leader"], today)
    day_before = today - datetime.timedelta(days=1)

    trajectory.refresh_from_db()
    assert (trajectory.coach, trajectory.coach_since, trajectory.ended_on) == (None, today, None)
    period = CoachPeriod.objects.get(trajectory=trajectory)
    assert (period.coach, period.ended_on) == (coach, day_before)
    running = Match.objects.get(pk=running.pk)
    assert (running.ended_on, running.end_reason, running.outcome) == (
        day_before,
        "moved",
        "stopped",
    )
    assert Match.objects.get(pk=waiting.pk).ended_on is None
    assert Enrolment.objects.get(pk=enrolment.pk).left_on == day_before


def test_open_deadlines_move_to_the_new_branch(household, users, branch, other_branch, today):
    person = household.members.order_by("pk").first()
    TrajectoryFactory(person=person, started_on=datetime.date(2025, 1, 6))  # settling in: 6 months
    old, new = users[Role.TEAM_LEADER], users["other_team_leader"]

    def items(user):
        return [
            item for item in open_items(on=today, user=user) if item.person_uid == str(person.uid)
        ]

    assert items(old) and not items(new)
    transfer = offer(household, other_branch, old)
    accept(transfer, new, today)
    assert items(new) and not items(old)


def test_the_move_marks_the_figures_of_both_branches(household, users, branch, other_branch, today):
    transfer = offer(household, other_branch, users[Role.TEAM_LEADER])
    clocks = dict(FactClock.objects.values_list("location", "generation"))
    accept(transfer, users["other_team_leader"], today)
    after = dict(FactClock.objects.values_list("location", "generation"))
    for location in (branch, other_branch):
        assert after[location.pk] > clocks.get(location.pk, 0), location


def test_an_edit_after_the_move_of_a_record_before_it_changes_and_marks_the_old_branch(
    household, users, branch, other_branch, today
):
    """The new branch corrects a trajectory of 2017: the old branch's 2017 figures count it,
    so they change, and the old branch's facts are marked stale."""
    from koers.core.services import record_update
    from koers.indicators.engine import compute
    from koers.indicators.periods import Period

    person = household.members.order_by("pk").first()
    trajectory = TrajectoryFactory(person=person, ended_on=datetime.date(2017, 9, 1))
    accept(
        offer(household, other_branch, users[Role.TEAM_LEADER]), users["other_team_leader"], today
    )
    year = Period.year(2017)
    key = "trajectories.settling_in.started"
    assert compute(locations=[branch], period=year)[key] == 1
    assert compute(locations=[other_branch], period=year)[key] == 0
    clocks = dict(FactClock.objects.values_list("location", "generation"))
    trajectory.refresh_from_db()
    record_update(
        trajectory,
        by=users["other_team_leader"],
        expected_version=trajectory.version,
        started_on=datetime.date(2016, 12, 1),
    )
    assert compute(locations=[branch], period=year)[key] == 0
    assert FactClock.objects.get(location=branch).generation > clocks.get(branch.pk, 0)
