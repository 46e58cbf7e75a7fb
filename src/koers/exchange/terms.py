"""A branch's deadline terms written by an import also enter the deadlines app's history.

The terms' page shows ``deadlines.RuleChange`` rows (who changed which term, from what
to what); an import that creates or changes a branch's term adds them like an edit.
"""

from koers.core.models import ChangeLogEntry
from koers.deadlines.models import RuleChange

TERM = ("offset_years", "offset_months", "offset_days", "enabled")


def record_term_changes(written: list, *, by, at) -> None:
    """One ``RuleChange`` per written term whose offset or switch is new or changed."""
    user = by if getattr(by, "pk", None) else None
    changes = []
    for _pk, _id, attributes, action, changed in written:
        after = {name: attributes[name] for name in TERM}
        before = None
        if action != ChangeLogEntry.Action.CREATE:
            before = {**after, **{name: changed[name][0] for name in TERM if name in changed}}
            if before == after:  # only its rule or branch moved: no change of a term
                continue
        changes.append(
            RuleChange(
                at=at,
                user=user,
                rule_id=attributes["rule_id"],
                location_id=attributes["location_id"],
                before=before,
                after=after,
            )
        )
    RuleChange.objects.bulk_create(changes)
