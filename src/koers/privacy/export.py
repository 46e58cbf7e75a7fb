"""The answer to an access request (GDPR art. 15): everything held about one client.

As JSON (for machines and for the client's adviser): every record of every app field
by field, the whole change history and the whole access log. As a readable Dutch PDF
(WeasyPrint, as the yearly report): every record in full, one line each (many short
ones, such as attendance, as running text), and the two logs summarised (per person and
per month) with their newest rows, so that the PDF's length, and the time it takes,
follow the client's file and never a log's length.
"""

import datetime
import json
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS_3

from koers.core.actors import User
from koers.core.models import AccessLogEntry
from koers.documents import store
from koers.documents.models import Document
from koers.privacy.holdings import Holding
from koers.privacy.selectors import (
    Overview,
    Rights,
    display,
    shown_fields,
)

FORMAT = "koers-inzageverzoek/1"
# In the PDF, a kind with more records than this whose records hold at most this many
# values is written as running text: a line each would be 1,181 lines of attendance for
# the demo's longest file, and WeasyPrint's time goes by the line.
RUNNING_FROM = 20
RUNNING_COLUMNS = 2


def _fields(record) -> list[dict]:
    return [
        {"name": field.name, "label": str(field.verbose_name), "value": display(record, field)}
        for field in shown_fields(type(record))
    ]


def items_of(holding: Holding) -> list[dict]:
    """Each record: its id, its fields, and the rows that belong to it (ZRM scores, topics)."""
    return [
        {
            "external_id": getattr(record, "external_id", str(record.pk)),
            "fields": _fields(record),
            "children": [
                {"label": str(child._meta.verbose_name), "fields": _fields(child)}
                for child in holding.children.get(record.pk, [])
            ],
        }
        for record in holding.records
    ]


def heading(person, *, by: User) -> dict:
    return {
        "format": FORMAT,
        "organisation": settings.KOERS_FOUNDATION_NAME,
        "location": person.location.name,
        "person": person.external_id,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_by": by.get_username(),
    }


def access_request(rights: Rights, *, by: User) -> dict:
    """The whole answer as plain data, every log row included (the JSON)."""
    return {
        **heading(rights.person, by=by),
        "records": [
            {
                "kind": holding.model._meta.label_lower,
                "label": holding.label,
                "label_one": str(holding.model._meta.verbose_name),
                "items": items_of(holding),
            }
            for holding in rights.holdings
        ],
        "changes": [
            {
                "at": timezone.localtime(row.entry.at).isoformat(timespec="seconds"),
                "by": row.entry.user.get_username() if row.entry.user else row.entry.source,
                "action": row.entry.get_action_display(),
                "record": row.record,
                "field": row.field,
                "before": row.before,
                "after": row.after,
            }
            for row in rights.changes
        ],
        "access_log": access_log_rows(rights.access_log),
    }


def access_log_rows(log) -> list[dict]:
    """Every row of the access log, read as plain values (it may hold 100,000 rows)."""
    labels = {value: str(label) for value, label in AccessLogEntry.Action.choices}
    zone = timezone.get_current_timezone()
    return [
        {
            "at": at.astimezone(zone).isoformat(timespec="seconds"),
            "user": user,
            "action": labels.get(action, action),
            "what": what,
            "on_behalf_of": on_behalf_of,
        }
        for at, user, action, what, on_behalf_of in log.values_list(
            "at", "username", "action", "what", "on_behalf_of"
        ).iterator(chunk_size=5000)
    ]


def line_of(fields: list[dict], *, leave_out: set[str]) -> str:
    """A record's filled fields in one line, without the references everyone knows."""
    return " · ".join(
        f"{field['label']}: {field['value']}"
        for field in fields
        if field["value"] and field["value"] not in leave_out
    )


def record_lines(holding: Holding, *, person: str) -> dict:
    """A kind's records for the PDF: each as its id and one line (its own rows, such as ZRM
    scores or topics, on the same line); many records of at most ``RUNNING_COLUMNS``
    values (attendance) as running text, ``id: value, value; …``, under their labels."""
    items = items_of(holding)
    columns = list(
        dict.fromkeys(
            field["label"]
            for item in items
            for field in item["fields"]
            if field["value"] and field["value"] != person
        )
    )
    if (
        len(items) > RUNNING_FROM
        and len(columns) <= RUNNING_COLUMNS
        and not any(item["children"] for item in items)
    ):
        values = (
            (item["external_id"], {field["label"]: field["value"] for field in item["fields"]})
            for item in items
        )
        running = "; ".join(
            f"{ident}: {', '.join(shown.get(label) or '—' for label in columns)}"
            for ident, shown in values
        )
        return {"label": holding.label, "count": len(items), "columns": columns, "running": running}
    lines = []
    for item in items:
        ident = item["external_id"]
        parts = [line_of(item["fields"], leave_out={person} - {ident})]
        parts += [
            f"{child['label']}: {line_of(child['fields'], leave_out={ident})}"
            for child in item["children"]
        ]
        lines.append({"id": ident, "text": " · ".join(part for part in parts if part)})
    return {"label": holding.label, "count": len(items), "lines": lines}


def access_request_overview(overview: Overview, *, by: User) -> dict:
    """What the PDF shows: every record in full, the logs summarised with their newest rows."""
    person = overview.person.external_id
    return {
        **heading(overview.person, by=by),
        "records": [record_lines(holding, person=person) for holding in overview.holdings],
        "changes": overview.changes,
        "looks": overview.looks,
        "months": [str(MONTHS_3[month]) for month in range(1, 13)],
    }


def to_json(answer: dict) -> bytes:
    """Compact: Python's fast encoder, ten times the indenting one's speed on a long log."""
    return json.dumps(answer, ensure_ascii=False).encode()


def pdf_html(answer: dict) -> str:
    generated = datetime.datetime.fromisoformat(answer["generated_at"])
    return render_to_string(
        "privacy/access_request.html", {"answer": answer, "generated": generated}
    )


def to_pdf(answer: dict) -> bytes:
    """The overview (:func:`access_request_overview`) as a PDF."""
    from weasyprint import HTML  # loads Pango; only the PDF needs it

    return HTML(string=pdf_html(answer)).write_pdf()


def filename(person, extension: str) -> str:
    return f"inzageverzoek-{person.external_id}.{extension}"


MISSING = "Dit document staat in Koers, maar het bestand ontbreekt in de opslag.\n"


def documents_in(rights: Rights) -> list[Document]:
    """The client's documents among what the user sees of them (``rights.holdings``)."""
    return [
        record
        for holding in rights.holdings
        if holding.model is Document
        for record in holding.records
    ]


def document_path(document: Document) -> str:
    """A document's name in the ZIP: its id first, so two files of one name both fit."""
    return f"documenten/{document.external_id}-{document.file_name}"


def to_zip(answer: dict, documents: list[Document]):
    """The JSON answer with the client's documents themselves (each file as uploaded),
    in a ZIP written to a temporary file (documents may be large): an open file, at 0."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("inzageverzoek.json", to_json(answer))
        for document in documents:
            try:
                content = store.store().open(document.storage_key, "rb")
            except FileNotFoundError:  # lost from the store: say so rather than fail the answer
                bundle.writestr(f"{document_path(document)}.ontbreekt.txt", MISSING)
                continue
            with content, bundle.open(document_path(document), "w") as entry:
                shutil.copyfileobj(content, entry, 1 << 16)
    target.seek(0)
    return target
