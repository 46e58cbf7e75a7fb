"""Contacts: coaching conversations, home visits, calls, the walk-in hours and info point,
the legal hours, and the visitors who have no file at the branch.

Volumes follow the seed reports: about three contacts a month in settling-in, one a
month in integration, a monthly legal contact per open dossier, and a weekly walk-in
at a community centre where the branch has one.
"""

import datetime

from koers.contacts.models import Contact, ContactTopic
from koers.demo.dates import DAY, add_months, between, weekly
from koers.demo.world import Client, Helper, World

PER_MONTH = {"settling_in": 3.5, "integration": 1.2, "job_coaching": 1.5}
KINDS = {
    "settling_in": (("coaching", 45), ("home_visit", 20), ("phone", 20), ("social_hours", 15)),
    "integration": (("coaching", 40), ("social_hours", 35), ("phone", 15), ("home_visit", 10)),
    "job_coaching": (("coaching", 80), ("phone", 20)),
}
TOPICS = {
    "settling_in": ("housing", "finance", "health", "education", "civic_integration", "other"),
    "integration": ("finance", "work", "education", "civic_integration", "health", "housing"),
    "job_coaching": ("work", "education"),
    "visitor": (
        "family_reunification",
        "naturalisation",
        "permit_renewal",
        "finance",
        "housing",
        "work",
        "other",
    ),
}
DOSSIER_TOPICS = {
    "family_reunification": "family_reunification",
    "naturalisation": "naturalisation",
    "permit_renewal": "permit_renewal",
}


def build_contacts(world: World) -> None:
    for trajectory, client in world.trajectories:
        _trajectory_contacts(world, trajectory, client)
    for dossier, client in world.dossiers:
        _dossier_contacts(world, dossier, client)
    _other_legal_questions(world)
    _visitors_without_file(world)
    for weekday, venue in enumerate(world.branch.venues):
        _venue(world, venue, weekday)


def _contact(
    world: World,
    day: datetime.date,
    kind: str,
    topics,
    *,
    client: Client | None = None,
    staff: Helper | None = None,
    **fields,
) -> None:
    contact = world.rows.record(
        Contact,
        "c",
        location=world.location,
        date=day,
        kind=kind,
        person=client.person if client else None,
        staff=staff.member if staff else None,
        **fields,
    )
    for topic in dict.fromkeys(topics):
        world.rows.row(ContactTopic, contact=contact, topic=topic)


def _weighted(world: World, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return world.rng.choices(values, weights=weights)[0]


def _topics(world: World, pool: tuple[str, ...]) -> list[str]:
    return world.rng.sample(pool, k=min(len(pool), world.rng.choice((1, 1, 1, 2, 2, 3))))


def _dates(world: World, first: datetime.date, last: datetime.date, per_month: float):
    months = max((last - first).days, 0) / 30.4
    count = round(months * per_month * world.rng.uniform(0.6, 1.4))
    return sorted(between(world.rng, first, last) for _ in range(count))


def _trajectory_contacts(world: World, trajectory, client: Client) -> None:
    """The coach's conversations, visits and calls while the trajectory runs; a few after."""
    coach = next((h for h in world.staff if h.member.pk == trajectory.coach_id), None)
    last = min(trajectory.ended_on or world.today, world.today)
    for day in _dates(world, trajectory.started_on, last, PER_MONTH[trajectory.kind]):
        staff = coach if world.rng.random() < 0.85 else world.helper(day, "social", "reception")
        _contact(
            world,
            day,
            _weighted(world, KINDS[trajectory.kind]),
            _topics(world, TOPICS[trajectory.kind]),
            client=client,
            staff=staff,
            trajectory=trajectory,
        )
    if trajectory.kind == "integration" and trajectory.ended_on:
        # former clients still drop in at the walk-in hours now and then
        for day in _dates(
            world, trajectory.ended_on + DAY, min(world.today, add_months(last, 12)), 0.2
        ):
            _contact(
                world,
                day,
                "social_hours",
                _topics(world, TOPICS["integration"]),
                client=client,
                staff=world.helper(day, "social", "reception"),
            )


def _dossier_contacts(world: World, dossier, client: Client) -> None:
    """A legal contact about once a month while the dossier is open."""
    last = min(dossier.closed_on or world.today, world.today)
    topic = DOSSIER_TOPICS.get(dossier.kind, "other")
    for day in [dossier.opened_on, *_dates(world, dossier.opened_on, last, 0.9)]:
        _contact(
            world,
            day,
            "legal_hours" if world.rng.random() < 0.85 else "phone",
            [topic] + (["finance"] if world.rng.random() < 0.1 else []),
            client=client,
            staff=world.helper(day, "legal"),
        )


def _other_legal_questions(world: World) -> None:
    """Clients without a dossier asking about naturalisation, renewal and the like."""
    adults = [c for c in world.clients if c.adult]
    for year in world.years():
        first, last = world.span(year)
        for day in _dates(world, first, last, world.branch.housed_per_year * world.scale / 30):
            known = [c for c in adults if c.housed_on <= day - 90 * DAY]
            if known:
                _contact(
                    world,
                    day,
                    "legal_hours",
                    [world.rng.choice(("naturalisation", "permit_renewal", "other"))],
                    client=world.rng.choice(known),
                    staff=world.helper(day, "legal"),
                )


def _visitor_ref(world: World, refs: list[str]) -> str:
    """A pseudonymous key; a visitor who comes back gets the same one; now and then none."""
    roll = world.rng.random()
    if refs and roll < 0.25:
        return world.rng.choice(refs)
    if roll < 0.9:
        refs.append(f"bz-{world.location.external_id[:3]}-{world.rng.getrandbits(24):06x}")
        return refs[-1]
    return ""


def _visitors_without_file(world: World) -> None:
    """Migrants and old-comers without a file here, at the info point and the hours."""
    refs: list[str] = []
    per_month = (120 + world.branch.housed_per_year) * world.scale / 12
    kinds = (("info_point", 45), ("walk_in", 25), ("legal_hours", 30))
    for year in world.years():
        for day in _dates(world, *world.span(year), per_month):
            _contact(
                world,
                day,
                _weighted(world, kinds),
                _topics(world, TOPICS["visitor"]),
                visitor_ref=_visitor_ref(world, refs),
                staff=world.helper(day, "reception", "social"),
            )


def _venue(world: World, venue: str, weekday: int) -> None:
    """A weekly walk-in at a community centre: clients and visitors without a file."""
    rng = world.rng
    refs: list[str] = []
    for day in weekly(world.first_day, world.today, (weekday,)):
        staff = world.helper(day, "social")
        housed = [c for c in world.clients if c.adult and c.housed_on < day]
        for _ in range(rng.randint(world.scaled(5), world.scaled(11))):
            client = rng.choice(housed) if housed and rng.random() < 0.7 else None
            _contact(
                world,
                day,
                "walk_in",
                _topics(world, TOPICS["integration"]),
                client=client,
                staff=staff,
                venue=venue,
                visitor_ref="" if client else _visitor_ref(world, refs),
            )
