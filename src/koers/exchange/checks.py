"""Rules that look at more than one cell: a row's dates, or records of other files.

A check is called with the rows of its file and the import's :class:`Lookup`; it yields
``(row, column, message)`` for every row that breaks it. Rows hold *merged* values: the
bundle's cells over what the database already has for that external id, references as
external ids.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db import models

from koers.core import dates


@dataclass(slots=True)
class Row:
    """One record of a bundle file: where it starts, its id and its values."""

    line: int
    id: str
    values: dict = field(default_factory=dict)
    errors: set[str] = field(default_factory=set)  # columns with a problem already reported


class Lookup(Protocol):
    def readable(self, model: type[models.Model]) -> bool: ...

    def rows_of(self, model: type[models.Model]) -> list[Row]: ...

    def views(self, model: type[models.Model], ids: Iterable[str]) -> dict[str, dict]: ...

    def stored_where(
        self, model: type[models.Model], field: str, ids: Iterable[str]
    ) -> list[dict]: ...


Problem = tuple[Row, str, str]


@dataclass(frozen=True)
class EndNotBeforeStart:
    start: str
    end: str

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        for row in rows:
            start, end = row.values.get(self.start), row.values.get(self.end)
            if start and end and end < start:
                yield row, self.end, f"{end} is before {self.start} {start}"


@dataclass(frozen=True)
class RequiredWhen:
    """``field`` must have a value when ``when`` has one (a closed dossier has an outcome)."""

    field: str
    when: str

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        for row in rows:
            if row.values.get(self.when) and not row.values.get(self.field):
                yield row, self.field, f"required when {self.when} is given"


@dataclass(frozen=True)
class SameLocation:
    """The records two references point to belong to the same location."""

    model: type[models.Model]
    first: str
    second: str

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        first = self.model._meta.get_field(self.first).related_model
        second = self.model._meta.get_field(self.second).related_model
        firsts = lookup.views(first, {row.values.get(self.first) for row in rows})
        seconds = lookup.views(second, {row.values.get(self.second) for row in rows})
        for row in rows:
            a = firsts.get(row.values.get(self.first))
            b = seconds.get(row.values.get(self.second))
            if a and b and a["location"] != b["location"]:
                yield (
                    row,
                    f"{self.second}_id",
                    f"{self.second} {row.values[self.second]} is at location {b['location']}, "
                    f"{self.first} {row.values[self.first]} at {a['location']}",
                )


@dataclass(frozen=True)
class SameOwner:
    """The record a reference points to has the row's own value of ``owner`` (its client,
    its location): ``{reference} {id} {relation} {theirs}, not {ours}``."""

    model: type[models.Model]
    reference: str
    owner: str = "person"
    relation: str = "is of person"

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        target = self.model._meta.get_field(self.reference).related_model
        found = lookup.views(target, {row.values.get(self.reference) for row in rows})
        for row in rows:
            other = found.get(row.values.get(self.reference))
            if other and other[self.owner] != row.values.get(self.owner):
                yield (
                    row,
                    f"{self.reference}_id",
                    f"{self.reference} {row.values[self.reference]} {self.relation} "
                    f"{other[self.owner]}, not {row.values.get(self.owner)}",
                )


@dataclass(frozen=True)
class EnrolledAtSession:
    """Attendance is of a person enrolled in the session's group on the session's date."""

    session_model: type[models.Model]
    group_model: type[models.Model]
    enrolment_model: type[models.Model]

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        if not lookup.readable(self.enrolment_model):  # its header's problem is reported
            return
        sessions = lookup.views(self.session_model, {row.values.get("session") for row in rows})
        group_ids = {session["group"] for session in sessions.values()}
        groups = lookup.views(self.group_model, group_ids)
        spans: dict[tuple[str, str], list] = defaultdict(list)
        enrolments = [row.values for row in lookup.rows_of(self.enrolment_model) if not row.errors]
        enrolments += lookup.stored_where(self.enrolment_model, "group", group_ids)
        for enrolment in enrolments:
            spans[enrolment["group"], enrolment["person"]].append(
                (enrolment["enrolled_on"], enrolment["left_on"])
            )
        for row in rows:
            session = sessions.get(row.values.get("session"))
            if session is None or session["group"] not in groups or "person_id" in row.errors:
                continue
            day: datetime.date = session["date"]
            group_end = groups[session["group"]]["ended_on"]
            enrolled = (group_end is None or group_end >= day) and any(
                start <= day and (left is None or left >= day)
                for start, left in spans[session["group"], row.values["person"]]
            )
            if not enrolled:
                yield (
                    row,
                    "person_id",
                    f"{row.values['person']} is not enrolled in group {session['group']} "
                    f"on {day} (session {row.values['session']})",
                )


@dataclass(frozen=True)
class RecordRules:
    """Rules a model declares about one record's own values, as located problems.

    Each rule has ``field`` (its column), ``reads`` (a rule whose columns had a problem
    already is skipped), ``broken(values)`` and ``english(values)`` (the message); see
    :mod:`koers.integration.rules`.
    """

    rules: tuple

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        for row in rows:
            for rule in self.rules:
                if row.errors.isdisjoint(rule.reads) and rule.broken(row.values):
                    yield row, rule.field, rule.english(row.values)


# Cooperation (cooperation.md) ------------------------------------------------------------


@dataclass(frozen=True)
class OnlyFor:
    """``field`` may have a value only when ``when`` is one of ``values`` (an activity's
    audience: information sessions and public events only)."""

    field: str
    column: str
    when: str
    values: tuple[str, ...]

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        allowed = " or ".join(self.values)
        for row in rows:
            value, when = row.values.get(self.field), row.values.get(self.when)
            if value not in (None, "") and when is not None and when not in self.values:
                yield (
                    row,
                    self.column,
                    f"only for {self.when} {allowed}, not {when}: leave it empty",
                )


def _relation(model: type[models.Model], relation: str) -> tuple[type[models.Model], str, str]:
    """A many-to-many's link model and the names of its two sides."""
    field = model._meta.get_field(relation)
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def _linked(model: type[models.Model], relation: str, side: str, ids: list[str]) -> list[tuple]:
    """(record, linked record, linked record's location) external ids, from the database,
    for the records ``ids`` on ``side`` (``"own"``: the model's, else the linked ones')."""
    through, own, other = _relation(model, relation)
    key = own if side == "own" else other
    found = []
    for start in range(0, len(ids), 5000):
        found += through.objects.filter(
            **{f"{key}__external_id__in": ids[start : start + 5000]}
        ).values_list(
            f"{own}__external_id", f"{other}__external_id", f"{own}__location__external_id"
        )
    return found


