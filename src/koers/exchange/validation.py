"""Reading a bundle into rows and finding every problem in it, without writing anything.

The :class:`Plan` holds, per file, the rows in the bundle with their values merged over
what the database already has for the same external ids, and the stored values; it is
what the writer applies once no problem is left.
"""

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import models
from django.utils import timezone

from koers.exchange import codecs
from koers.exchange.anonymised import keep_anonymised
from koers.exchange.bundle import Problem, decode, records
from koers.exchange.checks import PlausibleDates, Row
from koers.exchange.files import (
    BUNDLE_FILES,
    FILES,
    SPEC_BY_MODEL,
    SPEC_BY_NAME,
    Column,
    FileSpec,
)
from koers.people.duplicates import same_name
from koers.people.models import Person

CHUNK = 5000  # external ids per IN (...) query: under SQLite's bound-parameter limit
MEMO_CODECS = (codecs.Date, codecs.Code, codecs.Boolean, codecs.Integer, codecs.HalfYear)
WHOLE_TABLE = 4  # read a whole table when the ids wanted are at least a quarter of it

FILE_ORDER = {spec.name: index for index, spec in enumerate(FILES)}


def problem_order(problem: Problem) -> tuple:
    """Problems in the order of the files' dependencies, then by line."""
    return FILE_ORDER.get(problem.file, -1), problem.file, problem.line, problem.column


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stored_lookups(spec: FileSpec) -> dict[str, str]:
    """Row-value key -> ORM lookup for reading a file's records back.

    References are read as external ids (as in a bundle) and, under ``_<attname>``, as
    primary keys (for writing the record's previous state to the change log).
    """
    lookups = {"_pk": "pk", "_version": "version"}
    for column in spec.columns:
        for name in column.fields:
            model_field = spec.model._meta.get_field(name)
            if model_field.is_relation:
                lookups[name] = f"{name}__{column.codec.key}"
                lookups[f"_{model_field.attname}"] = model_field.attname
            else:
                lookups[name] = name
    return lookups


def referenced(row: Row, key: str) -> tuple[str, ...]:
    """The external ids a row's reference (one id) or multi-valued reference (a tuple) holds."""
    value = row.values.get(key)
    if isinstance(value, tuple):
        return value
    return (value,) if value else ()


def empty_value(model_field: models.Field):
    """What an empty cell stores: the field's default, ``None`` or the empty string."""
    if model_field.has_default():
        return model_field.get_default()
    return "" if model_field.empty_strings_allowed and not model_field.null else None


def unique_together(spec: FileSpec) -> list[tuple[str, ...]]:
    """Field sets the model keeps unique: unconditional constraints and unique references.

    A unique reference is a one-to-one: one plan per trajectory, one profile per volunteer.
    """
    model = spec.model
    found = [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and not constraint.condition
    ]
    return (
        found
        + list(spec.unique)
        + [
            (column.field,)
            for column in spec.columns
            if column.fields
            and isinstance(column.codec, codecs.Reference)
            and model._meta.get_field(column.field).unique
        ]
    )


