"""Which term each rule has at a branch: the branch's own, else its region's, else the default.

One place resolves this, so the command, the worklists, the digest and the rules page
agree. Three queries, however many branches.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from koers.core.models import Location
from koers.deadlines.models import DeadlineRule, OffsetFields, RuleSetting
from koers.deadlines.offsets import Offset


class Level:
    DEFAULT = "default"
    REGION = "region"
    LOCATION = "location"


@dataclass(frozen=True)
class EffectiveRule:
    """A rule as it holds at one branch, and where its term comes from."""

    code: str
    name: str
    offset: Offset
    enabled: bool
    level: str


def _effective(rule: DeadlineRule, source: OffsetFields, level: str) -> EffectiveRule:
    return EffectiveRule(rule.code, rule.name, source.offset, source.enabled, level)


def effective_rules(location_ids: Iterable[int]) -> dict[int, dict[str, EffectiveRule]]:
    """For each branch, each rule's code mapped to the rule as it holds there."""
    regions = dict(Location.objects.filter(pk__in=list(location_ids)).values_list("pk", "region"))
    rules = list(DeadlineRule.objects.all())
    by_region: dict[tuple[int, str], RuleSetting] = {}
    by_location: dict[tuple[int, int], RuleSetting] = {}
    for setting in RuleSetting.objects.filter(location_id__in=regions) | RuleSetting.objects.filter(
        location__isnull=True, region__in={region for region in regions.values() if region}
    ):
        if setting.location_id:
            by_location[setting.rule_id, setting.location_id] = setting
        else:
            by_region[setting.rule_id, setting.region] = setting
    result: dict[int, dict[str, EffectiveRule]] = {}
    for location_id, region in regions.items():
        result[location_id] = {}
        for rule in rules:
            if (own := by_location.get((rule.pk, location_id))) is not None:
                effective = _effective(rule, own, Level.LOCATION)
            elif region and (regional := by_region.get((rule.pk, region))) is not None:
                effective = _effective(rule, regional, Level.REGION)
            else:
                effective = _effective(rule, rule, Level.DEFAULT)
            result[location_id][rule.code] = effective
    return result


def enabled_rule_groups(location_ids: Iterable[int]) -> list[tuple[EffectiveRule, list[int]]]:
    """Enabled rules with the branches where they hold alike: one query per group suffices."""
    groups: dict[tuple[str, Offset], list[int]] = defaultdict(list)
    named: dict[tuple[str, Offset], EffectiveRule] = {}
    for location_id, rules in effective_rules(location_ids).items():
        for rule in rules.values():
            if rule.enabled:
                key = (rule.code, rule.offset)
                groups[key].append(location_id)
                named.setdefault(key, rule)
    return [(named[key], sorted(ids)) for key, ids in sorted(groups.items())]
