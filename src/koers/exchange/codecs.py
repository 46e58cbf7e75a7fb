"""How one CSV cell becomes a field value and back: the format's general rules, once.

A codec's ``parse`` takes a non-empty cell and returns the value or raises
``ValueError`` with the message shown to the user; ``format`` writes a value
(never ``None``: an empty cell is written by the caller).
"""

import datetime
import decimal
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"-?\d+")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
SEPARATOR = ";"
LONG_LIST = 12  # code lists longer than this are not spelled out in a message


class Codec:
    def parse(self, text: str):
        raise NotImplementedError

    def format(self, value) -> str:
        return str(value)


@dataclass(frozen=True)
class Text(Codec):
    max_length: int | None = None
    validators: tuple[Callable, ...] = ()

    def parse(self, text: str) -> str:
        if self.max_length is not None and len(text) > self.max_length:
            raise ValueError(f"longer than {self.max_length} characters")
        for validator in self.validators:
            try:
                validator(text)
            except ValidationError as error:
                raise ValueError(f"{text!r}: {' '.join(error.messages)}") from None
        return text


@dataclass(frozen=True)
class Code(Codec):
    """One value of a closed code list (case-sensitive)."""

    codes: frozenset[str]
    what: str = "code"

    def parse(self, text: str) -> str:
        if text not in self.codes:
            if len(self.codes) <= LONG_LIST:
                expected = ", ".join(sorted(self.codes))
                raise ValueError(f"unknown {self.what} {text!r} (expected one of {expected})")
            raise ValueError(f"unknown {self.what} {text!r}")
        return text


class Date(Codec):
    def parse(self, text: str) -> datetime.date:
        try:
            if DATE.fullmatch(text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        raise ValueError(f"malformed date {text!r} (expected YYYY-MM-DD)")

    def format(self, value: datetime.date) -> str:
        return value.isoformat()


class Boolean(Codec):
    def parse(self, text: str) -> bool:
        if text == "true":
            return True
        if text == "false":
            return False
        raise ValueError(f"not a boolean {text!r} (expected true or false)")

    def format(self, value: bool) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class Integer(Codec):
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, text: str) -> int:
        if not INTEGER.fullmatch(text):
            raise ValueError(f"not a whole number {text!r}")
        value = int(text)
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{value} is less than {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{value} is more than {self.maximum}")
        return value


@dataclass(frozen=True)
class Number(Codec):
    """A decimal number, written without trailing zeros (``12``, ``12.5``)."""

    max_digits: int
    decimal_places: int
    minimum: decimal.Decimal | None = None

    def parse(self, text: str) -> decimal.Decimal:
        if not NUMBER.fullmatch(text):
            raise ValueError(f"not a number {text!r}")
        value = decimal.Decimal(text)
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{text} is less than {self.minimum}")
        places = max(0, -value.normalize().as_tuple().exponent)
        whole = len(str(int(abs(value)))) if int(abs(value)) else 0
        if places > self.decimal_places or whole > self.max_digits - self.decimal_places:
            raise ValueError(
                f"{text} does not fit {self.max_digits - self.decimal_places} digits "
                f"before and {self.decimal_places} after the point"
            )
        return value

    def format(self, value: decimal.Decimal) -> str:
        return format(value.normalize(), "f")


@dataclass(frozen=True)
class Reference(Codec):
    """The external id of a record of another file (resolved by the importer), or the
    ``key`` of configuration no bundle carries (a deadline rule by its code)."""

    target: type  # the referenced model; its file is found in ``files.SPEC_BY_MODEL``
    key: str = "external_id"

    def parse(self, text: str) -> str:
        return text


@dataclass(frozen=True)
class Many(Codec):
    """Values separated by ``;``, each parsed by ``each``; order kept, repeats refused."""

    each: Codec

    def parse(self, text: str) -> tuple:
        values = []
        for part in text.split(SEPARATOR):
            if not part:
                raise ValueError(f"empty value in {text!r}")
            value = self.each.parse(part)
            if value in values:
                raise ValueError(f"{part!r} is listed twice")
            values.append(value)
        return tuple(values)

    def format(self, value: Iterable) -> str:
        return SEPARATOR.join(self.each.format(item) for item in value)


@dataclass(frozen=True)
class Pairs(Codec):
    """``key:value`` pairs separated by ``;`` (ZRM scores: ``finances:3;housing:4``).

    Parsed into ``(key, value)`` tuples in the order given; a key listed twice is refused.
    """

    key: Codec
    value: Codec

    def parse(self, text: str) -> tuple:
        pairs: dict = {}
        for part in text.split(SEPARATOR):
            key, colon, value = part.partition(":")
            if not colon or not key or not value:
                raise ValueError(f"{part!r} is not key:value")
            parsed = self.key.parse(key)
            if parsed in pairs:
                raise ValueError(f"{key!r} is listed twice")
            pairs[parsed] = self.value.parse(value)
        return tuple(pairs.items())

    def format(self, value: Iterable) -> str:
        return SEPARATOR.join(f"{self.key.format(k)}:{self.value.format(v)}" for k, v in value)


class Json(Codec):
    """A JSON value in one cell (a published report's frozen figures), keys sorted."""

    def parse(self, text: str):
        try:
            return json.loads(text, parse_constant=refuse_constant)
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON ({error.msg} at character {error.pos})") from None

    def format(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def refuse_constant(name: str):
    """NaN and Infinity are no JSON that PostgreSQL stores."""
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


class HalfYear(Codec):
    """``YYYY-H1`` / ``YYYY-H2`` to a (first day, last day) pair."""

    def __init__(self, bounds: Callable[[str], tuple[datetime.date, datetime.date]]):
        self.bounds = bounds

    def parse(self, text: str) -> tuple[datetime.date, datetime.date]:
        try:
            return self.bounds(text)
        except ValueError:
            raise ValueError(f"malformed period {text!r} (expected YYYY-H1 or YYYY-H2)") from None

    def format(self, value: tuple[datetime.date, datetime.date]) -> str:
        start = value[0]
        return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