@dataclass(frozen=True)
class AtRowLocation:
    """The records a multi-valued reference names belong to the row's own location (an
    activity's partners and staff). A row that leaves the column out keeps its stored set,
    which must then suit the row's location."""

    model: type[models.Model]
    column: str
    relation: str
    noun: str

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        target = self.model._meta.get_field(self.relation).related_model
        kept = [row.id for row in rows if self.column not in row.values and row.id]
        stored: dict[str, list[str]] = defaultdict(list)
        for own, other, _location in (
            _linked(self.model, self.relation, "own", kept) if kept else ()
        ):
            stored[own].append(other)
        sets = {row.id: row.values.get(self.column, stored.get(row.id, ())) for row in rows}
        found = lookup.views(target, {ident for idents in sets.values() for ident in idents})
        for row in rows:
            location = row.values.get("location")
            if location is None or self.column in row.errors:
                continue
            column = self.column if self.column in row.values else "location_id"
            for ident in sets[row.id]:
                other = found.get(ident)
                if other and other["location"] != location:
                    yield (
                        row,
                        column,
                        f"{self.noun} {ident} is at location {other['location']}, not {location}",
                    )


@dataclass(frozen=True)
class NamedAtItsLocation:
    """A record (a partner, a staff member) stays at the location of the stored records
    that name it in a multi-valued reference (activities not in the bundle; those in the
    bundle are checked from their own side by :class:`AtRowLocation`)."""

    model: type[models.Model]
    relation: str
    noun: str

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        through, _own, _other = _relation(self.model, self.relation)
        ids = [row.id for row in rows if row.id]
        if not ids or not through.objects.exists():
            return
        by_id = {row.id: row for row in rows}
        in_bundle = {row.id for row in lookup.rows_of(self.model)}
        for own, other, location in _linked(self.model, self.relation, "other", ids):
            row = by_id[other]
            new = row.values.get("location")
            if own not in in_bundle and new is not None and new != location:
                yield (
                    row,
                    "location_id",
                    f"{self.noun} {own} at location {location} names this record",
                )


# Legal (family reunification) ------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceIs:
    """The record a reference points to has one of ``values`` in ``field`` (family members
    only of a family-reunification dossier)."""

    model: type[models.Model]
    reference: str
    field: str
    values: tuple[str, ...]

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        target = self.model._meta.get_field(self.reference).related_model
        views = lookup.views(target, {row.values.get(self.reference) for row in rows})
        allowed = " or ".join(self.values)
        for row in rows:
            view = views.get(row.values.get(self.reference))
            if view and view.get(self.field) not in self.values:
                yield (
                    row,
                    f"{self.reference}_id",
                    f"{self.reference} {row.values[self.reference]} has {self.field} "
                    f"{view.get(self.field)}, not {allowed}",
                )


