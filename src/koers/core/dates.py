"""Plausible dates, in one place: which dates may lie ahead, which may not, and their order.

Every date of Koers is one of two kinds:

- **happened** (the default): the day something took place — a birth, a permit, a
  housing, a signature, an exam result, a contact, a step done. It cannot lie after
  today: a form, a service (``Record.clean_fields``), the back office and the import
  refuse it.
- **ahead**: a day that may be planned — an appointment, a due date, a planned end, a
  group's next session, a role or volunteer that starts next month. It may lie after
  today. They are listed in ``MAY_LIE_AHEAD`` by ``app_label.Model.field`` (the only
  domain names this module holds: it names no model class and imports no app), each
  with its reason; ``tests/core/test_dates.py`` fails on a date field of a model that is
  neither here nor a happened date on purpose, so a new app's dates are decided.

The order rules: nothing about a client happens before they were born (every happened
date of a record about one client, ``scope.person``: a placement, a contact, an exam
result, a dossier step, an evaluation), and the participation statement is signed by an
adult (``ADULT_AGE``).
A permit dated before the birth is only a "Klopt dit?" (``permit_doubt``): a child born
here is often recorded with the family's permit date (the acceptance data has one).
They refuse; a date far in the past, or far ahead (a typo-like year: 2062 for 2026),
only asks "Klopt dit?" (a warning the user confirms, ``core.editing.WorkForm``).

Messages come twice: Dutch for a form's field, English for the import's located
problems (``file:line: column: message``, as every message of the exchange format).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.formatting import date_text

HAPPENED = "happened"
AHEAD = "ahead"

MAY_LIE_AHEAD: dict[str, str] = {
    "accounts.Membership.started_on": "a role can be given from a day ahead",
    "accounts.Membership.ended_on": "a role can end on a planned day",
    "people.Dwelling.available_on": "a landlord offers a home from a day ahead",
    "people.QuotaPeriod.starts_on": "the quota of a coming half-year",
    "people.QuotaPeriod.ends_on": "the quota of a coming half-year",
    "staff.StaffMember.started_on": "a volunteer or colleague who starts next month",
    "staff.StaffMember.ended_on": "a planned last day",
    "legal.DossierStep.due_on": "a due date",
    "groups.Group.started_on": "a course that starts next month",
    "groups.Group.ended_on": "a course's planned end",
    "groups.GroupSession.date": "a planned session (attendance only once it was held)",
    "groups.Enrolment.enrolled_on": "enrolled for a course that starts later",
    "groups.Enrolment.left_on": "a planned end of the enrolment",
    "matching.Match.ended_on": "a buddy pair ends on its planned day",
    "coaching.Trajectory.coach_since": "a change of coach planned from a day ahead",
    "coaching.CoachPeriod.ended_on": "the day before a change of coach planned ahead",
    "matching.Match.staff_since": "a change of volunteer planned from a day ahead",
    "matching.MatchVolunteerPeriod.ended_on": "the day before a planned change of volunteer",
    "integration.IntegrationPlan.unburdening_from": "unburdening planned from a day ahead",
    "integration.IntegrationPlan.unburdening_until": "unburdening's planned end",
    "cooperation.Activity.date": "an information session or event that is planned",
    "deadlines.Digest.on": "set by the system, the day of the digest",
    "indicators.Fact.start": "set by the system: a standard period's first day",
    "indicators.Fact.end": "set by the system: the period of this year's figures ends ahead",
    "indicators.ScopeFact.start": "set by the system: a standard period's first day",
    "indicators.ScopeFact.end": "set by the system: the period of this year's figures ends ahead",
}

ADULT_AGE = 18
OLDEST_AGE = 110  # a birth date further back asks "Klopt dit?"
FAR_PAST_YEARS = 30  # a happened date (not a birth) further back asks "Klopt dit?"
FAR_AHEAD_YEARS = 5  # a date further ahead asks "Klopt dit?" (a typo-like year)
BIRTH = "birth_date"  # the client's field the order rules compare with


def label_of(model: type[models.Model], field: str) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}.{field}"


def kind_of(label: str | None) -> str:
    """The kind of the date field ``app_label.Model.field``; undeclared dates happened."""
    return AHEAD if label in MAY_LIE_AHEAD else HAPPENED


def date_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]


def written(day: datetime.date) -> str:
    return date_text(day)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# -- refusals ------------------------------------------------------------------------------


def future_error(kind: str, value, today: datetime.date) -> str | None:
    """Dutch: a happened date after today."""
    if kind == HAPPENED and isinstance(value, datetime.date) and value > today:
        return _(
            "Deze datum (%(date)s) ligt na vandaag (%(today)s): dat kan niet, het gaat om "
            "iets dat al gebeurd is."
        ) % {"date": written(value), "today": written(today)}
    return None


def future_problem(kind: str, value, today: datetime.date) -> str | None:
    """English, for the import: a happened date after today."""
    if kind == HAPPENED and isinstance(value, datetime.date) and value > today:
        return f"{value.isoformat()} is in the future (today is {today.isoformat()})"
    return None


@dataclass(frozen=True)
class OrderBreak:
    field: str
    dutch: str
    english: str


def order_breaks(values: dict, birth_date, *, own_fields: list[str], person_self: bool):
    """The order rules broken by a record's date ``values`` given its client's birth date.

    ``person_self``: the values are the client's own (permit, signature); else every
    happened date of the record is compared with the birth date.
    """
    if not isinstance(birth_date, datetime.date):
        return []
    born = written(birth_date)
    breaks = []
    if person_self:
        signed = values.get("participation_statement_signed_on")
        if isinstance(signed, datetime.date) and age_on(birth_date, signed) < ADULT_AGE:
            breaks.append(
                OrderBreak(
                    "participation_statement_signed_on",
                    _(
                        "Op %(date)s was deze persoon %(age)d jaar: de participatieverklaring "
                        "tekent een volwassene (%(adult)d of ouder)."
                    )
                    % {
                        "date": written(signed),
                        "age": age_on(birth_date, signed),
                        "adult": ADULT_AGE,
                    },
                    f"{signed.isoformat()}: the person was {age_on(birth_date, signed)}, "
                    f"a participation statement is signed at {ADULT_AGE} or older",
                )
            )
        return breaks
    for name in own_fields:
        value = values.get(name)
        if isinstance(value, datetime.date) and value < birth_date:
            breaks.append(
                OrderBreak(
                    name,
                    _("Deze datum ligt vóór de geboorte van de cliënt (%(born)s).")
                    % {"born": born},
                    f"{value.isoformat()} is before the person's birth_date "
                    f"{birth_date.isoformat()}",
                )
            )
    return breaks


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def happened_fields(model: type[models.Model]) -> list[str]:
    return [name for name in date_fields(model) if kind_of(label_of(model, name)) == HAPPENED]


def client_of(model: type[models.Model]) -> str | None:
    """``"self"`` for the client model; for a record of one client the path to them
    (``"person"``, ``"dossier__person"``, ...); else None. A record with a birth date of
    its own is about someone else (a family member abroad) and is not compared."""
    scope = getattr(model, "scope", None)
    path = getattr(scope, "person", None)
    if not isinstance(path, str):
        return None
    has_birth = any(f.name == BIRTH for f in model._meta.concrete_fields)
    if path == "pk":
        return "self" if has_birth else None
    if path.endswith("person") and not has_birth and not getattr(scope, "person_many", False):
        return path
    return None


def client_birth(instance: models.Model, path: str):
    """The birth date of the client at ``path`` from ``instance`` (None when unset)."""
    for segment in path.split("__"):
        if getattr(instance, f"{segment}_id", None) is None:
            return None
        instance = getattr(instance, segment)
    return getattr(instance, BIRTH, None)


def record_errors(instance: models.Model, *, exclude=(), today=None) -> dict[str, list[str]]:
    """The refusals of a record's dates (``Record.clean_fields``): Dutch, by field."""
    today = today or timezone.localdate()
    model = type(instance)
    errors: dict[str, list[str]] = {}
    for name in date_fields(model):
        if name in exclude:
            continue
        message = future_error(kind_of(label_of(model, name)), getattr(instance, name), today)
        if message:
            errors.setdefault(name, []).append(message)
    client = client_of(model)
    if client == "self":
        values = {name: getattr(instance, name) for name in date_fields(model)}
        breaks = order_breaks(values, values.get(BIRTH), own_fields=[], person_self=True)
    elif client is not None:
        own = [n for n in happened_fields(model) if n not in exclude and n not in errors]
        values = {name: getattr(instance, name) for name in own}
        born = client_birth(instance, client) if own else None
        breaks = order_breaks(values, born, own_fields=own, person_self=False)
    else:
        breaks = []
    for found in breaks:
        if found.field not in exclude and found.field not in errors:
            errors.setdefault(found.field, []).append(found.dutch)
    return errors


