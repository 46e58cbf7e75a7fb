"""Build the whole demo region in memory and write it in one transaction."""

import datetime
import random

from django.utils import timezone

from koers.core.models import Location
from koers.demo.casework import build_casework
from koers.demo.coaching import build_civic_integration_results, build_trajectories
from koers.demo.contacts import build_contacts
from koers.demo.cooperation import build_cooperation
from koers.demo.groups import build_groups
from koers.demo.housing import build_housing, build_quota
from koers.demo.integration import build_integration
from koers.demo.legal import build_dossiers
from koers.demo.matching import build_matches, build_volunteer_profiles
from koers.demo.region import BRANCHES
from koers.demo.staff import build_newcomer, build_staff
from koers.demo.store import DemoRows
from koers.demo.targets import build_targets
from koers.demo.terms import build_rule_settings
from koers.demo.users import Login, build_users
from koers.demo.world import World

DEFAULT_SEED = 2024


def generate_demo(
    *, seed: int = DEFAULT_SEED, scale: float = 1.0, today: datetime.date | None = None
) -> tuple[dict[str, int], list[Login]]:
    """Generate and save the demo region; the number of rows per model, and the logins made.

    The three demo years end ``today``; a lead-in year before them gives the first
    year running trajectories, open dossiers and a waiting list, as a real branch has.
    ``scale`` shrinks (or grows) every volume, for tests and quick looks.
    """
    today = today or timezone.localdate()
    window_start = datetime.date(today.year - 2, 1, 1)
    rows = DemoRows(seed)
    worlds: dict[str, World] = {}
    for branch in BRANCHES:
        location = rows.record(
            Location,
            "loc",
            external_id=branch.slug,
            name=branch.name,
            municipality=branch.municipality,
            region=branch.region,
            records_health=branch.records_health,
        )
        world = World(
            rows=rows,
            rng=random.Random(f"{seed}-{branch.slug}"),
            clearance_rng=random.Random(f"{seed}-{branch.slug}-clearance"),
            integration_rng=random.Random(f"{seed}-{branch.slug}-wi2021"),
            branch=branch,
            location=location,
            today=today,
            first_day=datetime.date(window_start.year - 1, 1, 1),
            window_start=window_start,
            scale=scale,
        )
        build_staff(world)
        build_housing(world)
        build_dossiers(world)
        build_trajectories(world)
        build_civic_integration_results(world)
        build_casework(world)
        build_volunteer_profiles(world)
        build_matches(world)
        build_groups(world)
        build_contacts(world)
        build_quota(world)
        build_targets(world)
        build_newcomer(world)
        build_integration(world)  # linkings and Wi2021 plans: their own dice, built last
        build_cooperation(world, random.Random(f"{seed}-{branch.slug}-cooperation"))
        worlds[branch.slug] = world
    build_rule_settings(rows, list(worlds.values()))
    logins = build_users(rows, worlds, window_start)
    rows.save()
    return rows.counts(), logins
