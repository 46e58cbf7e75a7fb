"""An import never writes what identifies an anonymised client back into Koers.

A bundle exported before a client was anonymised (or from another system that never
anonymised them) still holds their name, birth date, V-number and the free text of
their records: contact notes, trajectory exit reports, referral reasons, a dossier
step's note. For every row about an anonymised client (for a record several clients
share, a budget line or a dwelling: about anonymised clients only, as anonymisation
itself decides), the values of those fields are **skipped**: the stored, anonymised
value stays (a new record gets the anonymised form: empty or the mark), and the import
reports each skipped cell as a notice, located like a problem, without the value.
Everything else in the row (dates, codes, references: what the figures count) is
imported as usual, so an old bundle still brings its figures in.

The branch's free text that anonymisation redacts (a signal to the municipality, a
draft story of the yearly report) keeps its redactions: a stored text with the mark is
not overwritten, and mentions of an anonymised client whose old name the bundle itself
holds are redacted in what is written.

Which fields identify is decided once, in :mod:`koers.privacy.scrub`; which client a
row is about follows the model's scope (its person path), through the bundle's own
rows and the stored records alike.
"""

from collections.abc import Iterable
from types import SimpleNamespace

from django.apps import apps
from django.db import models

from koers.exchange.bundle import Problem
from koers.exchange.checks import Row
from koers.exchange.files import FILES, SPEC_BY_MODEL, FileSpec
from koers.people.models import Person
from koers.privacy.scrub import (
    ANONYMISED_ROW,
    BRANCH_TEXT,
    IDENTIFYING_RELATIONS,
    MARK,
    blanked,
    identifying_names,
    mention_pattern,
    redacted,
)

NOTICE = (
    "not imported: {id} is about a client who was anonymised (retention or an erasure "
    "request); the anonymised value stays"
)
KEPT_REDACTED = (
    "not imported: {id} holds redacted mentions of an anonymised client; the stored text stays"
)
REDACTED = "{id} mentions a client who was anonymised: the mention is redacted"


def anonymised_clients() -> set[str]:
    """External ids of every anonymised client (one query; there are few)."""
    Anonymisation = apps.get_model("privacy", "Anonymisation")
    return set(Anonymisation.objects.values_list("person__external_id", flat=True))


def keep_anonymised(plan) -> list[Problem]:
    """Put the stored value back in every identifying cell of a row about anonymised
    clients only; a notice for each cell that would have changed."""
    anonymised = anonymised_clients()
    if not anonymised:
        return []
    old_names = [
        SimpleNamespace(
            given_name=row.values.get("given_name") or "",
            family_name=row.values.get("family_name") or "",
            v_number=row.values.get("v_number") or "",
        )
        for row in plan.rows.get(SPEC_BY_MODEL[Person].name, [])
        if row.id in anonymised
    ]
    notices = []
    for spec in FILES:
        rows = plan.rows.get(spec.name)
        path = getattr(getattr(spec.model, "scope", None), "person", None)
        names = [name for name in identifying_names(spec.model) if name in _columns(spec)]
        if not rows or not path or not names or spec.name in plan.unreadable:
            continue
        about = clients_of(plan, spec.model, path, [(row.id, row.values) for row in rows])
        stored = plan.stored[spec.model]
        for row in rows:
            clients = about.get(row.id, set())
            if not clients or not clients <= anonymised:
                continue
            row.values[ANONYMISED_ROW] = True
            notices += _restore(spec, row, names, stored.get(row.id))
            notices += _keep_relations_removed(spec, row)
    return notices + _keep_branch_text_redacted(plan, mention_pattern(old_names))


