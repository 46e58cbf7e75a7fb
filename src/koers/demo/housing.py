"""Housing: households of every shape, their dwellings and placements, and the half-year quota.

Singles, couples and families arrive through the asylum procedure or UNHCR
resettlement; some singles are sponsors whose family follows later (nareizigers, see
:mod:`koers.demo.legal`); a few singles share a dwelling; some people moved in from
another municipality (zelfmelders) and some placements do not count for the quota.
"""

import datetime

from koers.demo import names
from koers.demo.dates import DAY, add_months, between
from koers.demo.region import ORIGINS, Origin
from koers.demo.world import Client, HouseholdPlan, World
from koers.people.models import Dwelling, Household, Person, Placement, QuotaPeriod
from koers.people.search import name_key_for

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
RESETTLED_FROM = {"SYR", "ERI", "SDN", "SOM"}


def build_housing(world: World) -> None:
    """Every year's arrivals (the current year up to today), then dwellings not yet used."""
    for year in world.years():
        first, last = world.span(year)
        fraction = world.share_of_year(year)
        # about a fifth of the people housed are family members who follow later
        target = world.branch.housed_per_year * world.scale * fraction * 0.8
        housed = 0
        households = 0
        while housed < target or households < 2:
            plan = _arrival(world, between(world.rng, first, last))
            housed += sum(client.counted for client in plan.members)
            households += 1
        for _ in range(world.scaled(world.branch.housed_per_year * 0.06 * fraction)):
            _self_registered(world, between(world.rng, first, last))
        for _ in range(world.rng.randint(1, 2)):
            _dwelling(world, between(world.rng, max(first, last - 45 * DAY), last))


def _origin(world: World) -> Origin:
    return world.rng.choices(ORIGINS, weights=[origin.share for origin in ORIGINS])[0]


def _postcode(world: World) -> str:
    rng = world.rng
    low, high = world.branch.postcodes
    letters = "SA"
    while letters in {"SA", "SD", "SS"}:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
    return f"{rng.randint(low, high)} {letters}"


def _dwelling(world: World, available_on: datetime.date) -> Dwelling:
    rng = world.rng
    return world.rows.record(
        Dwelling,
        "w",
        location=world.location,
        postcode=_postcode(world),
        house_number=str(rng.randint(1, 240)) + rng.choice(("",) * 8 + ("A", "B", "-2")),
        landlord=rng.choice(world.branch.landlords),
        available_on=available_on,
    )


def _arrival(world: World, housed_on: datetime.date) -> HouseholdPlan:
    """One household housed on ``housed_on``: its shape decides who comes now and who later."""
    rng = world.rng
    origin = _origin(world)
    shape = rng.random()
    resettled = origin.nationality in RESETTLED_FROM and rng.random() < 0.12
    route = "resettlement" if resettled else "regular"
    counted = rng.random() > 0.03
    if shape < 0.36:  # a single adult, often the sponsor of a family still abroad
        sex = "M" if rng.random() < 0.7 else "F"
        plan = _household(world, origin, housed_on, share_with=sex if shape < 0.1 else None)
        _member(world, plan, sex, rng.randint(18, 45), route, counted)
        if rng.random() < 0.55:
            plan.to_follow = [("F" if sex == "M" else "M", rng.randint(20, 45))]
            plan.to_follow += [
                (rng.choice("FM"), rng.randint(0, 15)) for _ in range(rng.randint(0, 4))
            ]
        return plan
    if shape < 0.39:  # an unaccompanied minor under Nidos guardianship; parents follow
        plan = _household(world, origin, housed_on)
        plan.minor_sponsor = True
        _member(world, plan, rng.choice("FM"), rng.randint(15, 17), route, counted)
        plan.to_follow = [("F", rng.randint(35, 50)), ("M", rng.randint(38, 55))]
        plan.to_follow += [(rng.choice("FM"), rng.randint(2, 14)) for _ in range(rng.randint(0, 3))]
        return plan
    plan = _household(world, origin, housed_on)
    mother_age = rng.randint(20, 46)
    parents = [("F", mother_age)]
    if shape < 0.55 or rng.random() < 0.75:
        parents.append(("M", mother_age + rng.randint(0, 8)))
    for sex, age in parents:
        _member(world, plan, sex, age, route, counted)
    children = 0 if shape < 0.5 else rng.randint(1, 5)
    for _ in range(children):
        _member(
            world, plan, rng.choice("FM"), rng.randint(0, min(17, mother_age - 18)), route, counted
        )
    if shape > 0.93:  # a grandparent lives with them
        _member(world, plan, rng.choice("FM"), rng.randint(62, 78), route, counted)
    return plan


def _household(
    world: World, origin: Origin, housed_on: datetime.date, *, share_with: str | None = None
) -> HouseholdPlan:
    """A new household in a new dwelling, or in one that singles of a sex share."""
    rng = world.rng
    shares = world.shared_dwellings
    if share_with and shares.get(share_with, (None, 0))[1] > 0:
        dwelling, places = shares[share_with]
        shares[share_with] = (dwelling, places - 1)
    else:
        dwelling = _dwelling(world, housed_on - rng.randint(5, 45) * DAY)
        if share_with:
            shares[share_with] = (dwelling, rng.randint(1, 2))
    household = world.rows.record(Household, "h", location=world.location)
    family_group = names.family_group(rng, origin.pool)
    plan = HouseholdPlan(household, dwelling, origin, family_group, housed_on)
    world.households.append(plan)
    return plan