def possible_duplicates(plan: "Plan") -> list[Problem]:
    """A notice for each new person with the birth date and (in another spelling) the name of
    a person already stored or on an earlier line: possibly one person twice. Not an error
    (twins, common names); a team leader merges them in Koers when they are one person."""
    spec = SPEC_BY_MODEL[Person]
    rows = [row for row in plan.rows.get(spec.name, []) if not row.errors]
    new = [row for row in rows if row.id not in plan.stored[Person]]
    births = sorted({row.values.get("birth_date") for row in new} - {None})
    stored = []
    for part in chunks(births):
        stored += list(
            Person.objects.filter(birth_date__in=part).values(
                "external_id", "given_name", "family_name", "birth_date"
            )
        )
    in_bundle = {row.id for row in rows}
    candidates = [
        SimpleNamespace(**view) for view in stored if view["external_id"] not in in_bundle
    ]
    notices = []
    for row in rows:
        values = row.values
        if row.id in plan.stored[Person]:
            candidates.append(SimpleNamespace(external_id=row.id, line=row.line, **_names(values)))
            continue
        for other in candidates:
            if other.birth_date == values.get("birth_date") and same_name(
                values.get("given_name", ""), values.get("family_name", ""), other
            ):
                where = f"line {other.line}" if hasattr(other, "line") else "in the database"
                notices.append(
                    Problem(
                        spec.name,
                        row.line,
                        "given_name",
                        f"possibly the same person as {other.external_id} ({where}): same "
                        "birth_date and name; imported as a new person, merge them in Koers "
                        "if they are one",
                    )
                )
        candidates.append(SimpleNamespace(external_id=row.id, line=row.line, **_names(values)))
    return notices


def _names(values: dict) -> dict:
    return {
        "given_name": values.get("given_name") or "",
        "family_name": values.get("family_name") or "",
        "birth_date": values.get("birth_date"),
    }


def plausible_dates(spec: FileSpec) -> PlausibleDates:
    """The date rules of ``core.dates`` for a file's date columns (every file has them)."""
    columns = {
        name: column.name
        for column in spec.columns
        if not column.relation
        for name in column.fields
    }
    return PlausibleDates(spec.model, columns)


def cell_reader(spec: FileSpec, index: int, column: Column) -> tuple:
    """How a cell at ``index`` is read: (index, column name, key(s) of the row's values, parse
    (None: the text as it is), the values an empty cell stores (None: a value is required),
    and a memo of parsed cells for codecs with few distinct cells, such as dates and codes)."""
    if column.relation:
        key, empty = column.name, ((column.name, ()),)
    else:
        key = column.fields if len(column.fields) > 1 else column.field
        empty = tuple(
            (name, empty_value(spec.model._meta.get_field(name))) for name in column.fields
        )
    codec = column.codec
    identity = isinstance(codec, codecs.Reference) or (
        isinstance(codec, codecs.Text) and codec.max_length is None and not codec.validators
    )
    memo = {} if isinstance(codec, MEMO_CODECS) else None
    return (
        index,
        column.name,
        key,
        None if identity else codec.parse,
        None if column.required else empty,
        memo,
    )


