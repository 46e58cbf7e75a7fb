"""Branch terms: where a branch coaches for other periods than the foundation's defaults
(Dordrecht settles in for 3 months and integrates for 12), its deadline rules say so too,
so that its worklists match its trajectories."""

from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.demo.store import DemoRows
from koers.demo.world import World

DEFAULT_MONTHS = {"settling_in_end": 6, "integration_end": 18}


def build_rule_settings(rows: DemoRows, worlds: list[World]) -> None:
    """Branch settings for the rules the defaults do not fit (none if the rules are absent)."""
    rules = {rule.code: rule for rule in DeadlineRule.objects.filter(code__in=DEFAULT_MONTHS)}
    for world in worlds:
        months = {
            "settling_in_end": world.branch.settling_in_months,
            "integration_end": world.branch.integration_months,
        }
        for code, rule in sorted(rules.items()):
            if months[code] != DEFAULT_MONTHS[code]:
                rows.record(
                    RuleSetting,
                    "rs",
                    rule=rule,
                    location=world.location,
                    offset_months=months[code],
                )