def _member(
    world: World,
    plan: HouseholdPlan,
    sex: str,
    age: int,
    route: str,
    counted: bool,
    *,
    housed_on: datetime.date | None = None,
    permit_granted_on: datetime.date | None = None,
) -> Client:
    """A person of the household, housed in its dwelling (now, or on their arrival)."""
    rng = world.rng
    housed_on = housed_on or plan.housed_on
    birth_date = add_months(housed_on, -12 * age) - rng.randint(1, 364) * DAY
    if permit_granted_on is None:
        permit_granted_on = housed_on - rng.randint(20, 240 if route == "regular" else 90) * DAY
    person = world.rows.record(
        Person,
        "p",
        location=world.location,
        household=plan.household,
        given_name=(given := names.given_name(rng, plan.origin.pool, sex)),
        family_name=(family := _family_name(world, plan, age)),
        name_key=name_key_for(given, family),  # what the spelling-tolerant search looks up
        birth_date=birth_date,
        sex=sex,
        nationality=plan.origin.nationality,
        v_number="" if rng.random() < 0.04 else world.rows.v_number(rng),
        arrival_route=route,
        permit_granted_on=permit_granted_on,
        civic_integration_required=_civic_integration_required(world, age),
    )
    client = Client(person, plan.origin, plan, housed_on, counted)
    plan.members.append(client)
    world.clients.append(client)
    place(world, client, plan.dwelling, housed_on, counted=counted)
    return client


def _family_name(world: World, plan: HouseholdPlan, age: int) -> str:
    """The household's name, now and then spelled otherwise on a member's papers.

    Eritrean and Ethiopian children carry their father's given name as family name.
    """
    rng = world.rng
    if plan.origin.language == "ti" and age < 18:
        fathers = [c.person for c in plan.members if c.person.sex == "M" and c.adult]
        if fathers:
            return fathers[0].given_name
    spellings = [c.person.family_name for c in plan.members if c.person.family_name]
    if spellings and rng.random() < 0.85:
        return spellings[0]
    return names.spelling_of(rng, plan.family_group)


def _civic_integration_required(world: World, age: int) -> bool | None:
    if age < 18 or age >= 67:
        return False
    return None if world.rng.random() < 0.03 else True


def place(
    world: World, client: Client, dwelling: Dwelling, day: datetime.date, *, counted: bool
) -> Placement:
    return world.rows.record(
        Placement,
        "pl",
        person=client.person,
        dwelling=dwelling,
        housed_on=day,
        counts_for_quota=counted,
    )


def house_followers(world: World, plan: HouseholdPlan, arrival: datetime.date) -> list[Client]:
    """Family members arriving through family reunification join the sponsor's household.

    A household that outgrows a shared dwelling (or a minor's room) moves to a new
    dwelling; the sponsor's move does not count for the quota again.
    """
    if plan.minor_sponsor or len(plan.to_follow) >= 2:
        plan.dwelling = _dwelling(world, arrival - world.rng.randint(5, 30) * DAY)
        for client in plan.members:
            place(world, client, plan.dwelling, arrival, counted=False)
    return [
        _member(
            world,
            plan,
            sex,
            age,
            "family_reunification",
            True,
            housed_on=arrival,
            permit_granted_on=arrival - world.rng.randint(0, 10) * DAY,
        )
        for sex, age in plan.to_follow
    ]


def _self_registered(world: World, housed_on: datetime.date) -> None:
    """Someone who moved here from another municipality: long-standing permit, not counted."""
    rng = world.rng
    origin = _origin(world)
    plan = _household(world, origin, housed_on)
    permit = housed_on - rng.randint(400, 2200) * DAY
    adults = rng.randint(1, 2)
    for n in range(adults + rng.choice((0, 0, 1, 2, 3))):
        sex = ("M", "F")[n % 2] if n < adults else rng.choice("FM")
        age = rng.randint(22, 55) if n < adults else rng.randint(0, 14)
        _member(world, plan, sex, age, "self_registered", False, permit_granted_on=permit)


def build_quota(world: World) -> None:
    """A quota per half-year from the window's start, a little above what was housed."""
    rng = world.rng
    per_half = world.branch.housed_per_year * world.scale / 2
    start = world.window_start
    first = True
    while start <= world.today:
        end = (
            datetime.date(start.year, 6, 30)
            if start.month == 1
            else datetime.date(start.year, 12, 31)
        )
        housed = sum(c.counted and start <= c.housed_on <= end for c in world.clients)
        quota = max(housed, per_half) * rng.uniform(1.0, 1.3) if end < world.today else per_half
        world.rows.record(
            QuotaPeriod,
            "qu",
            location=world.location,
            starts_on=start,
            ends_on=end,
            quota=round(quota),
            backlog_in=world.scaled(rng.randint(8, 45)) if first else None,
        )
        first = False
        start = end + DAY
