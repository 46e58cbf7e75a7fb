"""Migration deadlines 0004: the old second history (``RuleChange``) moves into the change log.

The ``RuleChange`` table is gone from the schema the tests run on, so its rows are handed
to the migration's function as plain rows; everything it writes and reads besides them is
the real database, and the rule page's history (``rule_history``) reads the result.
"""

import datetime
import importlib
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from koers.core.models import ChangeLogEntry
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.selectors import rule_history
from tests.factories import UserFactory

migration = importlib.import_module("koers.deadlines.migrations.0004_rule_history_in_change_log")


def moment(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2018, 3, day, 10, 0))  # noqa: DTZ001


def term(months: int, enabled: bool = True) -> dict:
    """A term as ``RuleChange`` held it (before terms in weeks, deadlines 0006)."""
    return {"offset_years": 0, "offset_months": months, "offset_days": 0, "enabled": enabled}


def term_now(months: int, enabled: bool = True) -> dict:
    """The same term as the rule page shows it since terms in weeks: 0 weeks."""
    return {**term(months, enabled), "offset_weeks": 0}


class OldRows:
    """The ``RuleChange`` rows as the migration's historical model would give them."""

    def __init__(self, rows):
        self.objects = SimpleNamespace(order_by=lambda *fields: list(rows))


def migrate(rows) -> None:
    old = OldRows(rows)

    class Apps:
        def get_model(self, app_label, name):
            return old if name == "RuleChange" else django_apps.get_model(app_label, name)

    migration.forwards(Apps(), None)


def row(pk, day, *, rule, user=None, region="", location=None, before=None, after=None):
    return SimpleNamespace(
        pk=pk,
        at=moment(day),
        user_id=getattr(user, "pk", None),
        rule_id=rule.pk,
        region=region,
        location_id=getattr(location, "pk", None),
        before=before,
        after=after,
    )


def test_rule_changes_become_change_log_entries_that_the_rule_page_reads(branch, db):
    rule = DeadlineRule.objects.get(code="settling_in_end")
    assert rule.settings_dict() == term_now(6)  # the shipped default
    DeadlineRule.objects.filter(pk=rule.pk).update(offset_months=7)  # as the change left it
    rule.refresh_from_db()
    manager = UserFactory(username="regiomanager")
    setting = RuleSetting.objects.create(rule=rule, location=branch, offset_months=5)
    RuleSetting.objects.create(rule=rule, region=branch.region, offset_months=3, enabled=False)
    setting_type = ContentType.objects.get_for_model(RuleSetting)
    imported = ChangeLogEntry.objects.create(  # an import's own row of the current setting
        at=moment(4),
        source="import",
        content_type=setting_type,
        object_id=setting.pk,
        external_id=setting.external_id,
        action="create",
        changes={},
    )
    migrate(
        [
            row(1, 1, rule=rule, user=manager, before=term(6), after=term(7)),  # the default
            row(2, 2, rule=rule, user=manager, location=branch, after=term(2)),
            row(3, 3, rule=rule, user=manager, location=branch, before=term(2)),  # removed
            row(4, 4, rule=rule, location=branch, after=term(4)),  # set again, by an import
            row(5, 5, rule=rule, user=manager, location=branch, before=term(4), after=term(5)),
            row(6, 6, rule=rule, user=manager, region=branch.region, after=term(3, False)),
        ]
    )
    assert [(h.actor, h.before, h.after) for h in rule_history(rule)] == [
        ("regiomanager", term_now(6), term_now(7))
    ]
    shown = [(h.at.day, h.actor, h.before, h.after) for h in rule_history(rule, location=branch)]
    assert shown == [
        (5, "regiomanager", term_now(4), term_now(5)),
        (4, "import", None, term_now(4)),
        (3, "regiomanager", term_now(2), None),
        (2, "regiomanager", None, term_now(2)),
    ]
    assert [(h.before, h.after) for h in rule_history(rule, region=branch.region)] == [
        (None, term_now(3, False))
    ]
    imported.refresh_from_db()  # kept, not written twice, and now with its values
    assert imported.changes["offset_months"] == [None, 4]
    assert ChangeLogEntry.objects.filter(at=moment(4)).count() == 1
    removed = ChangeLogEntry.objects.filter(action="delete").get()
    assert removed.object_id == -2 and removed.changes["location_id"] == [branch.pk, None]
    assert set(ChangeLogEntry.objects.exclude(pk=imported.pk).values_list("user", "source")) == {
        (manager.pk, "ui")
    }


def test_a_database_without_rule_changes_is_left_alone(db):
    migrate([])
    assert not ChangeLogEntry.objects.exists()
