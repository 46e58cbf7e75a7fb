"""Issue 12, item 3: a coach changes without ending the trajectory, from a day, with a reason;
access follows the dates; only who may coach this client is offered and accepted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.coaching import selectors, services
from koers.coaching.models import CoachPeriod, Trajectory
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.people.models import Person
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2017, 3, 1)  # the trajectories' start (stated here, not the factory's)
CHANGE = datetime.date(2017, 6, 15)


def coach_at(branch, username: str, *, roles=("social",), cleared=True):
    """A volunteer with a login at ``branch``, a coaching role and (by default) clearance."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    return StaffMemberFactory(location=branch, user=user, role_codes=list(roles), cleared=cleared)


@pytest.fixture
def old(branch):
    return coach_at(branch, "coach.oud")


@pytest.fixture
def new(branch):
    return coach_at(branch, "coach.nieuw")


@pytest.fixture
def trajectory(branch, old):
    return TrajectoryFactory(
        person=PersonFactory(location=branch), coach=old, started_on=START, kind="settling_in"
    )


def change(trajectory, coach, day, by, reason="Vrijwilliger stopt"):
    return services.trajectory_change_coach(
        trajectory=trajectory,
        coach=coach,
        changed_on=day,
        reason=reason,
        expected_version=trajectory.version,
        by=by,
    )


def coaches(staff, day) -> bool:
    return selectors.coached_clients(staff.user, day).exists()


def test_a_change_moves_who_coaches_on_the_day_of_the_change(trajectory, old, new, users):
    changed = change(trajectory, new, CHANGE, users[Role.TEAM_LEADER])
    day_before = CHANGE - datetime.timedelta(days=1)
    assert coaches(old, day_before) and not coaches(new, day_before)
    assert not coaches(old, CHANGE) and coaches(new, CHANGE)
    assert changed.coach == new and changed.coach_since == CHANGE
    assert changed.ended_on is None  # the trajectory runs on
    period = CoachPeriod.objects.get(trajectory=trajectory)
    assert (period.coach, period.started_on, period.ended_on) == (old, START, day_before)
    assert period.reason == "Vrijwilliger stopt"
    history = selectors.coach_history(Trajectory.objects.get(pk=trajectory.pk))
    assert [(row["coach"], row["from"], row["to"]) for row in history] == [
        (old, START, day_before),
        (new, CHANGE, None),
    ]


def test_a_change_is_in_the_change_log_with_who_made_it(trajectory, new, users):
    leader = users[Role.TEAM_LEADER]
    change(trajectory, new, CHANGE, leader)
    entry = ChangeLogEntry.objects.filter(
        object_id=trajectory.pk, action=ChangeLogEntry.Action.UPDATE
    ).latest("pk")
    assert entry.user == leader
    assert entry.changes["coach_since"] == [None, "2017-06-15"]


def test_the_files_open_to_the_new_coach_and_close_to_the_old_on_the_day(
    trajectory, old, new, users
):
    today = timezone.localdate()
    trajectory.started_on = today - datetime.timedelta(days=30)
    trajectory.save()
    person = trajectory.person
    assert Person.objects.for_user(old.user).filter(pk=person.pk).exists()
    assert not Person.objects.for_user(new.user).filter(pk=person.pk).exists()
    change(trajectory, new, today, users[Role.TEAM_LEADER])
    assert not Person.objects.for_user(old.user).filter(pk=person.pk).exists()
    assert Person.objects.for_user(new.user).filter(pk=person.pk).exists()


def test_a_change_planned_ahead_leaves_the_old_coach_until_the_day_before(
    trajectory, old, new, users
):
    today = timezone.localdate()
    trajectory.started_on = today - datetime.timedelta(days=30)
    trajectory.save()
    tomorrow = today + datetime.timedelta(days=1)
    change(trajectory, new, tomorrow, users[Role.TEAM_LEADER])
    person = trajectory.person
    assert Person.objects.for_user(old.user).filter(pk=person.pk).exists()
    assert not Person.objects.for_user(new.user).filter(pk=person.pk).exists()
    assert coaches(new, tomorrow) and not coaches(old, tomorrow)


def test_a_change_counts_no_trajectory_as_ended(branch, trajectory, new, users):
    year = Period.year(2017)
    before = compute(locations=[branch], period=year)
    change(trajectory, new, CHANGE, users[Role.TEAM_LEADER])
    after = compute(locations=[branch], period=year)
    assert before == after
    assert after["trajectories.settling_in.ended"] == 0
    assert after["trajectories.settling_in.active_end"] == 1


