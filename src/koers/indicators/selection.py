"""Which indicators a computation needs: all of them, or the keys asked for and what those are
derived from (the parts of a rate, the terms of a backlog, the indicator behind a target).

A caller that shows a few figures (the monthly chart: two keys for twelve months) asks for
those keys, and the engine runs only the queries behind them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from koers.indicators.queries import Derived, Indicator, TargetQuery
from koers.indicators.registry import INDICATORS, match

BY_PATTERN = {indicator.key: indicator for indicator in INDICATORS}


@dataclass(frozen=True)
class Selection:
    """``keys`` and ``patterns``: what is computed (concrete keys; whole indicators by their
    key pattern); ``asked_keys`` and ``asked_patterns``: what is returned. ``everything``:
    every indicator computed, every shown one returned (``keys=None``)."""

    everything: bool = True
    keys: frozenset[str] = frozenset()
    patterns: frozenset[str] = frozenset()
    asked_keys: frozenset[str] = frozenset()
    asked_patterns: frozenset[str] = frozenset()

    @classmethod
    def of(cls, keys: Iterable[str] | None) -> "Selection":
        """Concrete keys (``housing.by_nationality.SYR``) or patterns of the registry
        (``contacts.by_kind.{kind}``: every key of the indicator); ``KeyError`` for a key
        the registry does not know."""
        if keys is None:
            return cls()
        asked = set(keys)
        asked_patterns = frozenset(key for key in asked if key in BY_PATTERN)
        asked_keys = frozenset(asked - asked_patterns)
        patterns, concrete = set(), set()
        todo = list(asked)
        while todo:
            key = todo.pop()
            if key in BY_PATTERN:
                if key not in patterns:
                    patterns.add(key)
                    todo.extend(_inputs(BY_PATTERN[key], None))
                continue
            found = match(key)
            if found is None:
                raise KeyError(key)
            if key not in concrete:
                concrete.add(key)
                todo.extend(_inputs(*found))
        targets = any(isinstance(BY_PATTERN[p].query, TargetQuery) for p in patterns)
        return cls(
            everything=targets,  # every target's actual value: every indicator
            keys=frozenset(concrete),
            patterns=frozenset(patterns),
            asked_keys=asked_keys,
            asked_patterns=asked_patterns,
        )

    def computes(self, indicator: Indicator, key: str | None = None) -> bool:
        """Whether the indicator (or its concrete ``key``) is to be computed; without ``key``,
        whether any of its keys is."""
        if self.everything or indicator.key in self.patterns:
            return True
        if key is not None:
            return key in self.keys
        return any(indicator.regex.match(concrete) for concrete in self.keys)

    def returns(self, indicator: Indicator, key: str) -> bool:
        """Whether a computed key belongs in the result."""
        if self.everything and not (self.asked_keys or self.asked_patterns):
            return indicator.shown
        return indicator.key in self.asked_patterns or key in self.asked_keys

    @property
    def targets(self) -> bool:
        return self.everything or any(key.startswith("targets.") for key in self.keys)


def _inputs(indicator: Indicator, codes: dict[str, str] | None) -> list[str]:
    """The keys a derived key or a target is computed from (patterns when ``codes`` is None)."""
    query = indicator.query
    if isinstance(query, Derived):
        return [pattern.format(**codes) if codes else pattern for pattern in query.inputs]
    if isinstance(query, TargetQuery) and codes:
        return [codes["indicator"]]
    return []
