"""Matches: clients put forward for taalcoaching or Wegwijs, the waiting list, the pairs.

A volunteer coaches one pair at a time. A client waits until one is free; after
months without one the request is withdrawn, and recent requests are still waiting
today. Pairs are evaluated at 3 and 6 months (now and then late or not at all); most
complete after six months, some go on (extended), some stop early and the client is
put forward again (rematch).
"""

import datetime

from koers.demo.dates import DAY, add_months, after, between
from koers.demo.world import Client, World
from koers.matching.models import Match, MatchEvaluation, MatchLanguage, VolunteerProfile

PROGRAMS = (
    ("language_coaching", "language_coaching_per_year", "language_coach"),
    ("wegwijs", "wegwijs_per_year", "wegwijs_coach"),
)
STOP_REASONS = ("no_click", "client_stopped", "volunteer_stopped", "moved")
EVALUATION_NOTES = (
    "Het klikt goed; oefenen met brieven en de telefoon.",
    "Samen naar de bibliotheek en het buurthuis geweest.",
    "Spreekt meer Nederlands; wil graag doorgaan.",
    "Afspraken lopen soms mis door werk; nieuwe vaste dag gekozen.",
    "",
)


def build_matches(world: World) -> None:
    for program, per_year_field, role in PROGRAMS:
        per_year = getattr(world.branch, per_year_field)
        if not per_year:
            continue
        requested: set[int] = set()
        for year in world.years():
            count = world.scaled(per_year * 1.2 * world.share_of_year(year))
            days = sorted(between(world.rng, *world.span(year)) for _ in range(count))
            for day in days:
                candidates = [
                    c
                    for c in world.clients
                    if c.adult and id(c) not in requested and 30 <= (day - c.housed_on).days <= 400
                ]
                if candidates:
                    client = world.rng.choice(candidates)
                    requested.add(id(client))
                    _request(world, program, role, client, day)


def _request(
    world: World, program: str, role: str, client: Client, requested_on, previous=None
) -> None:
    rng = world.rng
    fields = {
        "program": program,
        "person": client.person,
        "requested_on": requested_on,
        "previous": previous,
        **_availability(world),
    }
    start = after(rng, requested_on, 10, 90)
    volunteer = None
    for _ in range(4):
        if start > world.today:
            break
        free = [h for h in world.helpers(role, start) if h.busy_until < start]
        if free:
            volunteer = rng.choice(free)
            break
        start = after(rng, start, 20, 45)
    if volunteer is None:
        withdrawn = after(rng, requested_on, 150, 240)
        if withdrawn <= world.today:
            fields.update(
                ended_on=withdrawn,
                outcome="withdrawn",
                end_reason="other",
                end_note="Geen vrijwilliger beschikbaar; cliënt zoekt het zelf via het Taalhuis.",
            )
        match = world.rows.record(Match, "ma", **fields)  # withdrawn, or still waiting
        _languages(world, match, client)
        return
    roll = rng.random()
    extended_on = None
    if roll < 0.15:
        outcome, end = "stopped", after(rng, start, 14, 70)
        reason = rng.choice(STOP_REASONS)
    elif roll < 0.8:
        outcome, end = "completed", add_months(start, 6) + rng.randint(-10, 20) * DAY
        reason = "goal_reached"
    else:
        outcome, end = "completed", add_months(start, rng.randint(9, 12))
        reason = "goal_reached"
        extended_on = add_months(start, 6) + rng.randint(-7, 7) * DAY
    running = end > world.today
    volunteer.busy_until = datetime.date.max if running else end
    match = world.rows.record(
        Match,
        "ma",
        **fields,
        staff=volunteer.member,
        started_on=start,
        ended_on=None if running else end,
        outcome="" if running else outcome,
        end_reason="" if running else reason,
        extended_on=extended_on if extended_on and extended_on <= world.today else None,
    )
    _languages(world, match, client)
    for months, moment in ((3, "3m"), (6, "6m")):
        held = add_months(start, months) + rng.randint(-7, 21) * DAY
        if held <= min(end, world.today) and rng.random() < 0.88:
            world.rows.record(
                MatchEvaluation,
                "me",
                match=match,
                moment=moment,
                held_on=held,
                note=rng.choice(EVALUATION_NOTES),
            )
    if outcome == "stopped" and not running and rng.random() < 0.7:
        _request(world, program, role, client, end, previous=match)  # a rematch


def _availability(world: World) -> dict[str, bool]:
    rng = world.rng
    daytime = rng.random() < 0.7
    return {
        "daytime": daytime,
        "evening": not daytime or rng.random() < 0.4,
        "weekend": rng.random() < 0.3,
    }


def _languages(world: World, match: Match, client: Client) -> None:
    """The client's own language, and English for some."""
    for language in [client.origin.language] + (["en"] if world.rng.random() < 0.25 else []):
        world.rows.row(MatchLanguage, match=match, language=language)


def build_volunteer_profiles(world: World) -> None:
    """How many pairs each coach takes, where they live and when they can meet."""
    low, high = world.branch.postcodes
    for helper in world.staff:
        if {"language_coach", "wegwijs_coach"} & set(helper.roles):
            world.rows.record(
                VolunteerProfile,
                "vp",
                staff=helper.member,
                max_pairs=1,
                postcode_area=str(world.rng.randint(low, high)),
                **_availability(world),
            )
