"""The answer to an access request (GDPR art. 15): everything held about one client.

As JSON (for machines and for the client's adviser): every record of every app field
by field, the whole change history and the whole access log. As a readable Dutch PDF
(WeasyPrint, as the yearly report): every record in full, one line each, and the two
logs summarised (per person and per month) with their newest rows, so that the PDF's
length, and the time it takes, follow the client's file and never a log's length.
"""

import datetime
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS_3

from koers.core.actors import User
from koers.privacy.holdings import Holding
from koers.privacy.selectors import (
    Overview,
    Rights,
    display,
    shown_fields,
)

FORMAT = "koers-inzageverzoek/1"


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
        "access_log": [
            {
                "at": timezone.localtime(entry.at).isoformat(timespec="seconds"),
                "user": entry.username,
                "action": entry.get_action_display(),
                "what": entry.what,
                "on_behalf_of": entry.on_behalf_of,
            }
            for entry in rights.access_log
        ],
    }


def line_of(fields: list[dict], *, leave_out: set[str]) -> str:
    """A record's filled fields in one line, without the references everyone knows."""
    return " · ".join(
        f"{field['label']}: {field['value']}"
        for field in fields
        if field["value"] and field["value"] not in leave_out
    )


def record_lines(holding: Holding, *, person: str) -> list[dict]:
    """Each record as its id and one line; its rows (ZRM scores, topics) on the same line."""
    lines = []
    for item in items_of(holding):
        ident = item["external_id"]
        parts = [line_of(item["fields"], leave_out={person} - {ident})]
        parts += [
            f"{child['label']}: {line_of(child['fields'], leave_out={ident})}"
            for child in item["children"]
        ]
        lines.append({"id": ident, "text": " · ".join(part for part in parts if part)})
    return lines


def access_request_overview(overview: Overview, *, by: User) -> dict:
    """What the PDF shows: every record in full, the logs summarised with their newest rows."""
    person = overview.person.external_id
    return {
        **heading(overview.person, by=by),
        "records": [
            {
                "label": holding.label,
                "lines": record_lines(holding, person=person),
            }
            for holding in overview.holdings
        ],
        "changes": overview.changes,
        "looks": overview.looks,
        "months": [str(MONTHS_3[month]) for month in range(1, 13)],
    }


def to_json(answer: dict) -> bytes:
    return json.dumps(answer, ensure_ascii=False, indent=2).encode()


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