# -- "Klopt dit?" ----------------------------------------------------------------------------


def permit_doubt(birth_date, permit) -> str | None:
    dated = isinstance(birth_date, datetime.date) and isinstance(permit, datetime.date)
    if dated and permit < birth_date:
        return _(
            "Klopt dit? De vergunning (%(permit)s) ligt vóór de geboorte (%(born)s). Bij "
            "een kind dat hier geboren is, staat soms de datum van het gezin."
        ) % {"permit": written(permit), "born": written(birth_date)}
    return None


def doubt(kind: str, value, label: str, *, birth: bool = False, today=None) -> str | None:
    """Dutch: a possible but unlikely date — far in the past, or far ahead (a typo?)."""
    if not isinstance(value, datetime.date):
        return None
    today = today or timezone.localdate()
    back = OLDEST_AGE if birth else FAR_PAST_YEARS
    if value < years_before(today, back):
        return _("Klopt dit? %(label)s is %(date)s: meer dan %(years)d jaar geleden.") % {
            "label": label,
            "date": written(value),
            "years": back,
        }
    if kind == AHEAD and value > today.replace(year=today.year + FAR_AHEAD_YEARS):
        return _("Klopt dit? %(label)s is %(date)s: meer dan %(years)d jaar vooruit.") % {
            "label": label,
            "date": written(value),
            "years": FAR_AHEAD_YEARS,
        }
    return None