class Plan:
    """A bundle read and checked; ``problems`` empty means it may be written."""

    def __init__(self, files: dict[str, bytes], *, max_rows: int | None = None):
        # Rows the bundle may have in all: the file that passes it is refused, not read on.
        self.max_rows = max_rows
        self.rows_left = max_rows
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []  # what the import leaves out, and why (not an error)
        self.rows: dict[str, list[Row]] = {}
        self.present: dict[str, set[str]] = {}
        self.unreadable: set[str] = set()  # references into these are not checked
        self.stored: dict[type[models.Model], dict[str, dict]] = defaultdict(dict)
        self._read(files)
        self._validate()

    # -- Lookup, for the checks ---------------------------------------------------------

    def readable(self, model: type[models.Model]) -> bool:
        """False when the model's file has a header problem (its rows lack columns)."""
        return SPEC_BY_MODEL[model].name not in self.unreadable

    def rows_of(self, model: type[models.Model]) -> list[Row]:
        return self.rows.get(SPEC_BY_MODEL[model].name, [])

    def views(self, model: type[models.Model], ids: Iterable[str]) -> dict[str, dict]:
        """Merged values by external id: the bundle's row, else what the database holds."""
        in_bundle = {row.id: row for row in self.rows_of(model)}
        usable = self.readable(model)
        result = {
            i: in_bundle[i].values
            for i in ids
            if usable and i in in_bundle and not in_bundle[i].errors
        }
        self._load(model, [i for i in ids if i and i not in in_bundle])
        cache = self.stored[model]
        result.update({i: cache[i] for i in ids if i not in result and i in cache})
        return result

    def stored_where(self, model: type[models.Model], field: str, ids: Iterable[str]) -> list:
        """Stored records (not in the bundle) whose reference ``field`` is one of ``ids``."""
        spec = SPEC_BY_MODEL[model]
        in_bundle = {row.id for row in self.rows_of(model)}
        lookups = stored_lookups(spec)
        found = []
        for part in chunks(sorted(i for i in ids if i)):
            found += [
                {key: view[lookup] for key, lookup in lookups.items()}
                for view in model.objects.filter(**{f"{field}__external_id__in": part}).values(
                    *lookups.values()
                )
                if view["external_id"] not in in_bundle
            ]
        return found

    # -- reading ------------------------------------------------------------------------

    def _problem(self, file: str, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(file, line, column, message))

    def _read(self, files: dict[str, bytes]) -> None:
        self.rows = {}
        for name in sorted(set(files) - {spec.name for spec in BUNDLE_FILES}):
            known = ", ".join(spec.name for spec in BUNDLE_FILES)
            self._problem(name, 1, "-", f"unknown file (a bundle holds {known})")
        for spec in BUNDLE_FILES:
            if spec.name in files:
                try:
                    self._read_file(spec, decode(spec.name, files[spec.name]))
                except ValueError as error:
                    self.problems.append(error.args[0])
                    self.unreadable.add(spec.name)
        self._derive()

    def _read_file(self, spec: FileSpec, text: str) -> None:
        rows: list[Row] = []
        self.rows[spec.name] = rows
        if self._too_long(spec.name, text):
            self.unreadable.add(spec.name)
            return
        lines = records(spec.name, text)
        header_line = next(lines, None)
        if header_line is None:
            self._problem(spec.name, 1, "-", "empty file (the first line is the header)")
            self.unreadable.add(spec.name)
            return
        header = header_line[1]
        known = {column.name: column for column in spec.columns}
        for index, name in enumerate(header):
            if name not in known:
                self._problem(spec.name, 1, name or "-", "unknown column")
            elif name in header[:index]:
                self._problem(spec.name, 1, name, "column given twice")
        for column in spec.columns:
            if column.required and column.name not in header:
                self._problem(spec.name, 1, column.name, "missing required column")
                self.unreadable.add(spec.name)
        self.present[spec.name] = set(header)
        readers = [
            cell_reader(spec, index, known[name])
            for index, name in enumerate(header)
            if name in known
        ]
        id_index = header.index("id") if "id" in header else None
        with_nul = "\x00" in text
        first_line: dict[str, int] = {}
        for line, cells in lines:
            if self.rows_left is not None:
                self.rows_left -= 1
            if len(cells) != len(header):
                self._problem(
                    spec.name, line, "-", f"{len(cells)} cells where the header has {len(header)}"
                )
                continue
            row = self._read_row(spec.name, line, cells, readers, with_nul)
            if id_index is not None:
                row.id = cells[id_index]
                if row.id in first_line:
                    self._problem(
                        spec.name,
                        line,
                        "id",
                        f"duplicate id {row.id} (first on line {first_line[row.id]})",
                    )
                    continue
                first_line[row.id] = line
            rows.append(row)

    def _too_long(self, name: str, text: str) -> bool:
        """Whether this file takes the bundle past ``max_rows`` (a problem at the first row
        too many), counted before any row is built, and only when its line ends could."""
        if self.rows_left is None or text.count("\n") <= self.rows_left:
            return False
        for count, (line, _cells) in enumerate(records(name, text)):  # the header is 0
            if count > self.rows_left:
                self._problem(
                    name,
                    line,
                    "-",
                    f"the bundle has more than {self.max_rows:,} rows here, the limit "
                    "(KOERS_IMPORT_MAX_ROWS); the file was not read further",
                )
                return True
        return False

    def _read_row(self, name: str, line: int, cells: list[str], readers, with_nul: bool) -> Row:
        row = Row(line, "")
        values = row.values
        for index, column, key, parse, empty, memo in readers:
            cell = cells[index]
            if not cell:
                if empty is None:
                    self._problem(name, line, column, "required value missing")
                    row.errors.add(column)
                else:
                    values.update(empty)
                continue
            if with_nul and "\x00" in cell:  # PostgreSQL stores no NUL in text: refused everywhere
                self._problem(name, line, column, "contains a NUL byte")
                row.errors.add(column)
                continue
            value = cell if memo is None else memo.get(cell, cell)
            if value is cell and parse is not None:
                try:
                    value = parse(cell)
                except ValueError as error:
                    self._problem(name, line, column, str(error))
                    row.errors.add(column)
                    continue
                if memo is not None:
                    memo[cell] = value
            if key.__class__ is tuple:  # one cell filling several fields (a half-year)
                values.update(zip(key, value, strict=True))
            else:
                values[key] = value
        return row

    def _derive(self) -> None:
        """Rows of files without a file of their own (households, from people.csv)."""
        for spec in FILES:
            if spec.derived_from is None:
                continue
            owner = SPEC_BY_NAME[spec.derived_from]
            reference = next(
                column
                for column in owner.columns
                if isinstance(column.codec, codecs.Reference) and column.codec.target is spec.model
            )
            derived: dict[str, Row] = {}
            for row in self.rows.get(owner.name, []):
                ident, location = row.values.get(reference.field), row.values.get("location")
                if not ident or not location:
                    continue
                first = derived.setdefault(
                    ident, Row(row.line, ident, {"external_id": ident, "location": location})
                )
                if first.values["location"] != location:
                    self._problem(
                        owner.name,
                        row.line,
                        reference.name,
                        f"household {ident} also has members at location "
                        f"{first.values['location']} (line {first.line})",
                    )
            self.rows[spec.name] = list(derived.values())

    # -- the database's side --------------------------------------------------------------

    def _load(self, model: type[models.Model], ids: list[str]) -> None:
        """Read stored records by external id into ``self.stored`` (ids missing stay missing)."""
        cache = self.stored[model]
        wanted = {i for i in ids if i and i not in cache}
        if not wanted:
            return
        lookups = stored_lookups(SPEC_BY_MODEL[model])
        keys, position = list(lookups), list(lookups.values()).index("external_id")
        stored = model.objects.count()
        if stored <= len(wanted) * WHOLE_TABLE:  # one scan beats many IN (...) lists
            parts = [model.objects.all()] if stored else []
        else:
            parts = (model.objects.filter(external_id__in=part) for part in chunks(sorted(wanted)))
        for part in parts:
            for view in part.values_list(*lookups.values()):
                if view[position] in wanted:
                    cache[view[position]] = dict(zip(keys, view, strict=True))

    def _validate(self) -> None:
        today = timezone.localdate()
        for spec in FILES:
            rows = self.rows.get(spec.name)
            if not rows:
                continue
            model = spec.model
            self._load(model, [row.id for row in rows])
            stored = self.stored[model]
            absent = [
                name
                for column in spec.columns
                if not column.relation
                for name in column.fields
                if column.name not in self.present.get(spec.name, {column.name})
            ]
            defaults = {name: empty_value(model._meta.get_field(name)) for name in absent}
            kept = [key for key in stored_lookups(spec) if not key.startswith("_")]
            for row in rows:
                if row.id in stored:
                    view = stored[row.id]
                    row.values = {**{key: view[key] for key in kept}, **row.values}
                elif defaults:
                    row.values = {**defaults, **row.values}
            if spec.derived_from is None:  # derived rows hold what their file's rows checked
                self._check_references(spec, rows)
        for spec in FILES:
            if spec.name in self.unreadable:  # its header problem is reported; rows would be noise
                continue
            rows = self.rows.get(spec.name, [])
            self._check_unique(spec, [row for row in rows if not row.errors])
            for check in spec.checks:
                for row, column, message in check(rows, self):
                    self._problem(spec.name, row.line, column, message)
            for row, column, message in plausible_dates(spec)(rows, self, today):
                self._problem(spec.name, row.line, column, message)
        self._check_households()
        self.problems.sort(key=problem_order)
        if not self.problems:
            notices = keep_anonymised(self) + possible_duplicates(self)
            self.notices = sorted(notices, key=problem_order)

    def _check_references(self, spec: FileSpec, rows: list[Row]) -> None:
        for column in spec.columns:
            codec = column.codec.each if isinstance(column.codec, codecs.Many) else column.codec
            if not isinstance(codec, codecs.Reference):
                continue
            target = SPEC_BY_MODEL.get(codec.target)
            if target is not None and target.name in self.unreadable:
                continue
            key = column.name if column.relation else column.field
            if column.relation:
                wanted = {ident for row in rows for ident in row.values.get(key, ())}
            else:
                wanted = {row.values.get(key) for row in rows} - {None, ""}
            if target is None:
                in_bundle: set[str] = set()
                self._load_keys(codec, wanted)
                missing = f"is not the {codec.key} of any {codec.target._meta.model_name}"
            else:
                in_bundle = {row.id for row in self.rows.get(target.name, [])}
                self._load(target.model, list(wanted - in_bundle))
                missing = f"is neither in {target.name} nor in the database"
            unknown = wanted - in_bundle - self.stored[codec.target].keys()
            if not unknown:
                continue
            for row in rows:
                for ident in referenced(row, key):
                    if ident in unknown:
                        row.errors.add(column.name)
                        self._problem(spec.name, row.line, column.name, f"{ident} {missing}")

    def _load_keys(self, codec: codecs.Reference, keys: set[str]) -> None:
        """Primary keys of configuration a bundle names by its key (rules by code)."""
        cache = self.stored[codec.target]
        found = codec.target.objects.filter(**{f"{codec.key}__in": sorted(keys)})
        for key, pk in found.values_list(codec.key, "pk"):
            cache[key] = {"_pk": pk}

    def _check_unique(self, spec: FileSpec, rows: list[Row]) -> None:
        """The model's unique constraints, within the bundle and against stored records."""
        for fields in unique_together(spec):
            names = " and ".join(dict.fromkeys(spec.column_of(f).name for f in fields))
            column = spec.column_of(fields[-1]).name
            seen: dict[tuple, Row] = {}
            for row in rows:
                key = tuple(row.values.get(f) for f in fields)
                if None in key:
                    continue
                if key in seen:
                    self._problem(
                        spec.name, row.line, column, f"same {names} as line {seen[key].line}"
                    )
                else:
                    seen[key] = row
            first_ids = {key[0] for key in seen}
            for view in self.stored_where(spec.model, fields[0], first_ids):
                row = seen.get(tuple(view[f] for f in fields))
                if row is not None:
                    self._problem(
                        spec.name,
                        row.line,
                        column,
                        f"same {names} as {view['external_id']} in the database",
                    )

    def _check_households(self) -> None:
        """A household's members live at one location, counting members already stored."""
        for spec in FILES:
            if spec.derived_from is None:
                continue
            owner = SPEC_BY_NAME[spec.derived_from]
            households = {row.id: row for row in self.rows.get(spec.name, [])}
            reference = owner.column_of("household")
            for view in self.stored_where(owner.model, reference.field, set(households)):
                household = households[view[reference.field]]
                if view["location"] != household.values["location"]:
                    member = next(
                        row
                        for row in self.rows[owner.name]
                        if row.values.get(reference.field) == household.id
                    )
                    self._problem(
                        owner.name,
                        member.line,
                        reference.name,
                        f"household {household.id} also has members at location "
                        f"{view['location']} in the database ({view['external_id']})",
                    )
