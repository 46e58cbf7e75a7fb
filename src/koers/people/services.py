"""Writes of people, households, dwellings and placements (each with its change-log row)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import dates
from koers.core.actors import Actor
from koers.core.changes import change_entry
from koers.core.languages import LANGUAGES
from koers.core.models import ChangeLogEntry, Location
from koers.core.services import ConflictError, record_create, record_update, require_write
from koers.people.models import Dwelling, Household, Person, PersonLanguage, Placement
from koers.people.phones import normalised_phone
from koers.people.search import name_key_for

ADULT_AGE = dates.ADULT_AGE


def person_warnings(*, birth_date: datetime.date | None) -> list[str]:
    """What is possible but implausible about one person; the user may confirm it.

    A birth date or permit after today is refused, not warned about (``core.dates``).
    """
    label = str(Person._meta.get_field("birth_date").verbose_name).capitalize()
    doubt = dates.doubt(dates.HAPPENED, birth_date, label, birth=True)
    return [doubt] if doubt else []


def household_warnings(birth_dates: list[datetime.date]) -> list[str]:
    """Implausible households: no adult among the members (a child as the only adult)."""
    today = timezone.localdate()
    if birth_dates and all(dates.age_on(born, today) < ADULT_AGE for born in birth_dates):
        return [_("Er is geen volwassene in dit huishouden: alleen minderjarigen.")]
    return []


@transaction.atomic
def person_create(*, location: Location, household: Household, by: Actor, **fields: Any) -> Person:
    key = name_key_for(fields.get("given_name", ""), fields.get("family_name", ""))
    return record_create(
        Person, by=by, location=location, household=household, name_key=key, **fields
    )


@transaction.atomic
def person_update(*, person: Person, expected_version: int, by: Actor, **fields: Any) -> Person:
    """Change a person's details; ConflictError if someone saved in between."""
    given = fields.get("given_name", person.given_name)
    family = fields.get("family_name", person.family_name)
    return record_update(
        person,
        by=by,
        expected_version=expected_version,
        name_key=name_key_for(given, family),
        **fields,
    )


def languages_of(person: Person) -> list[str]:
    """The codes of the languages the client speaks, sorted."""
    return sorted(person.languages.values_list("language", flat=True))


@transaction.atomic
def person_contact_update(
    *,
    person: Person,
    expected_version: int,
    by: Actor,
    phone: str,
    email: str,
    interpreter_language: str,
    languages: list[str],
) -> Person:
    """Change how to reach the client: phone (stored in E.164), e-mail, the languages they
    speak and the language an interpreter is needed in ("" for none). ConflictError if
    someone saved the person in between; the change log gets the fields' change and, when
    the languages changed, a row ``{"languages": [before, after]}`` (the version moves on)."""
    try:
        phone = normalised_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise ValidationError({"languages": _("Onbekende taal: %s") % ", ".join(unknown)})
    wanted = sorted(set(languages))
    fresh = Person.objects.select_for_update().get(pk=person.pk)
    require_write(by, Person, fresh.pk)
    fields = {"phone": phone, "email": email.strip(), "interpreter_language": interpreter_language}
    if fresh.version != expected_version:
        raise ConflictError(fresh, {**fields, "languages": wanted})
    before = languages_of(fresh)
    updated = record_update(fresh, by=by, expected_version=expected_version, **fields)
    if before != wanted:
        PersonLanguage.objects.filter(person=updated).exclude(language__in=wanted).delete()
        PersonLanguage.objects.bulk_create(
            PersonLanguage(person=updated, language=code) for code in wanted if code not in before
        )
        if updated.version == expected_version:  # only the languages changed
            Person.objects.filter(pk=updated.pk).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
            updated.refresh_from_db()
        change_entry(
            updated, ChangeLogEntry.Action.UPDATE, by=by, changes={"languages": [before, wanted]}
        ).save()
    return updated


@dataclass(frozen=True)
class NewDwelling:
    postcode: str = ""
    house_number: str = ""
    landlord: str = ""
    available_on: datetime.date | None = None


@transaction.atomic
def household_register(
    *,
    location: Location,
    members: list[dict],
    by: Actor,
    dwelling: Dwelling | None = None,
    new_dwelling: NewDwelling | None = None,
    housed_on: datetime.date | None = None,
    counts_for_quota: bool = True,
) -> Household:
    """A new household with its members and, when housed, their placement in one dwelling.

    ``members`` are the field values of each person; ``dwelling`` is an existing one of
    the same location, or ``new_dwelling`` describes one to create.
    """
    if not members:
        raise ValueError("a household has at least one member")
    if dwelling is not None and dwelling.location_id != location.pk:
        raise ValueError("the dwelling belongs to another location")
    household = record_create(Household, by=by, location=location)
    people = [
        person_create(location=location, household=household, by=by, **member) for member in members
    ]
    if new_dwelling is not None:
        dwelling = record_create(Dwelling, by=by, location=location, **vars(new_dwelling))
    if dwelling is not None and housed_on is not None:
        for person in people:
            record_create(
                Placement,
                by=by,
                person=person,
                dwelling=dwelling,
                housed_on=housed_on,
                counts_for_quota=counts_for_quota,
            )
    return household