def test_refuses_a_coach_without_vog_or_course(branch, trajectory, users):
    uncleared = coach_at(branch, "coach.zonder.vog", cleared=False)
    with pytest.raises(ValidationError) as refused:
        change(trajectory, uncleared, CHANGE, users[Role.TEAM_LEADER])
    assert "coach" in refused.value.message_dict
    assert not CoachPeriod.objects.exists()


def test_refuses_a_coach_without_a_coaching_role_or_of_another_branch(
    branch, other_branch, trajectory, users
):
    interpreter = coach_at(branch, "tolk", roles=("interpreter",))
    elsewhere = coach_at(other_branch, "coach.elders")
    for coach in (interpreter, elsewhere):
        with pytest.raises(ValidationError):
            change(trajectory, coach, CHANGE, users[Role.TEAM_LEADER])
    job_coach = coach_at(branch, "jobcoach", roles=("job_coach",))
    with pytest.raises(ValidationError):  # settling in is no job coaching
        change(trajectory, job_coach, CHANGE, users[Role.TEAM_LEADER])


def test_refuses_a_coach_who_stopped_before_the_change(branch, trajectory, users):
    leaving = coach_at(branch, "coach.weg")
    leaving.ended_on = CHANGE - datetime.timedelta(days=1)
    leaving.save()
    with pytest.raises(ValidationError):
        change(trajectory, leaving, CHANGE, users[Role.TEAM_LEADER])


def test_only_a_team_leader_changes_a_coach(trajectory, old, new, users):
    with pytest.raises(WriteRefused):
        change(trajectory, new, CHANGE, old.user)  # the coach themselves
    with pytest.raises(WriteRefused):
        change(trajectory, new, CHANGE, users["other_team_leader"])
    assert Trajectory.objects.get(pk=trajectory.pk).coach == old


def test_refuses_a_day_before_the_current_coach_and_a_stale_version(trajectory, new, users):
    leader = users[Role.TEAM_LEADER]
    with pytest.raises(ValidationError):
        change(trajectory, new, START - datetime.timedelta(days=1), leader)
    changed = change(trajectory, new, CHANGE, leader)
    with pytest.raises(ValidationError):  # before the new coach's first day
        change(changed, None, CHANGE - datetime.timedelta(days=1), leader)
    with pytest.raises(ConflictError):
        change(trajectory, None, CHANGE + datetime.timedelta(days=3), leader)  # old version


def test_a_change_on_the_first_day_corrects_without_a_period(trajectory, new, users):
    changed = change(trajectory, new, START, users[Role.TEAM_LEADER], reason="Verkeerd gekozen")
    assert changed.coach == new and changed.coach_since is None
    assert not CoachPeriod.objects.exists()


def test_starting_a_trajectory_refuses_an_uncleared_coach(branch, users):
    uncleared = coach_at(branch, "coach.nieuwkomer", cleared=False)
    with pytest.raises(ValidationError):
        services.trajectory_start(
            person=PersonFactory(location=branch),
            kind="settling_in",
            coach=uncleared,
            started_on=START,
            by=users[Role.TEAM_LEADER],
        )


def test_handover_moves_every_trajectory_of_the_leaving_coach(branch, old, new, users):
    other = coach_at(branch, "coach.derde")
    first, second = (
        TrajectoryFactory(person=PersonFactory(location=branch), coach=old, started_on=START)
        for _ in range(2)
    )
    services.caseload_handover(
        member=old,
        assignments=[(first, new, first.version), (second, other, second.version)],
        changed_on=CHANGE,
        reason="Stopt als vrijwilliger",
        by=users[Role.TEAM_LEADER],
    )
    assert Trajectory.objects.get(pk=first.pk).coach == new
    assert Trajectory.objects.get(pk=second.pk).coach == other
    assert (
        CoachPeriod.objects.filter(coach=old, ended_on=CHANGE - datetime.timedelta(1)).count() == 2
    )


def test_handover_is_all_or_nothing(branch, old, new, users):
    uncleared = coach_at(branch, "coach.ongescreend", cleared=False)
    first, second = (
        TrajectoryFactory(person=PersonFactory(location=branch), coach=old, started_on=START)
        for _ in range(2)
    )
    with pytest.raises(ValidationError):
        services.caseload_handover(
            member=old,
            assignments=[(first, new, first.version), (second, uncleared, second.version)],
            changed_on=CHANGE,
            reason="Stopt",
            by=users[Role.TEAM_LEADER],
        )
    assert set(Trajectory.objects.values_list("coach", flat=True)) == {old.pk}
    assert not CoachPeriod.objects.exists()


