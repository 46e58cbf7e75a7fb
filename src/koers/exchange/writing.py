"""Applying a checked :class:`~koers.exchange.validation.Plan`: bulk upserts and their change log.

Rows whose external id is new are created, stored rows whose values differ are updated
(version + 1), equal rows are left alone, so importing a bundle twice writes nothing the
second time. Multi-valued columns replace their relation's rows when the set differs.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from koers.core.changes import change_entry, diff, snapshot, write_changes
from koers.core.models import ChangeLogEntry
from koers.exchange import codecs
from koers.exchange.checks import Row
from koers.exchange.files import FILES, Column, FileSpec
from koers.exchange.validation import Plan, chunks
from koers.people.models import Person
from koers.people.search import refresh_name_keys

BATCH = 1000
SOURCE = "import"
Progress = Callable[[str, int, int], None]


@dataclass
class FileCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


class SetRelation:
    """The rows behind a multi-valued column: child rows (staff roles) or a many-to-many.

    A child row may hold several fields per value (a ZRM score: ``item`` is a tuple of
    field names and each value a tuple of theirs).
    """

    def __init__(self, model: type[models.Model], column: Column, pks: dict):
        relation = model._meta.get_field(column.relation)
        self.pks = pks
        if relation.many_to_many:
            self.child = relation.remote_field.through
            self.parent = f"{relation.m2m_field_name()}_id"
            target = relation.m2m_reverse_field_name()
            self.value = f"{target}__external_id"
            self.target_model = relation.related_model
            self.target = f"{target}_id"
        else:
            self.child = relation.related_model
            self.parent = relation.field.attname
            self.value = column.item
            self.target_model = None
            self.target = column.item
        self.items = self.value if isinstance(self.value, tuple) else (self.value,)

    def current(self, parent_pks: list[int]) -> dict[int, tuple]:
        found: dict[int, list] = defaultdict(list)
        for part in chunks(parent_pks):
            for parent, *value in (
                self.child.objects.filter(**{f"{self.parent}__in": part})
                .order_by("pk")
                .values_list(self.parent, *self.items)
            ):
                found[parent].append(tuple(value) if len(value) > 1 else value[0])
        return {parent: tuple(values) for parent, values in found.items()}

    def children(self, parent_pk: int, values: tuple) -> list[models.Model]:
        if self.target_model is not None:
            values = tuple(self.pks[self.target_model][value] for value in values)
        if len(self.items) > 1:  # each value is a tuple filling several fields (domain, score)
            return [
                self.child(**{self.parent: parent_pk}, **dict(zip(self.items, value, strict=True)))
                for value in values
            ]
        return [self.child(**{self.parent: parent_pk, self.target: value}) for value in values]

    def replace(self, sets: dict[int, tuple], *, new_parents: bool = False) -> None:
        if not new_parents:
            for part in chunks(list(sets)):
                self.child.objects.filter(**{f"{self.parent}__in": part}).delete()
        self.child.objects.bulk_create(
            [child for pk, values in sets.items() for child in self.children(pk, values)],
            batch_size=BATCH,
        )


class Writer:
    def __init__(self, plan: Plan, *, by, dry_run: bool, progress: Progress | None):
        self.plan = plan
        self.by = by
        self.dry_run = dry_run
        self.progress = progress
        self.pks: dict[type[models.Model], dict[str, int]] = defaultdict(dict)
        for model, views in plan.stored.items():
            self.pks[model].update({ident: view["_pk"] for ident, view in views.items()})

    def write(self) -> dict[str, FileCounts]:
        counts = {
            spec.name: self._write_file(spec, self.plan.rows[spec.name])
            for spec in FILES
            if self.plan.rows.get(spec.name)
        }
        if not self.dry_run:
            self._refresh_search_keys()
        return counts

    def _refresh_search_keys(self) -> None:
        """People written by the bundle get the name key that spelling-tolerant search uses."""
        pks = [self.pks[Person][row.id] for row in self.plan.rows.get("people.csv", ())]
        for part in chunks(pks, BATCH):
            refresh_name_keys(Person.objects.filter(pk__in=part))

    def _attributes(self, spec: FileSpec, values: dict) -> dict:
        """Model attributes from row values: references become primary keys."""
        attributes = {}
        for column in spec.columns:
            for name in column.fields:
                if name not in values:
                    continue
                model_field = spec.model._meta.get_field(name)
                value = values[name]
                if f"_{model_field.attname}" in values:  # a stored record: its own keys
                    attributes[model_field.attname] = values[f"_{model_field.attname}"]
                elif model_field.is_relation:
                    target = self.pks[model_field.related_model]
                    attributes[model_field.attname] = target[value] if value else None
                else:
                    attributes[name] = value
        return attributes

    def _write_file(self, spec: FileSpec, rows: list[Row]) -> FileCounts:
        counts = FileCounts()
        model = spec.model
        stored = self.plan.stored[model]
        fields = [name for column in spec.columns for name in column.fields]
        relations = {
            column.name: SetRelation(model, column, self.pks)
            for column in spec.columns
            if column.relation
        }
        stored_rows = [row for row in rows if row.id in stored]
        current = {
            name: relation.current([stored[row.id]["_pk"] for row in stored_rows])
            for name, relation in relations.items()
        }
        created, updated = [], []
        for row in rows:
            if row.id not in stored:
                created.append(row)
                continue
            view = stored[row.id]
            changed = [name for name in fields if row.values[name] != view[name]]
            sets = [
                name
                for name in relations
                if name in row.values
                and set(row.values[name]) != set(current[name].get(view["_pk"], ()))
            ]
            if changed or sets:
                updated.append((row, changed, sets))
        counts.created, counts.updated = len(created), len(updated)
        counts.unchanged = len(rows) - len(created) - len(updated)
        if not self.dry_run:
            entries = self._create(spec, created, relations)
            entries += self._update(spec, updated, relations, current)
            self._log(spec, entries)
        return counts

    def _create(self, spec: FileSpec, rows: list[Row], relations: dict) -> list:
        model = spec.model
        later = self_references(spec)  # may point to a row created in a later batch
        created = []
        for number, part in enumerate(chunks(rows, BATCH), start=1):
            objects = [
                model(**self._attributes(spec, {**row.values, **dict.fromkeys(later)}))
                for row in part
            ]
            model.objects.bulk_create(objects, batch_size=BATCH)
            for row, instance in zip(part, objects, strict=True):
                self.pks[model][row.id] = instance.pk
                created.append((row, instance))
            for name, relation in relations.items():
                relation.replace(
                    {
                        instance.pk: row.values[name]
                        for row, instance in zip(part, objects, strict=True)
                        if row.values.get(name)
                    },
                    new_parents=True,
                )
            if self.progress:
                self.progress(spec.name, min(number * BATCH, len(rows)), len(rows))
        self._link(spec, later, created)
        entries = []
        for row, instance in created:
            changes = diff({}, snapshot(instance))
            for name in relations:
                if row.values.get(name):
                    changes[name] = [None, list(row.values[name])]
            entries.append((instance, ChangeLogEntry.Action.CREATE, changes))
        return entries

    def _link(self, spec: FileSpec, later: list[str], created: list) -> None:
        """Fill the references to the file's own records once all of them exist."""
        if not later:
            return
        model, linked = spec.model, []
        for row, instance in created:
            targets = {name: row.values.get(name) for name in later if row.values.get(name)}
            for name, target in targets.items():
                setattr(instance, model._meta.get_field(name).attname, self.pks[model][target])
            if targets:
                linked.append(instance)
        attnames = [model._meta.get_field(name).attname for name in later]
        model.objects.bulk_update(linked, attnames, batch_size=BATCH)

    def _update(self, spec: FileSpec, updated: list, relations: dict, current: dict) -> list:
        model = spec.model
        stored = self.plan.stored[model]
        now = timezone.now()
        entries, objects, names = [], [], {"version", "updated_at"}
        replaced: dict[str, dict[int, tuple]] = {name: {} for name in relations}
        for row, changed, sets in updated:
            view = stored[row.id]
            before = model(pk=view["_pk"], **self._attributes(spec, view))
            after = model(pk=view["_pk"], **self._attributes(spec, row.values))
            after.version = view["_version"] + 1
            after.updated_at = now
            changes = diff(snapshot(before), snapshot(after))
            for name in sets:
                old = current[name].get(view["_pk"], ())
                changes[name] = [list(old), list(row.values[name])]
                replaced[name][view["_pk"]] = row.values[name]
            names.update(model._meta.get_field(name).attname for name in changed)
            objects.append(after)
            entries.append((after, ChangeLogEntry.Action.UPDATE, changes))
        model.objects.bulk_update(objects, sorted(names), batch_size=BATCH)
        for name, relation in relations.items():
            relation.replace(replaced[name])
        return entries

    def _log(self, spec: FileSpec, entries: list) -> None:
        content_type = ContentType.objects.get_for_model(spec.model)
        prime_person_path(spec.model, [instance for instance, _action, _changes in entries])
        write_changes(
            change_entry(
                instance,
                action,
                by=self.by,
                source=SOURCE,
                changes=changes,
                content_type=content_type,
            )
            for instance, action, changes in entries
        )


def self_references(spec: FileSpec) -> list[str]:
    """Fields of the file referring to records of the same file (a match's previous match)."""
    return [
        column.field
        for column in spec.columns
        if isinstance(column.codec, codecs.Reference) and column.codec.target is spec.model
    ]


def prime_person_path(model: type[models.Model], instances: list[models.Model]) -> None:
    """Load, in one query per batch, the record a one-hop person path passes through.

    ``change_entry`` finds a record's client along its scope's person path
    (``dossier__person``); priming the hop avoids a query per logged row.
    """
    path = getattr(getattr(model, "scope", None), "person", None) or ""
    hops = path.split("__")
    if len(hops) != 2 or getattr(model.scope, "person_many", False):
        return
    hop, last = hops
    related = model._meta.get_field(hop).related_model
    attname = related._meta.get_field(last).attname
    hop_attname = model._meta.get_field(hop).attname
    ids = sorted({getattr(instance, hop_attname) for instance in instances})
    people: dict[int, int] = {}
    for part in chunks(ids):
        people.update(related.objects.filter(pk__in=part).values_list("pk", attname))
    for instance in instances:
        pk = getattr(instance, hop_attname)
        setattr(instance, hop, related(pk=pk, **{attname: people.get(pk)}))
