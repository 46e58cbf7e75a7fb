"""Applying a checked :class:`~koers.exchange.validation.Plan`: bulk upserts and their change log.

Rows whose external id is new are created, stored rows whose values differ are updated
(version + 1), equal rows are left alone, so importing a bundle twice writes nothing the
second time. Multi-valued columns replace their relation's rows when the set differs.
Every created or updated record gets a change-log row (who, when, what: ``[before,
after]`` of each changed field; a created record's values only where its file asks,
``FileSpec.log_created``), all rows of one import sharing its moment. The rows go to
the database through :mod:`koers.exchange.bulk`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from koers.core import writes
from koers.core.actors import Actor, user_of
from koers.core.changes import UNTRACKED, plain
from koers.core.models import ChangeLogEntry, ChangeLogSubject
from koers.exchange import bulk
from koers.exchange.checks import Row
from koers.exchange.files import FILES, Column, FileSpec
from koers.exchange.models import SOURCE
from koers.exchange.validation import Plan, chunks

BATCH = 5000  # rows per statement, and per progress report
RECORD_FIELDS = ("id", "external_id", "uid", "version", "created_at", "updated_at")
Progress = Callable[[str, int, int], None]
# A record written: (pk, external id, attributes by attname, action, changes).
Written = tuple[int, str, dict, str, dict]


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
        targets = self.items if isinstance(self.value, tuple) else (self.target,)
        self.fields = [self.child._meta.get_field(name) for name in (self.parent, *targets)]

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

    def insert(self, sets: dict[int, tuple]) -> None:
        """Write the child rows of parents that have none yet."""
        if self.target_model is not None:
            targets = self.pks[self.target_model]
            rows = [(pk, targets[value]) for pk, values in sets.items() for value in values]
        elif len(self.items) > 1:  # each value is a tuple filling several fields (domain, score)
            rows = [(pk, *value) for pk, values in sets.items() for value in values]
        else:
            rows = [(pk, value) for pk, values in sets.items() for value in values]
        bulk.insert(self.child, self.fields, rows)

    def replace(self, sets: dict[int, tuple]) -> None:
        for part in chunks(list(sets)):
            self.child.objects.filter(**{f"{self.parent}__in": part}).delete()
        self.insert(sets)


class Shape:
    """How a file's row values become a record's attributes and its database row.

    ``attributes``: attname -> Python value (references as primary keys) for every
    field the file fills; ``defaults``: what the other tracked fields get on create;
    ``computed``: fields computed from the values (``Person.name_key``), kept out of
    the change log.
    """

    def __init__(self, spec: FileSpec, pks: dict):
        meta = spec.model._meta
        self.fields = [
            meta.get_field(name)
            for column in spec.columns
            for name in column.fields
            if name not in RECORD_FIELDS  # the external id comes first, with the record's own
        ]
        self.values = [(f.attname, f.name) for f in self.fields if not f.is_relation]
        self.references = [
            (f.attname, f.name, pks[f.related_model]) for f in self.fields if f.is_relation
        ]
        given = {f.name for f in self.fields} | set(RECORD_FIELDS) | dict(spec.computed).keys()
        self.defaults = {
            f.attname: f.get_default()
            for f in meta.concrete_fields
            if f.name not in given and f.name not in UNTRACKED
        }
        self.computed = [(meta.get_field(name), compute) for name, compute in spec.computed]
        filled = [meta.get_field(attname) for attname in self.attnames]
        filled += [field for field, _compute in self.computed]
        self.conversions = [
            (index, convert)
            for index, convert in enumerate(bulk.converter(field) for field in filled)
            if convert is not None
        ]
        defaults = [meta.get_field(attname) for attname in self.defaults]
        self.default_cells = tuple(
            bulk.prepared(field, value)
            for field, value in zip(defaults, self.defaults.values(), strict=True)
        )
        self.insert_fields = [meta.get_field(name) for name in RECORD_FIELDS] + filled + defaults
        self.needs_plain = {
            f.attname for f in meta.concrete_fields if f.get_internal_type() not in bulk.AS_IS
        }

    @property
    def attnames(self) -> list[str]:
        return [attname for attname, _name in self.values] + [
            attname for attname, _name, _pks in self.references
        ]

    def attributes(self, values: dict) -> dict:
        attributes = {attname: values[name] for attname, name in self.values}
        for attname, name, pks in self.references:
            ident = values[name]
            attributes[attname] = pks[ident] if ident else None
        return attributes

    def stored_attributes(self, view: dict) -> dict:
        """A stored record's attributes, from what the plan read (references as keys)."""
        attributes = {attname: view[name] for attname, name in self.values}
        attributes.update((attname, view[f"_{attname}"]) for attname, _n, _p in self.references)
        return attributes

    def row(self, head: tuple, attributes: dict, values: dict) -> tuple:
        """The database row: ``head`` (the record's own fields), then the filled fields."""
        cells = [*attributes.values(), *(compute(values) for _field, compute in self.computed)]
        for index, convert in self.conversions:
            if cells[index] is not None:
                cells[index] = convert(cells[index])
        return (*head, *cells, *self.default_cells)

    def created(self, attributes: dict) -> dict:
        """A created record's values as the change log keeps them: ``[None, value]``."""
        values = self.logged(
            {name: value for name, value in attributes.items() if value is not None}
        )
        return {attname: [None, value] for attname, value in sorted(values.items())}

    def logged(self, value_by_attname: dict) -> dict:
        """JSON-safe values, as the change log keeps them."""
        needs = self.needs_plain
        return {
            attname: plain(value) if attname in needs else value
            for attname, value in value_by_attname.items()
        }


