"""Today's law: the linkings before housing and the civic-integration plans (Wi2021).

Every client obliged to integrate whose permit (and so obligation) dates from 2022 or
later is under the Wet inburgering 2021: a plan in whatever stage their dates give
(intake, waiting for the PIP, a route, a switch, the MAP, unburdening after housing, an
extension, completed, exempted), and no exam result of the 2013 law. Households that
came through the asylum procedure or resettlement were linked by the COA weeks or months
before their housing; today some households are linked and still waiting (a few for
longer than 10 weeks), and some linkings were cancelled.

The dice of this module are its own (``World.integration_rng``), so nothing generated
before it changes.
"""

import datetime

from koers.core.dates import age_on
from koers.demo import names
from koers.demo.dates import DAY, add_months
from koers.demo.region import ORIGINS
from koers.demo.world import Client, World
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.rules import WI2021_START, last_switch_on
from koers.people.models import Dwelling, Household, Person, Placement
from koers.people.search import name_key_for

LINKED_ROUTES = {"regular", "resettlement"}  # family members who follow are not linked
OTHER_ROUTE = {"b1": "z", "z": "b1", "education": "b1"}


def under_wi2021(client: Client) -> bool:
    """Obliged to integrate, with an obligation (the permit) from 1 January 2022 on."""
    permit = client.person.permit_granted_on
    return client.required and permit is not None and permit >= WI2021_START


def build_integration(world: World) -> None:
    _linkings_of_housed(world)
    waiting = _linked_not_housed(world)
    for client in world.clients:
        if under_wi2021(client):
            # unburdened in the first months after housing through the quota (someone who
            # moved in from elsewhere was unburdened there, if at all)
            placed = client.counted and client.person.arrival_route != "self_registered"
            _plan(world, client.person, housed_on=client.housed_on if placed else None)
    for person in waiting:
        if person.civic_integration_required and person.permit_granted_on >= WI2021_START:
            _plan(world, person, housed_on=None)


def _rng(world: World):
    return world.integration_rng


def _linkings_of_housed(world: World) -> None:
    """The first members of a household, linked before the household's first housing."""
    rng = _rng(world)
    for plan in world.households:
        first = [
            client
            for client in plan.members
            if client.housed_on == plan.housed_on
            and client.counted
            and client.person.arrival_route in LINKED_ROUTES
        ]
        if not first:
            continue
        permit = min(client.person.permit_granted_on for client in first)
        weeks = rng.choices([(3, 10), (10, 20), (20, 40)], weights=[4, 4, 2])[0]
        linked_on = plan.housed_on - rng.randint(7 * weeks[0], 7 * weeks[1]) * DAY
        if linked_on < permit:
            linked_on = min(plan.housed_on, permit + rng.randint(3, 14) * DAY)
        planned = plan.dwelling if rng.random() < 0.3 else None
        for client in first:
            world.rows.record(
                Linking,
                "li",
                location=world.location,
                person=client.person,
                linked_on=max(linked_on, client.person.birth_date),  # a baby: from birth
                planned_dwelling=planned,
            )


def _free_dwellings(world: World) -> list[Dwelling]:
    used = {placement.dwelling_id for placement in world.rows.rows[Placement]}
    return [
        dwelling
        for dwelling in world.rows.rows[Dwelling]
        if dwelling.location_id == world.location.pk and dwelling.pk not in used
    ]


def _linked_not_housed(world: World) -> list[Person]:
    """Households linked in the last months and waiting, and some cancelled linkings."""
    rng = _rng(world)
    free = _free_dwellings(world)
    waiting: list[Person] = []
    for _ in range(world.scaled(world.branch.housed_per_year * 0.06, minimum=2)):
        linked_on = world.today - rng.randint(1, 110) * DAY
        planned = free.pop() if free and rng.random() < 0.4 else None
        people = _household(world, linked_on)
        for person in people:
            world.rows.record(
                Linking,
                "li",
                location=world.location,
                person=person,
                linked_on=linked_on,
                planned_dwelling=planned,
            )
        waiting += people
    for _ in range(world.scaled(2, minimum=1)):
        linked_on = world.today - rng.randint(60, 400) * DAY
        reason = rng.choice(("housed_elsewhere", "withdrawn", "other"))
        note = "Verhuisd naar familie in een andere gemeente" if reason == "other" else ""
        for person in _household(world, linked_on):
            world.rows.record(
                Linking,
                "li",
                location=world.location,
                person=person,
                linked_on=linked_on,
                cancelled_on=min(world.today, linked_on + rng.randint(14, 90) * DAY),
                cancel_reason=reason,
                cancel_note=note,
            )
    return waiting