# Pages ----------------------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_change_form_offers_only_eligible_coaches_with_their_caseload(
    branch, trajectory, old, new, users
):
    coach_at(branch, "coach.zonder.cursus", cleared=False)
    coach_at(branch, "tolk", roles=("interpreter",))
    url = reverse("coaching:coach_change", kwargs={"trajectory_uid": trajectory.uid})
    page = logged_in(users[Role.TEAM_LEADER]).get(url).content.decode()
    options = [line for line in page.splitlines() if "<option" in line]
    offered = " ".join(options)
    assert str(new) in offered and "(0 lopende trajecten)" in offered
    assert str(old) not in offered  # the current coach
    # the fixture's volunteer (social, cleared) is eligible too; nobody else
    assert offered.count("lopend") == 2


def test_the_change_form_saves_and_refuses_an_other_coach_with_422(branch, trajectory, new, users):
    leader = logged_in(users[Role.TEAM_LEADER])
    url = reverse("coaching:coach_change", kwargs={"trajectory_uid": trajectory.uid})
    interpreter = coach_at(branch, "tolk", roles=("interpreter",))
    form = {"changed_on": "2017-06-15", "reason": "Stopt", "version": trajectory.version}
    refused = leader.post(url, form | {"coach": interpreter.pk})
    assert refused.status_code == 422
    saved = leader.post(url, form | {"coach": new.pk})
    assert saved.status_code == 302
    assert Trajectory.objects.get(pk=trajectory.pk).coach == new


def test_the_change_form_takes_a_day_ahead_once_confirmed(trajectory, new, users):
    """A change may be planned (core.dates: coach_since may lie ahead): the form asks
    "Klopt dit?" for a day after today and saves it once ticked, where a day of
    something that happened would be refused."""
    today = timezone.localdate()
    trajectory.started_on = today - datetime.timedelta(days=30)
    trajectory.save()
    leader = logged_in(users[Role.TEAM_LEADER])
    url = reverse("coaching:coach_change", kwargs={"trajectory_uid": trajectory.uid})
    ahead = today + datetime.timedelta(days=7)
    form = {"changed_on": ahead.isoformat(), "reason": "Stopt", "coach": new.pk}
    asked = leader.post(url, form | {"version": trajectory.version})
    assert asked.status_code == 422
    assert "ligt in de toekomst" in asked.content.decode()
    saved = leader.post(url, form | {"version": trajectory.version, "confirmed": "on"})
    assert saved.status_code == 302
    assert Trajectory.objects.get(pk=trajectory.pk).coach_since == ahead


def test_a_volunteer_gets_no_change_form_nor_handover(trajectory, old, new):
    volunteer = logged_in(old.user)
    url = reverse("coaching:coach_change", kwargs={"trajectory_uid": trajectory.uid})
    assert volunteer.get(url).status_code == 404
    assert volunteer.post(url, {"coach": new.pk}).status_code == 404
    handover = reverse("coaching:handover", kwargs={"staffmember_uid": old.uid})
    assert volunteer.get(handover).status_code == 404
    assert volunteer.get(reverse("coaching:handover_index")).status_code == 404


def test_the_handover_screen_hands_over_all_at_once(branch, old, new, users):
    first, second = (
        TrajectoryFactory(person=PersonFactory(location=branch), coach=old, started_on=START)
        for _ in range(2)
    )
    leader = logged_in(users[Role.TEAM_LEADER])
    index = leader.get(reverse("coaching:handover_index")).content.decode()
    assert str(old) in index
    url = reverse("coaching:handover", kwargs={"staffmember_uid": old.uid})
    page = leader.get(url)
    assert page.status_code == 200
    form = {
        "changed_on": "2017-06-15",
        "reason": "Verhuist",
        f"coach_{first.pk}": new.pk,
        f"version_{first.pk}": first.version,
        f"coach_{second.pk}": "geen",
        f"version_{second.pk}": second.version,
    }
    missing = leader.post(url, {k: v for k, v in form.items() if k != f"coach_{second.pk}"})
    assert missing.status_code == 422
    assert leader.post(url, form).status_code == 302
    assert Trajectory.objects.get(pk=first.pk).coach == new
    assert Trajectory.objects.get(pk=second.pk).coach is None


def test_the_handover_page_reads_a_fixed_number_of_queries(branch, old, new, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = logged_in(users[Role.TEAM_LEADER])
    url = reverse("coaching:handover", kwargs={"staffmember_uid": old.uid})

    def queries_with(count: int) -> int:
        while Trajectory.objects.filter(coach=old).count() < count:
            TrajectoryFactory(person=PersonFactory(location=branch), coach=old, started_on=START)
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(url).status_code == 200
        return len(captured)

    assert queries_with(1) == queries_with(6)