def _keep_branch_text_redacted(plan, pattern) -> list[Problem]:
    notices = []
    for label, names in BRANCH_TEXT.items():
        spec = SPEC_BY_MODEL.get(apps.get_model(label))
        if spec is None or spec.name in plan.unreadable:
            continue
        stored = plan.stored[spec.model]
        for row in plan.rows.get(spec.name, []):
            for name in names:
                value, kept = row.values.get(name), stored.get(row.id, {}).get(name)
                if not isinstance(value, str) or value == kept:
                    continue
                column = spec.column_of(name).name
                if kept and MARK in kept:
                    row.values[name] = kept
                    notices.append(
                        Problem(spec.name, row.line, column, KEPT_REDACTED.format(id=row.id))
                    )
                elif pattern is not None and (clean := redacted(value, pattern)) != value:
                    row.values[name] = clean
                    notices.append(Problem(spec.name, row.line, column, REDACTED.format(id=row.id)))
    return notices


def _keep_relations_removed(spec: FileSpec, row: Row) -> list[Problem]:
    """Anonymisation removed the identifying rows (a client's languages): none come back."""
    notices = []
    for relation in IDENTIFYING_RELATIONS.get(spec.model._meta.label_lower, ()):
        column = next((c for c in spec.columns if c.relation == relation), None)
        if column is not None and row.values.get(column.name):
            row.values[column.name] = ()
            notices.append(Problem(spec.name, row.line, column.name, NOTICE.format(id=row.id)))
    return notices


def _columns(spec: FileSpec) -> set[str]:
    return {name for column in spec.columns if not column.relation for name in column.fields}


def _restore(spec: FileSpec, row: Row, names: list[str], stored: dict | None) -> list[Problem]:
    notices = []
    for name in names:
        if name not in row.values:
            continue
        kept = stored[name] if stored else blanked(spec.model._meta.get_field(name))
        if row.values[name] != kept:
            row.values[name] = kept
            column = spec.column_of(name).name
            notices.append(Problem(spec.name, row.line, column, NOTICE.format(id=row.id)))
    return notices


def clients_of(
    plan, model: type[models.Model], path: str, rows: list[tuple[str, dict]]
) -> dict[str, set[str]]:
    """For each ``(key, values)`` of ``model``: the external ids of the clients its person
    path leads to, through the bundle's rows over the stored records."""
    if path == "pk":
        return {key: {values.get("external_id") or key} for key, values in rows}
    hop, _, rest = path.partition("__")
    field = model._meta.get_field(hop)
    if field.concrete:  # a reference (foreign key, one-to-one): an external id in the row
        target = field.related_model
        references = {key: values.get(hop) for key, values in rows}
        if not rest and target._meta.label_lower == "people.person":
            return {key: {ref} if ref else set() for key, ref in references.items()}
        found = plan.views(target, {ref for ref in references.values() if ref})
        onward = clients_of(plan, target, rest or "pk", list(found.items()))
        return {key: onward.get(ref, set()) for key, ref in references.items()}
    # the other side of a reference (a household's members, a dwelling's placements)
    related, back = field.related_model, field.field.name
    keys = [key for key, _values in rows]
    children = _rows_pointing_at(plan, related, back, keys)
    onward = clients_of(plan, related, rest or "pk", [(k, v) for k, v, _parent in children])
    result: dict[str, set[str]] = {key: set() for key in keys}
    for child_key, _values, parent in children:
        result[parent] |= onward.get(child_key, set())
    return result


def _rows_pointing_at(
    plan, model: type[models.Model], reference: str, ids: Iterable[str]
) -> list[tuple[str, dict, str]]:
    """``(key, values, the id it points at)`` of ``model``'s rows whose ``reference`` is one
    of ``ids``: the bundle's rows, and the stored ones the bundle does not hold."""
    wanted = set(ids)
    if model not in SPEC_BY_MODEL:
        return []
    found = [
        (row.id, row.values, row.values[reference])
        for row in plan.rows_of(model)
        if row.values.get(reference) in wanted
    ]
    found += [
        (values["external_id"], values, values[reference])
        for values in plan.stored_where(model, reference, wanted)
    ]
    return found