def _household(world: World, linked_on: datetime.date) -> list[Person]:
    """A household announced by the COA: an adult or a couple, sometimes with children."""
    rng = _rng(world)
    origin = rng.choices(ORIGINS, weights=[origin.share for origin in ORIGINS])[0]
    household = world.rows.record(Household, "h", location=world.location)
    family = names.family_group(rng, origin.pool)
    permit = linked_on - rng.randint(7, 60) * DAY
    adults = [("M", rng.randint(19, 50))]
    if rng.random() < 0.5:
        adults.append(("F", rng.randint(19, 48)))
    children = [(rng.choice("FM"), rng.randint(0, 16)) for _ in range(rng.choice((0, 0, 1, 2, 3)))]
    people = []
    for sex, age in adults + children:
        given = names.given_name(rng, origin.pool, sex)
        family_name = names.spelling_of(rng, family)
        people.append(
            world.rows.record(
                Person,
                "p",
                location=world.location,
                household=household,
                given_name=given,
                family_name=family_name,
                name_key=name_key_for(given, family_name),
                birth_date=add_months(linked_on, -12 * age) - rng.randint(1, 364) * DAY,
                sex=sex,
                nationality=origin.nationality,
                v_number=world.rows.v_number(rng),
                arrival_route="regular",
                permit_granted_on=permit,
                civic_integration_required=18 <= age < 67,
            )
        )
    return people


def _on_or_none(day: datetime.date | None, today: datetime.date) -> datetime.date | None:
    return day if day is not None and day <= today else None


def _plan(world: World, person: Person, *, housed_on: datetime.date | None) -> None:
    """One plan, as far as its dates have come by today."""
    rng, today = _rng(world), world.today
    obligation = person.permit_granted_on
    fields: dict = {"obligation_on": obligation}
    started = _on_or_none(obligation + rng.randint(7, 45) * DAY, today)
    completed_intake = started and _on_or_none(started + rng.randint(3, 40) * DAY, today)
    fields |= {"intake_started_on": started, "intake_completed_on": completed_intake}
    roll = rng.random()
    if housed_on is not None and roll < 0.8:  # the first six months in the municipality
        start = max(housed_on, obligation)
        fields |= {
            "unburdening_from": start,
            "unburdening_until": add_months(start, 6) - DAY,
        }
    pip = None
    if completed_intake and roll < 0.95:
        pip = _on_or_none(
            max(obligation + rng.randint(35, 160) * DAY, completed_intake + 3 * DAY), today
        )
    elif completed_intake:  # exempted before a PIP (a medical reason, for instance)
        fields["exempted_on"] = _on_or_none(completed_intake + rng.randint(10, 60) * DAY, today)
    if pip is not None:
        age = age_on(person.birth_date, pip)
        route = (
            "education"
            if age <= 27 and rng.random() < 0.45
            else ("b1" if rng.random() < 0.65 else "z")
        )
        fields |= {"pip_on": pip, "route": route}
        if rng.random() < 0.1:
            switch = min(pip + rng.randint(60, 500) * DAY, last_switch_on(pip))
            if switch <= today:
                fields |= {
                    "route_switched_on": switch,
                    "route_before": route,
                    "route": OTHER_ROUTE[route],
                }
        if rng.random() < 0.75:
            fields["map_completed_on"] = _on_or_none(pip + rng.randint(120, 500) * DAY, today)
        end = rng.random()
        if end < 0.55:
            fields["completed_on"] = _on_or_none(add_months(pip, rng.randint(20, 38)), today)
        elif end < 0.6:
            fields["exempted_on"] = _on_or_none(pip + rng.randint(200, 700) * DAY, today)
        if (
            fields.get("completed_on") is None
            and add_months(pip, 30) <= today
            and rng.random() < 0.4
        ):
            fields["term_extension_months"] = rng.choice((6, 12))
    world.rows.record(IntegrationPlan, "in", person=person, **fields)
