"""Writing a bundle: every file of the format with its header, rows sorted by id.

The output follows the acceptance bundle byte for byte: UTF-8 without BOM, CRLF line
ends, RFC 4180 minimal quoting, ISO dates, ``true``/``false``, numbers without trailing
zeros, and an empty cell for unknown. Koers' extension files and columns are written
only when they hold something (a column: some value other than what an empty cell
stores), so a bundle without such records is plain version 1. The format's optional
files (linkings and integration plans) are likewise written only when they have rows.
"""

import csv
from pathlib import Path

from koers.core.models import Location
from koers.exchange.files import BUNDLE_FILES, Column, FileSpec
from koers.exchange.validation import empty_value, stored_lookups
from koers.exchange.writing import SetRelation


def file_rows(
    spec: FileSpec, location: Location | None = None, only: dict | None = None
) -> tuple[list[str], list[list]]:
    """The header and the formatted rows of one file (``only``: the primary keys per model
    to write, for one household's bundle)."""
    records = spec.model.objects.filter(**dict(spec.where))
    if location is not None:
        records = records.filter(**{spec.location_path: location.pk})
    if only is not None:
        records = records.filter(pk__in=sorted(only.get(spec.model, ())))
    lookups = {key: lookup for key, lookup in stored_lookups(spec).items() if key[0] != "_"}
    lookups["_pk"] = "pk"
    values = sorted(
        (
            {key: view[lookup] for key, lookup in lookups.items()}
            for view in records.values(*lookups.values())
        ),
        key=lambda view: view["external_id"],
    )
    sets = {
        column.name: SetRelation(spec.model, column, {}).current([v["_pk"] for v in values])
        for column in spec.columns
        if column.relation
    }
    cells = [[cell(column, view, sets) for column in spec.columns] for view in values]
    idle = [idle_cell(spec, column) if column.extension else None for column in spec.columns]
    keep = [
        index
        for index, column in enumerate(spec.columns)
        if not column.extension or any(row[index] != idle[index] for row in cells)
    ]
    header = [spec.columns[index].name for index in keep]
    return header, [[row[index] for index in keep] for row in cells]


def idle_cell(spec: FileSpec, column: Column) -> str:
    """What a record without a value writes (``false`` for a day part not ticked)."""
    if column.relation:
        return ""
    view = {name: empty_value(spec.model._meta.get_field(name)) for name in column.fields}
    return cell(column, view, {})


def cell(column: Column, view: dict, sets: dict) -> str:
    if column.relation:
        value = sets[column.name].get(view["_pk"], ())
    elif len(column.fields) > 1:
        value = tuple(view[name] for name in column.fields)
    else:
        value = view[column.field]
    if value is None or value in ("", ()):
        return ""
    return column.codec.format(value)


def write_bundle(
    target: Path, *, location: Location | None = None, only: dict | None = None
) -> dict[str, int]:
    """Write the bundle's files into folder ``target`` (created if needed); rows per file."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for spec in BUNDLE_FILES:
        header, rows = file_rows(spec, location, only)
        if (spec.extension or spec.optional) and not rows:
            continue
        with (target / spec.name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        written[spec.name] = len(rows)
    return written
