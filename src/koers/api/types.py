"""Value types of the API: strict where clients send data, plain where Koers answers.

Input is validated as its schema says and no looser: a number sent as a string, a date
as a number, an unknown field: each is refused (422), so that what the schema calls
invalid never gets in.
"""

import datetime
import re
import uuid
from typing import Annotated, Any

from django.db import models
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, WithJsonSchema

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?\Z"
)
DIGITS = re.compile(r"[0-9]{1,9}\Z")


def _text(value: str) -> str:
    """Text a database can hold: no NUL character, no lone surrogate."""
    if "\x00" in value:
        raise ValueError("tekst zonder NUL-teken")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("tekst in UTF-8") from None
    return value


def _moment(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str) and ISO_MOMENT.match(value):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        raise ValueError("een tijdstip als JJJJ-MM-DDTUU:MM:SS+01:00")
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC: ISO 8601 and Python allow an offset up to 23:59, PostgreSQL none beyond
        # 15:59 (Django passes it an aware moment's offset as given; SQLite's backend
        # converts to UTC itself).
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # a moment on the edge of year 1 or 9999 that UTC moves out
        raise ValueError("een tijdstip tussen de jaren 1 en 9999") from None


def _digits(value: Any) -> Any:
    if isinstance(value, str):
        if not DIGITS.match(value):
            raise ValueError("een geheel getal")
        return int(value)
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not ISO_DATE.match(value):
            raise ValueError("een datum als JJJJ-MM-DD")
        return datetime.date.fromisoformat(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise ValueError("een datum als JJJJ-MM-DD")


def _uid(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ValueError("een uid (UUID)") from None
    raise ValueError("een uid (UUID)")


# A calendar date, as JSON "YYYY-MM-DD" and nothing else.
Day = Annotated[
    datetime.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
# A record's uid given as a reference (a string in UUID form).
Uid = Annotated[
    uuid.UUID, BeforeValidator(_uid), WithJsonSchema({"type": "string", "format": "uuid"})
]


# Free text from a client (a query value, a body field).
Text = Annotated[str, AfterValidator(_text)]
# A moment (ISO 8601), a time zone optional (Amsterdam's when none is given).
Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_moment),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
# A whole number in a query string: digits only.
Count = Annotated[int, BeforeValidator(_digits)]


class In(Schema):
    """A request body: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Ref(Schema):
    """Another record: its opaque uid and its external id (never an internal number)."""

    uid: uuid.UUID
    external_id: str


def _ref(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"uid": value.uid, "external_id": value.external_id}
    return value


# A foreign key in an answer: the related record (select_related) shown as a Ref.
RefOf = Annotated[Ref, BeforeValidator(_ref)]


def _refs(value: Any) -> Any:
    if hasattr(value, "all"):  # a related manager (prefetched)
        value = value.all()
    return [_ref(item) for item in value]


RefsOf = Annotated[list[Ref], BeforeValidator(_refs)]


def _codes(attribute: str):
    def read(value: Any) -> Any:
        if hasattr(value, "all"):
            value = value.all()
        if isinstance(value, str):
            return value
        return sorted(
            getattr(item, attribute) if isinstance(item, models.Model) else item for item in value
        )

    return BeforeValidator(read)


def codes_of(attribute: str):
    """Child rows of codes (a contact's topics, a staff member's roles) as a sorted list."""
    return Annotated[list[str], _codes(attribute)]
