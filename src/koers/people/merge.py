"""Merging two records of one person: everything of the duplicate moves to the kept record.

The merge is generic: it walks every relation to ``Person`` that Django knows
(``Person._meta.get_fields(include_hidden=True)``: every app's trajectories, contacts,
dossiers, matches, enrolments, attendance, placements, plans, … and the access log), so
a new app's model cannot be forgotten and this module imports no app above ``people``.
Each relation gets one of these rules, decided from the model's own declarations:

- ``move``: the duplicate's rows point to the kept record from now on (a change-log row
  for each record, ``person: [duplicate, kept]``);
- ``move_unless_present``: the relation is part of a unique constraint (one attendance
  row per session and person): a row of the duplicate that would collide with one of
  the kept record is deleted (with its change-log row) — the kept record's row stands,
  as it would have if the duplicate had never been entered — the others move;
- ``one``: a one-to-one (the Wi2021 plan): it moves when the kept record has none; when
  both have one the merge is refused (which of two plans is the true one is a decision
  to make first, on the plans themselves);
- ``refuse``: an anonymised person is never merged (the anonymisation's promise);
- ``keep``: the access log is append-only, so its rows keep the removed record's id and
  are found through the ``MergedRecord`` the merge writes (the client's access log reads
  both).

A relation none of these fits (a many-to-many to people, a relation that protects)
raises :class:`MergeNotPossible` before anything is written, and
``tests/people/test_merge.py`` fails on it, so it gets a rule here first.

Afterwards the duplicate is deleted (not anonymised), with a change-log row holding all of
its values; the kept record gets a change-log row "samengevoegd met" naming the
duplicate, and takes the duplicate's values only where its own are empty (shown in the
preview). The duplicate's household goes when no member is left; what hangs on it (budget
lines) moves to the kept record's household. The change log's rows about the duplicate
are from then on found under the kept record (their ``person_id``), its access log's rows
through ``MergedRecord``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koers.core import writes
from koers.core.actors import Actor
from koers.core.changes import change_entry, write_changes
from koers.core.models import ChangeLogEntry, ChangeLogSubject, Record
from koers.core.scoping import Capability, may
from koers.core.services import (
    ConflictError,
    WriteRefused,
    record_delete,
    record_update,
    require_write,
)
from koers.people.models import Household, MergedRecord, Person

MOVE = "move"
MOVE_UNLESS_PRESENT = "move_unless_present"
ONE = "one"
REFUSE = "refuse"
# The one relation merging may not touch: an anonymised person stays as it is.
REFUSING = {"privacy.Anonymisation"}
# Rows that stay as they are: the access log is append-only (NEN 7513; a trigger on
# PostgreSQL), so its rows keep the removed record's id, found through ``MergedRecord``.
KEEP = "keep"
APPEND_ONLY = {"core.AccessLogEntry"}
# Fields the kept record takes from the duplicate when its own are empty.
FILLED = (
    "v_number",
    "permit_granted_on",
    "civic_integration_required",
    "participation_statement_signed_on",
)


class MergeNotPossible(ValidationError):
    """The two records cannot be merged as they are; nothing was written."""


@dataclass
class Relation:
    """One relation to ``Person`` and the merge's rule for it."""

    model: type[models.Model]
    field: str
    rule: str
    together: tuple[tuple[str, ...], ...] = ()  # unique field sets that hold ``field``

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)


def rule_of(relation) -> Relation:
    """The merge's rule for one reverse relation to ``Person`` (raises if there is none)."""
    model, name = relation.related_model, relation.field.name
    label = model._meta.label
    if relation.many_to_many:
        raise MergeNotPossible(f"{label}.{name}: a many-to-many to people has no merge rule")
    if label in REFUSING:
        return Relation(model, name, REFUSE)
    if label in APPEND_ONLY:
        return Relation(model, name, KEEP)
    if relation.one_to_one:
        return Relation(model, name, ONE)
    together = tuple(
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields
    ) + tuple(tuple(fields) for fields in model._meta.unique_together if name in fields)
    if together:
        return Relation(model, name, MOVE_UNLESS_PRESENT, together)
    if relation.on_delete not in (models.CASCADE, models.DO_NOTHING, models.SET_NULL):
        raise MergeNotPossible(f"{label}.{name}: on_delete {relation.on_delete.__name__}")
    return Relation(model, name, MOVE)


def relations() -> list[Relation]:
    """Every relation to ``Person``, with its rule (the access log's included)."""
    return [
        rule_of(relation)
        for relation in Person._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and relation.is_relation
    ]


@dataclass
class Moving:
    relation: Relation
    moved: int = 0
    dropped: int = 0  # rows of the duplicate that the kept record already has


@dataclass
class MergePlan:
    """What a merge would do: shown on the preview, then done by :func:`person_merge`."""

    kept: Person
    duplicate: Person
    moving: list[Moving] = field(default_factory=list)
    filled: dict[str, object] = field(default_factory=dict)  # kept's empty fields
    problems: list[str] = field(default_factory=list)
    household_goes: bool = False


def _colliding(relation: Relation, kept: Person, duplicate: Person) -> models.QuerySet:
    """Rows of the duplicate that a unique constraint forbids next to the kept's rows."""
    manager = relation.model._default_manager
    ids: set = set()
    for fields in relation.together:
        others = [name for name in fields if name != relation.field]
        theirs = set(manager.filter(**{relation.field: kept}).values_list(*others))
        for row in manager.filter(**{relation.field: duplicate}).values_list("pk", *others):
            if tuple(row[1:]) in theirs:
                ids.add(row[0])
    return manager.filter(pk__in=ids)


