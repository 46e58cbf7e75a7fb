"""Coaching trajectories (settling in, then integration; job coaching for some) and the
civic-integration results that close each client's civic-integration term.

One coach takes a whole household. Most trajectories end as planned; some end early
(the client moved, or stopped); a few that should have ended are still open, as
happens when a coach has not closed them yet, so the worklists show overdue items.
"""

import datetime

from koers.coaching.models import Trajectory
from koers.core.dates import age_on
from koers.demo.dates import DAY, add_months, after, between
from koers.demo.integration import under_wi2021
from koers.demo.world import Client, Helper, World
from koers.people.models import CivicIntegrationResult

COACH_ROLES = {
    "settling_in": ("housing_coach", "social"),
    "integration": ("social",),
    "job_coaching": ("job_coach", "social"),
}


def build_trajectories(world: World) -> None:
    branch = world.branch
    coaches: dict[tuple[int, str], Helper | None] = {}
    for client in world.clients:
        if not client.adult:
            continue
        age = age_on(client.person.birth_date, client.housed_on)
        if age >= 67 and world.rng.random() < 0.5:
            continue  # housed under the quota, but no coaching trajectory
        if client.person.arrival_route == "self_registered":
            start = after(world.rng, client.housed_on, 0, 30)
            _trajectory(world, coaches, client, "integration", start, branch.integration_months)
        else:
            start = after(world.rng, client.housed_on, 0, 10)
            end = _trajectory(
                world, coaches, client, "settling_in", start, branch.settling_in_months
            )
            if end is not None:
                _trajectory(
                    world, coaches, client, "integration", end + DAY, branch.integration_months
                )
        if age <= 55 and world.rng.random() < 0.22:
            start = after(world.rng, client.housed_on, 180, 540)
            _trajectory(world, coaches, client, "job_coaching", start, world.rng.randint(4, 12))


def _trajectory(
    world: World,
    coaches: dict[tuple[int, str], Helper | None],
    client: Client,
    kind: str,
    start: datetime.date,
    months: int,
) -> datetime.date | None:
    """Record one trajectory; the day it was completed, or None (not completed, or open)."""
    rng = world.rng
    if start > world.today:
        return None
    key = (id(client.household), kind)
    coach = coaches.get(key)
    if coach is None or not coach.active_on(start):
        coach = coaches[key] = world.helper(start, *COACH_ROLES[kind])
    planned_end = add_months(start, months) + rng.randint(-14, 21) * DAY
    roll = rng.random()
    reason = "completed" if roll < 0.86 else "moved" if roll < 0.92 else "stopped"
    end = planned_end if reason == "completed" else between(rng, start + 30 * DAY, planned_end)
    overdue = (world.today - end).days < 75 and rng.random() < 0.25
    if end > world.today or (reason == "completed" and overdue):
        end, reason = None, ""
    trajectory = world.rows.record(
        Trajectory,
        "t",
        person=client.person,
        kind=kind,
        coach=coach.member if coach else None,
        started_on=start,
        ended_on=end,
        end_reason=reason,
    )
    world.trajectories.append((trajectory, client))
    return end if reason == "completed" else None


def build_civic_integration_results(world: World) -> None:
    """Exams passed, exemptions and dispensations, within the three-year term (or not yet),
    for clients under the law of 2013 (a permit before 2022; the others have a Wi2021 plan,
    :mod:`koers.demo.integration`). The dice are thrown for everyone, as before."""
    rng = world.rng
    for client in world.clients:
        if not client.required:
            continue
        roll = rng.random()
        if roll < 0.08:
            outcome, decided = "dispensation", after(rng, client.housed_on, 20, 150)
            note = "vrijstelling: diploma uit land van herkomst"
        else:
            decided = add_months(client.housed_on, rng.randint(14, 40))
            outcome = (
                "exam_passed"
                if roll < 0.62
                else "state_exam_passed"
                if roll < 0.74
                else "exemption"
            )
            note = "ontheffing na 600 uur alfabetisering" if outcome == "exemption" else ""
        if decided <= world.today and not under_wi2021(client):  # the 2013 law's results
            world.rows.record(
                CivicIntegrationResult,
                "ci",
                person=client.person,
                outcome=outcome,
                decided_on=decided,
                note=note,
            )
