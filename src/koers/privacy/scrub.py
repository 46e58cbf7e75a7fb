"""What identifies a client in a record, and what it is overwritten with.

Free text (every ``TextField`` of a record about a client: notes, reports, reasons)
always identifies. Of the short fields, the ones listed in :data:`IDENTIFYING` do:
names, the V-number, the search key, an address, a visitor's mark, a budget line's
counterparty and the name of a referral's contact. Everything the figures count stays:
dates, codes, sex, nationality, household, location. The birth date keeps its year,
and its day and month only as far as the adult/minor split at each housing needs
(:func:`coarse_birth_date`), so every past figure stays the same.
"""

import datetime
import re
from collections.abc import Iterable

from django.db import models

MARK = "[geanonimiseerd]"
ANONYMOUS_GIVEN_NAME = "Geanonimiseerd"
ADULT = 180000  # in yyyymmdd arithmetic, as the indicators count it (koers.indicators.queries)

IDENTIFYING: dict[str, tuple[str, ...]] = {
    "people.person": (
        "given_name",
        "family_name",
        "v_number",
        "name_key",
        "phone",
        "email",
        "interpreter_language",
    ),
    "people.dwelling": ("postcode", "house_number"),
    "coaching.budgetline": ("description", "counterparty"),
    "coaching.referral": ("partner_detail",),
    "contacts.contact": ("visitor_ref",),
    # a family member of a reunification dossier: not a client, so nothing of them counts
    "legal.familymember": ("given_name", "family_name", "birth_date", "whereabouts"),
    # the document itself is deleted with its file (documents.services.documents_erase)
    "documents.document": ("title", "file_name"),
}
# Rows of their own that identify a client, removed by anonymisation (and never imported
# back): the languages a client speaks. ``{model: (relation, ...)}``.
IDENTIFYING_RELATIONS: dict[str, tuple[str, ...]] = {"people.person": ("languages",)}
# Records that document the anonymisation itself are kept as they are.
KEPT_APPS = {"privacy"}
# Free text of a branch that names no client by design, yet might: a signal to the
# municipality, a draft story of the yearly report. Mentions there are redacted.
BRANCH_TEXT = {"coaching.signal": ("description",), "reports.reportnarrative": ("text",)}
ANONYMISED_KEY = "anonymised"  # the change-log row that marks the anonymisation itself
ANONYMISED_ROW = "_anonymised"  # an import row about anonymised clients only (exchange)


def identifying_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of ``model`` that anonymisation overwrites (none for kept apps)."""
    if model._meta.app_label in KEPT_APPS:
        return []
    listed = IDENTIFYING.get(model._meta.label_lower, ())
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in listed or isinstance(field, models.TextField)
    ]


def blanked(field: models.Field) -> str | None:
    """Empty where the field may be empty (a date: none), else the visible mark."""
    if isinstance(field, models.DateField) and field.null:
        return None
    return "" if field.blank else MARK


def _yyyymmdd(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _adult_at(born: datetime.date, days: list[datetime.date]) -> list[bool]:
    return [_yyyymmdd(day) - _yyyymmdd(born) >= ADULT for day in days]


def coarse_birth_date(born: datetime.date, housed_on: list[datetime.date]) -> datetime.date:
    """1 July of the birth year, moved towards the real date only as far as the housings need.

    The indicators read a birth date only to split people housed into adults and minors
    on the day of housing; the day chosen gives every housing the same split, and tells
    no more than those figures already do.
    """
    wanted = _adult_at(born, housed_on)
    day = datetime.date(born.year, 7, 1)
    step = datetime.timedelta(days=1 if born > day else -1)
    while _adult_at(day, housed_on) != wanted:
        day += step
    return day


def scrubbed_changes(changes: dict, attnames: set[str]) -> dict:
    """A change-log ``changes`` dict with the values of identifying fields replaced by the mark."""
    return {
        key: [MARK if value not in (None, "") else value for value in pair]
        if key in attnames
        else pair
        for key, pair in changes.items()
    }


def identifying_names(model: type[models.Model]) -> set[str]:
    """Every field of ``model`` that identifies a client: the overwritten ones and, of a
    person, the birth date (kept only coarsened). No import writes them back."""
    names = {field.attname for field in identifying_fields(model)}
    if model._meta.label_lower == "people.person":
        names.add("birth_date")
    return names


def logged_attnames(model: type[models.Model]) -> set[str]:
    """Fields (and identifying relations) whose values the change log of ``model`` must no
    longer show."""
    return identifying_names(model) | set(IDENTIFYING_RELATIONS.get(model._meta.label_lower, ()))


def mention_pattern(people: Iterable) -> re.Pattern | None:
    """Whole-word, any-case mentions of these people: full name, family name, V-number."""
    words = set()
    for person in people:
        words.add(f"{person.given_name} {person.family_name}")
        words.update(part for part in (person.family_name, person.v_number) if len(part) > 2)
    if not words:
        return None
    alternatives = sorted(words, key=len, reverse=True)  # the full name before its parts
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b", re.IGNORECASE)


def redacted(value, pattern: re.Pattern):
    """``value`` (text, or a change log's JSON) with every mention replaced by the mark."""
    if isinstance(value, str):
        return pattern.sub(MARK, value)
    if isinstance(value, list):
        return [redacted(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: redacted(item, pattern) for key, item in value.items()}
    return value
