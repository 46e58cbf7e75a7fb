"""Performance agreements (prestatieafspraken) with each municipality, per year."""

from decimal import Decimal

from koers.demo.world import World
from koers.indicators.models import Target


def build_targets(world: World) -> None:
    branch = world.branch
    housed = branch.housed_per_year * world.scale
    for year in range(world.window_start.year, world.today.year + 1):
        targets = {
            "housing.persons_housed": housed,
            "trajectories.settling_in.started": housed * 0.55,
            "participation_statement.signed": housed * 0.4,
            "matches.language_coaching.started": branch.language_coaching_per_year * world.scale,
        }
        if branch.wegwijs_per_year:
            targets["matches.wegwijs.started"] = branch.wegwijs_per_year * world.scale
        if "language_centre" in branch.programs:
            groups = world.scaled(branch.language_centre_groups)
            targets["groups.language_centre.sessions"] = groups * 40
        if "computer_class" in branch.programs:
            targets["groups.computer_class.sessions"] = 40
        for indicator, number in targets.items():
            world.rows.record(
                Target,
                "ta",
                location=world.location,
                year=year,
                indicator=indicator,
                target=Decimal(max(1, round(number))),
            )
