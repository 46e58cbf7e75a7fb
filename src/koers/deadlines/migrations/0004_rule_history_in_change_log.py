"""Deadline rules keep one history, the change log's: every ``RuleChange`` becomes a
``core.ChangeLogEntry``, then ``RuleChange`` goes.

- A change of the foundation's default is an update of the ``DeadlineRule``.
- A region's or branch's term is a ``RuleSetting``: setting it the first time is a
  create, changing it an update, removing it a delete, each with what the services
  write now (``{field: [before, after]}``). Rows an import wrote already have their
  change-log row (same moment, source ``import``): those are not written twice, and an
  import's empty "created" row gets the values it created.
- A setting removed before this migration has no row left to point at: its entries get
  ``object_id`` = minus the id of its first ``RuleChange``, which no real row has; the
  rules' page finds them through their removal, as it finds any removed setting's.
  (An import's own row of such a setting keeps the id the setting had; the migrated
  copy is the one the page shows.)
"""

from collections import defaultdict

from django.db import migrations

TERM = ("offset_years", "offset_months", "offset_days", "enabled")
CREATE, UPDATE, DELETE = "create", "update", "delete"


def diff(before: dict, after: dict) -> dict:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def lifetimes(changes: list) -> list[list]:
    """A place's changes split at each removal: the successive settings it had."""
    result: list[list] = [[]]
    for change in changes:
        if change.before is None and result[-1]:
            result.append([])
        result[-1].append(change)
        if change.after is None:
            result.append([])
    return [lifetime for lifetime in result if lifetime]


def forwards(apps, schema_editor):
    RuleChange = apps.get_model("deadlines", "RuleChange")
    changes = list(RuleChange.objects.order_by("at", "id"))
    if not changes:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    ChangeLogEntry = apps.get_model("core", "ChangeLogEntry")
    RuleSetting = apps.get_model("deadlines", "RuleSetting")
    rule_type, _ = ContentType.objects.get_or_create(app_label="deadlines", model="deadlinerule")
    setting_type, _ = ContentType.objects.get_or_create(app_label="deadlines", model="rulesetting")
    imported_at = set(
        ChangeLogEntry.objects.filter(content_type=setting_type, source="import").values_list(
            "at", flat=True
        )
    )
    places = defaultdict(list)
    for change in changes:
        places[(change.rule_id, change.region, change.location_id)].append(change)
    entries = []

    def entry(change, *, content_type, object_id, external_id, action, values):
        entries.append(
            ChangeLogEntry(
                at=change.at,
                user_id=change.user_id,
                source="import" if change.at in imported_at else "ui",
                content_type=content_type,
                object_id=object_id,
                external_id=external_id,
                person_id=None,
                action=action,
                changes=values,
            )
        )

    for (rule_id, region, location_id), place_changes in places.items():
        if location_id is None and not region:
            for change in place_changes:
                entry(
                    change,
                    content_type=rule_type,
                    object_id=rule_id,
                    external_id=str(rule_id),
                    action=UPDATE,
                    values=diff(change.before or {}, change.after or {}),
                )
            continue
        identity = {"rule_id": rule_id, "region": region, "location_id": location_id}
        identity = {key: value for key, value in identity.items() if value is not None}
        current = RuleSetting.objects.filter(
            rule_id=rule_id, location_id=location_id, region=region
        ).first()
        spans = lifetimes(place_changes)
        for number, span in enumerate(spans):
            alive = number == len(spans) - 1 and span[-1].after is not None
            if alive and current is not None:
                object_id, external_id = current.pk, current.external_id
            else:
                object_id, external_id = -span[0].pk, f"rulechange-{span[0].pk}"
            for change in span:
                if change.before is None:
                    action = CREATE
                    values = diff({}, {**identity, **(change.after or {})})
                elif change.after is None:
                    action = DELETE
                    values = diff({**identity, **change.before}, {})
                else:
                    action = UPDATE
                    values = diff(change.before, change.after)
                own = ChangeLogEntry.objects.filter(
                    content_type=setting_type, source="import", at=change.at, object_id=object_id
                ).first()
                if own is not None:  # the import's own row: keep it, give it the values
                    if not own.changes:
                        own.changes = values
                        own.save(update_fields=["changes"])
                    continue
                entry(
                    change,
                    content_type=setting_type,
                    object_id=object_id,
                    external_id=external_id,
                    action=action,
                    values=values,
                )
    ChangeLogEntry.objects.bulk_create(entries)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_location_records_health"),
        ("deadlines", "0003_rule_setting_record"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="RuleChange"),
    ]