@dataclass(frozen=True)
class AtClientLocation:
    """A referenced person (a registered family member) is at the location of the client
    of the record the row belongs to (the dossier's client)."""

    model: type[models.Model]
    parent: str  # the row's reference to the record with a client ("dossier")
    client: str  # that record's reference to its client ("person")
    reference: str  # the row's reference to a person ("person")

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        parent_model = self.model._meta.get_field(self.parent).related_model
        person_model = self.model._meta.get_field(self.reference).related_model
        rows = [row for row in rows if row.values.get(self.reference)]
        parents = lookup.views(parent_model, {row.values.get(self.parent) for row in rows})
        clients = {view.get(self.client) for view in parents.values()}
        people = lookup.views(person_model, clients | {row.values[self.reference] for row in rows})
        for row in rows:
            parent = parents.get(row.values.get(self.parent)) or {}
            client = people.get(parent.get(self.client))
            person = people.get(row.values[self.reference])
            if client and person and client["location"] != person["location"]:
                yield (
                    row,
                    f"{self.reference}_id",
                    f"{self.reference} {row.values[self.reference]} is at location "
                    f"{person['location']}, the {self.parent}'s client "
                    f"{parent.get(self.client)} at {client['location']}",
                )


# One person, one record; plausible dates (core.dates) --------------------------------------


@dataclass(frozen=True)
class OneVNumberPerPerson:
    """A V-number is one person's: a second row with it is refused at the later line, and
    a row with the V-number of a stored person who is not in the bundle (a person in the
    bundle holds the bundle's V-number) is refused at its own line."""

    model: type[models.Model]
    field: str = "v_number"

    def __call__(self, rows: list[Row], lookup: Lookup) -> Iterable[Problem]:
        first: dict[str, Row] = {}
        for row in rows:
            number = row.values.get(self.field)
            if not number or self.field in row.errors:
                continue
            if number in first:
                yield (
                    row,
                    self.field,
                    f"V-number {number} is also person {first[number].id}'s "
                    f"(line {first[number].line}): one person, one record",
                )
            else:
                first[number] = row
        in_bundle = {row.id for row in rows}
        numbers = sorted(first)
        for start in range(0, len(numbers), 5000):
            stored = self.model.objects.filter(v_number__in=numbers[start : start + 5000])
            for ident, number in stored.values_list("external_id", "v_number"):
                if ident not in in_bundle:
                    yield (
                        first[number],
                        self.field,
                        f"V-number {number} is already person {ident}'s in the database: "
                        "one person, one record",
                    )


@dataclass(frozen=True)
class PlausibleDates:
    """The rules of :mod:`koers.core.dates` for every file: a date of something that happened
    is not after ``today``, nor before the birth of the client the record is about (a
    placement before birth), a permit not before birth, a signature by an adult. Applied to
    every file by the plan (no file can leave it out)."""

    model: type[models.Model]
    columns: dict  # field -> column name

    def __call__(self, rows: list[Row], lookup: Lookup, today: datetime.date) -> Iterable[Problem]:
        fields = [f for f in dates.date_fields(self.model) if f in self.columns]
        kinds = {f: dates.kind_of(dates.label_of(self.model, f)) for f in fields}
        client = dates.client_of(self.model)
        happened = [f for f in fields if kinds[f] == dates.HAPPENED]
        births = self.births(rows, lookup, client) if client not in (None, "self") else []
        for row, born in zip(rows, births or [None] * len(rows), strict=True):
            broken = set()
            for name in fields:
                column = self.columns[name]
                message = dates.future_problem(kinds[name], row.values.get(name), today)
                if column not in row.errors and message:
                    broken.add(name)
                    yield row, column, message
            if client == "self":
                found = dates.order_breaks(
                    row.values, row.values.get(dates.BIRTH), own_fields=[], person_self=True
                )
            elif client is not None:
                found = dates.order_breaks(
                    row.values,
                    born,
                    own_fields=[f for f in happened if f not in broken],
                    person_self=False,
                )
            else:
                found = []
            for rule in found:
                column = self.columns.get(rule.field, rule.field)
                if rule.field not in broken and column not in row.errors:
                    yield row, column, rule.english

    def births(self, rows: list[Row], lookup: Lookup, path: str) -> list:
        """Per row, the birth date of its client, followed along ``path`` (a dossier step's
        dossier's person) through the bundle and the database; None where a link is missing
        or has its own problem."""
        segments = path.split("__")
        keys = [
            None if f"{segments[0]}_id" in row.errors else row.values.get(segments[0])
            for row in rows
        ]
        model = self.model
        for position, segment in enumerate(segments):
            model = model._meta.get_field(segment).related_model
            found = lookup.views(model, {key for key in keys if key})
            field = segments[position + 1] if position + 1 < len(segments) else dates.BIRTH
            keys = [(found.get(key) or {}).get(field) if key else None for key in keys]
        return keys