def merge_plan(*, kept: Person, duplicate: Person) -> MergePlan:
    plan = MergePlan(kept=kept, duplicate=duplicate)
    if kept.pk == duplicate.pk:
        plan.problems.append(_("Kies twee verschillende dossiers."))
        return plan
    for relation in relations():
        manager = relation.model._default_manager
        mine = manager.filter(**{relation.field: duplicate})
        count = mine.count()
        if relation.rule == KEEP:
            continue
        if relation.rule == REFUSE:
            if count or manager.filter(**{relation.field: kept}).exists():
                plan.problems.append(_("Een geanonimiseerd dossier wordt niet samengevoegd."))
            continue
        if not count:
            continue
        if relation.rule == ONE and manager.filter(**{relation.field: kept}).exists():
            plan.problems.append(
                _(
                    "Beide dossiers hebben een %(what)s. Beslis eerst welke klopt en "
                    "verwijder of corrigeer de andere."
                )
                % {"what": relation.model._meta.verbose_name}
            )
            continue
        dropped = _colliding(relation, kept, duplicate).count() if relation.together else 0
        plan.moving.append(Moving(relation, moved=count - dropped, dropped=dropped))
    plan.filled = {
        name: getattr(duplicate, name)
        for name in FILLED
        if getattr(kept, name) in (None, "") and getattr(duplicate, name) not in (None, "")
    }
    plan.household_goes = (
        duplicate.household_id != kept.household_id
        and not Person.objects.filter(household_id=duplicate.household_id)
        .exclude(pk=duplicate.pk)
        .exists()
    )
    return plan


def may_merge(user: Actor, *people: Person) -> bool:
    return all(may(user, Capability.MERGE_PEOPLE, location=p.location) for p in people)


@transaction.atomic
def person_merge(
    *,
    kept: Person,
    duplicate: Person,
    by: Actor,
    kept_version: int,
    duplicate_version: int,
) -> Person:
    """Move everything of ``duplicate`` to ``kept`` and delete ``duplicate``.

    Both versions must be the ones the team leader saw on the preview (ConflictError
    otherwise); a merge the rules forbid raises :class:`MergeNotPossible`. Nothing is
    written unless everything is.
    """
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if not may_merge(by, kept, duplicate):
        raise WriteRefused("merge")  # answered as "not yours"
    require_write(by, Person, kept.pk, duplicate.pk)
    if kept.version != kept_version:
        raise ConflictError(kept, {})
    if duplicate.version != duplicate_version:
        raise ConflictError(duplicate, {})
    plan = merge_plan(kept=kept, duplicate=duplicate)
    if plan.problems:
        raise MergeNotPossible(plan.problems)
    for moving in plan.moving:
        _move(moving.relation, kept, duplicate, by)
    MergedRecord.objects.create(
        person=kept, merged_id=duplicate.pk, external_id=duplicate.external_id
    )
    household, duplicate_pk = duplicate.household, duplicate.pk
    change_entry(
        kept,
        ChangeLogEntry.Action.UPDATE,
        by=by,
        changes={
            "samengevoegd met": [f"{duplicate.external_id} ({duplicate})", kept.external_id],
        },
    ).save()
    Person.objects.filter(pk=kept.pk).update(version=F("version") + 1)
    record_delete(duplicate, by=by)
    if plan.household_goes:
        _move_household(household, kept.household, by)
        record_delete(household, by=by)
    _move_logs(kept, duplicate_pk)
    kept.refresh_from_db()
    if plan.filled:
        kept = record_update(kept, by=by, expected_version=kept.version, **plan.filled)
    return kept


def _move(relation: Relation, kept: Person, duplicate: Person, by: Actor) -> None:
    if relation.together:
        for row in _colliding(relation, kept, duplicate):
            if isinstance(row, Record):
                record_delete(row, by=by)
            else:
                row.delete()
    _repoint(relation.model, relation.field, duplicate, kept, by)


def _repoint(model: type[models.Model], name: str, old, new, by: Actor) -> None:
    """Rows of ``model`` whose ``name`` is ``old`` point to ``new``: a record gets a new
    version and a change-log row each; other rows (the access log) are only moved."""
    rows = model._default_manager.filter(**{name: old})
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return
    is_record = issubclass(model, Record)
    with writes.changing(model, ids):  # they count where the new record does now
        rows.update(**{name: new, **({"version": F("version") + 1} if is_record else {})})
    if not is_record:
        return
    column = model._meta.get_field(name).attname
    write_changes(
        change_entry(row, ChangeLogEntry.Action.UPDATE, by=by, changes={column: [old.pk, new.pk]})
        for row in model._default_manager.filter(pk__in=ids)
    )


def _move_logs(kept: Person, duplicate_pk: int) -> None:
    """The duplicate's change history is the kept record's from now on (its access log is
    found through ``MergedRecord``: it cannot be changed)."""
    ChangeLogEntry.objects.filter(person_id=duplicate_pk).update(person_id=kept.pk)
    already = ChangeLogSubject.objects.filter(person_id=kept.pk).values("entry_id")
    ChangeLogSubject.objects.filter(person_id=duplicate_pk, entry_id__in=already).delete()
    ChangeLogSubject.objects.filter(person_id=duplicate_pk).update(person_id=kept.pk)


def _move_household(household: Household, into: Household, by: Actor) -> None:
    """What hangs on a household that goes (budget lines) moves to the kept household."""
    for relation in Household._meta.related_objects:
        if relation.related_model is not Person:
            _repoint(relation.related_model, relation.field.name, household, into, by)
