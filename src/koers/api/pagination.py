"""Cursor pagination: stable under inserts, no page counts, no internal numbers.

Rows are walked in the order of their opaque ``uid``; the cursor is the last uid of
the page, encoded. A client follows ``next_cursor`` until it is null.
"""

import base64
import binascii
import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koers.api.errors import invalid

DEFAULT_LIMIT = 100


def encode(value: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(value.bytes).decode().rstrip("=")


def decode(cursor: str) -> uuid.UUID:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if len(raw) != 16:
            raise ValueError(cursor)
        return uuid.UUID(bytes=raw)
    except (ValueError, binascii.Error):
        raise invalid("cursor", _("Onbekende cursor.")) from None


def page(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """The rows after ``cursor`` (at most ``limit``), and the cursor of the next page."""
    rows = queryset.order_by("uid")
    if cursor:
        rows = rows.filter(uid__gt=decode(cursor))
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, (encode(found[-1].uid) if more and found else None)


def page_of_list(items: list, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """A computed list (deadline items) in its own order: the cursor encodes the position."""
    start = 0
    if cursor:
        start = decode(cursor).int
        if start > len(items):
            start = len(items)
    end = start + limit
    more = end < len(items)
    return items[start:end], (encode(uuid.UUID(int=end)) if more else None)
