"""The answer to an access request (GDPR art. 15): everything held about one client.

The same content as JSON (for machines and for the client's adviser) and as a readable
Dutch PDF (WeasyPrint, as the yearly report): every record of every app, field by
field, the change history, and who looked at the file.
"""

import datetime
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from koers.core.actors import User
from koers.privacy.holdings import Holding
from koers.privacy.selectors import Rights, display, shown_fields

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


def access_request(rights: Rights, *, by: User) -> dict:
    """The whole answer as plain data (what both the JSON and the PDF show)."""
    person = rights.person
    return {
        "format": FORMAT,
        "organisation": settings.KOERS_FOUNDATION_NAME,
        "location": person.location.name,
        "person": person.external_id,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_by": by.get_username(),
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


def to_json(answer: dict) -> bytes:
    return json.dumps(answer, ensure_ascii=False, indent=2).encode()


def to_pdf(answer: dict) -> bytes:
    from weasyprint import HTML  # loads Pango; only the PDF needs it

    generated = datetime.datetime.fromisoformat(answer["generated_at"])
    html = render_to_string(
        "privacy/access_request.html", {"answer": answer, "generated": generated}
    )
    return HTML(string=html).write_pdf()


def filename(answer: dict, extension: str) -> str:
    return f"inzageverzoek-{answer['person']}.{extension}"