class Writer:
    """Writes a plan file by file, in dependency order, and counts what it did."""

    def __init__(self, plan: Plan, *, by: Actor, dry_run: bool, progress: Progress | None):
        self.plan = plan
        self.by = by
        self.dry_run = dry_run
        self.progress = progress
        self.at = timezone.now()
        self.pks: dict[type[models.Model], dict[str, int]] = defaultdict(dict)
        for model, views in plan.stored.items():
            self.pks[model].update({ident: view["_pk"] for ident, view in views.items()})
        self.clients: dict[type[models.Model], dict[int, int | None]] = defaultdict(dict)
        self.shared_entries: dict[type[models.Model], list[tuple[int, int]]] = defaultdict(list)

    def write(self) -> dict[str, FileCounts]:
        with bulk.import_tuning():
            counts = {
                spec.name: self._write_file(spec, self.plan.rows[spec.name])
                for spec in FILES
                if self.plan.rows.get(spec.name) and not spec.listed
            }
            self._write_subjects()
        return counts

    def _write_subjects(self) -> None:
        """The clients of each change-log row of a record about several (a household, a
        dwelling, a budget line), now that the import wrote the records that link them."""
        for model, entries in self.shared_entries.items():
            path = model.scope.person
            rows = []
            for part in chunks(entries):
                people = defaultdict(set)
                for pk, person in model._default_manager.filter(
                    pk__in=[pk for _entry, pk in part]
                ).values_list("pk", path):
                    if person is not None:
                        people[pk].add(person)
                rows += [(entry, person) for entry, pk in part for person in sorted(people[pk])]
            meta = ChangeLogSubject._meta
            bulk.insert(
                ChangeLogSubject, [meta.get_field("entry"), meta.get_field("person_id")], rows
            )

    def _write_file(self, spec: FileSpec, rows: list[Row]) -> FileCounts:
        counts = FileCounts()
        stored = self.plan.stored[spec.model]
        fields = [name for column in spec.columns for name in column.fields]
        relations = {
            column.name: SetRelation(spec.model, column, self.pks)
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
            shape = Shape(spec, self.pks)
            written = self._create(spec, shape, created, relations)
            written += self._update(spec, shape, updated, relations, current)
            self._log(spec, written)
        return counts

    def _create(self, spec: FileSpec, shape: Shape, rows: list[Row], relations: dict) -> list:
        model = spec.model
        own = self.pks[model]
        pks = bulk.reserve_ids(model, len(rows))
        for row, pk in zip(rows, pks, strict=True):  # first, so rows may refer to each other
            own[row.id] = pk
        uids = bulk.new_uids(len(rows))
        now = bulk.prepared(model._meta.get_field("created_at"), self.at)
        written = []
        for start in range(0, len(rows), BATCH):
            part = rows[start : start + BATCH]
            records = []
            for index, row in enumerate(part, start=start):
                attributes = shape.attributes(row.values)
                head = (pks[index], row.id, uids[index], 1, now, now)
                records.append(shape.row(head, attributes, row.values))
                logged = shape.created(attributes) if spec.log_created else {}
                written.append(
                    (pks[index], row.id, attributes, ChangeLogEntry.Action.CREATE, logged)
                )
            bulk.insert(model, shape.insert_fields, records)
            for name, relation in relations.items():
                relation.insert(
                    {own[row.id]: row.values[name] for row in part if row.values.get(name)}
                )
            writes.created(model, pks[start : start + len(part)])  # its sets count where it does
            if self.progress:
                self.progress(spec.name, start + len(part), len(rows))
        return written

    def _update(
        self, spec: FileSpec, shape: Shape, updated: list, relations: dict, current: dict
    ) -> list:
        model = spec.model
        stored = self.plan.stored[model]
        now = bulk.prepared(model._meta.get_field("updated_at"), self.at)
        changed_fields = {
            model._meta.get_field(name) for _row, changed, _sets in updated for name in changed
        }
        if changed_fields and shape.computed:
            changed_fields.update(field for field, _compute in shape.computed)
        fields = sorted(changed_fields, key=lambda field: field.attname)
        written, records = [], []
        replaced: dict[str, dict[int, tuple]] = {name: {} for name in relations}
        for row, changed, sets in updated:
            view = stored[row.id]
            pk = view["_pk"]
            before = shape.stored_attributes(view)
            after = shape.attributes(row.values)
            derived = {field.attname: compute(row.values) for field, compute in shape.computed}
            names = {model._meta.get_field(name).attname for name in changed}
            old = shape.logged({attname: before[attname] for attname in names})
            new = shape.logged({attname: after[attname] for attname in names})
            changes = {attname: [old[attname], new[attname]] for attname in sorted(names)}
            for name in sets:
                changes[name] = [list(current[name].get(pk, ())), list(row.values[name])]
                replaced[name][pk] = row.values[name]
            values = {**after, **derived}
            records.append(
                (
                    *(bulk.prepared(field, values[field.attname]) for field in fields),
                    view["_version"] + 1,
                    now,
                    pk,
                    view["_version"],
                )
            )
            written.append((pk, row.id, after, ChangeLogEntry.Action.UPDATE, changes))
        with writes.changing(model, [stored[row.id]["_pk"] for row, _changed, _sets in updated]):
            bulk.update(
                model,
                [*fields, model._meta.get_field("version"), model._meta.get_field("updated_at")],
                records,
            )
            for name, relation in relations.items():
                if replaced[name]:
                    relation.replace(replaced[name])
        return written

    def _log(self, spec: FileSpec, written: list[Written]) -> None:
        if not written:
            return
        meta = ChangeLogEntry._meta
        fields = [
            meta.get_field(name)
            for name in (
                "at",
                "user",
                "source",
                "content_type",
                "object_id",
                "external_id",
                "person_id",
                "action",
                "changes",
            )
        ]
        at = bulk.prepared(meta.get_field("at"), self.at)
        user = getattr(user_of(self.by), "pk", None)
        content_type = ContentType.objects.get_for_model(spec.model).pk
        as_json = bulk.converter(meta.get_field("changes"))
        created = as_json({})  # a created record's row: who and when, its values are its own
        clients = self._clients(spec.model, written)
        shared = getattr(getattr(spec.model, "scope", None), "person_many", False)
        ids = bulk.reserve_ids(ChangeLogEntry, len(written)) if shared else [None] * len(written)
        if shared:  # its clients are recorded once every file is written (write_subjects)
            fields.insert(0, meta.pk)
            self.shared_entries[spec.model] += [
                (entry_id, pk) for entry_id, (pk, *_rest) in zip(ids, written, strict=True)
            ]
        bulk.insert(
            ChangeLogEntry,
            fields,
            [
                (
                    *((entry_id,) if shared else ()),
                    at,
                    user,
                    SOURCE,
                    content_type,
                    pk,
                    external_id,
                    client,
                    action,
                    as_json(logged) if logged else created,
                )
                for (pk, external_id, _attributes, action, logged), client, entry_id in zip(
                    written, clients, ids, strict=True
                )
            ],
        )

    def _clients(self, model: type[models.Model], written: list[Written]) -> list[int | None]:
        """The client each written record is about: its scope's person path, at most one hop.

        The hop's clients come from the records this import wrote, else from one query
        per chunk of the stored ones.
        """
        scope = getattr(model, "scope", None)
        path = getattr(scope, "person", None) or ""
        hops = path.split("__")
        if not path or scope.person_many or len(hops) > 2:
            return [None] * len(written)
        if path == "pk":
            return [pk for pk, *_rest in written]
        field = model._meta.get_field(hops[0])
        if len(hops) == 1:
            found = [attributes.get(field.attname) for _pk, _id, attributes, *_ in written]
            self.clients[model].update(
                (pk, client) for (pk, *_rest), client in zip(written, found, strict=True)
            )
            return found
        related = field.related_model
        known = self.clients[related]
        hop_pks = {attributes[field.attname] for _pk, _id, attributes, *_ in written}
        missing = sorted(hop_pks - known.keys() - {None})
        attname = related._meta.get_field(hops[1]).attname
        for part in chunks(missing):
            known.update(related.objects.filter(pk__in=part).values_list("pk", attname))
        return [known.get(attributes[field.attname]) for _pk, _id, attributes, *_ in written]
