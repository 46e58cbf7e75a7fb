"""One person, one record: the people a new registration may be a second record of.

A person already in Koers with the same birth date and a name that the spelling-tolerant
search matches (``people.search``: Muhammad Alrashid = Mohammed Al-Rashid, in either
order of the names) is a *possible duplicate*. Forms show the ones the user may see (name,
birth date, V-number, branch, a link to the file; each shown is written to the access
log) and ask for a conscious "dit is iemand anders" before saving. Matches in a branch
the user may not see are only counted: the form says that someone else in Koers fits and
to ask the team leader, never who or where (what the user typed is all it confirms, as a
V-number already in use does).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core import dates
from koers.core.access import log_access
from koers.core.actors import Actor
from koers.people.models import Person
from koers.people.search import name_score, words

SAME_NAME = 0.85  # name_score from which two names are one name in another spelling


@dataclass
class Duplicates:
    visible: list[Person] = field(default_factory=list)
    hidden: int = 0  # matches in branches the user may not see

    def __bool__(self) -> bool:
        return bool(self.visible or self.hidden)

    def warnings(self) -> list[str]:
        found = [
            _("Staat deze persoon al in Koers? %(name)s, geboren %(born)s%(v)s, %(location)s.")
            % {
                "name": person,
                "born": dates.written(person.birth_date),
                "v": _(", V-nummer %(v)s") % {"v": person.v_number} if person.v_number else "",
                "location": person.location.name,
            }
            for person in self.visible
        ]
        if self.hidden:
            found.append(
                ngettext(
                    "Bij een afdeling die u niet kunt inzien staat iemand met deze geboortedatum "
                    "en een gelijkende naam. Vraag uw teamleider na of het dezelfde persoon is.",
                    "Bij afdelingen die u niet kunt inzien staan %(n)d mensen met deze "
                    "geboortedatum en een gelijkende naam. Vraag uw teamleider na of het "
                    "dezelfde persoon is.",
                    self.hidden,
                )
                % {"n": self.hidden}
            )
        return found

    def links(self) -> list[tuple[str, str]]:
        return [
            (str(person), reverse("people:file", kwargs={"person_uid": person.uid}))
            for person in self.visible
        ]


def same_name(given_name: str, family_name: str, other) -> bool:
    """Whether two names are one name in other spellings (``other`` has the two names)."""
    query = tuple(words(f"{given_name} {family_name}"))
    there = tuple(words(f"{other.given_name} {other.family_name}"))
    if not query or not there:
        return False
    # both ways, so that a name with an extra word matches neither more nor less
    return (
        name_score(query, other.given_name, other.family_name) >= SAME_NAME
        and name_score(there, given_name, family_name) >= SAME_NAME
    )


def possible_duplicates(
    *,
    user: Actor,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None,
    exclude: QuerySet | list | None = None,
) -> Duplicates:
    """The people with this birth date and a matching name: those ``user`` sees, and how
    many more exist elsewhere. ``exclude``: people (pks) that are not candidates."""
    if not birth_date or not (given_name or family_name):
        return Duplicates()
    candidates = Person.objects.filter(birth_date=birth_date).select_related("location")
    if exclude is not None:
        candidates = candidates.exclude(pk__in=exclude)
    matching = [p for p in candidates if same_name(given_name, family_name, p)]
    if not matching:
        return Duplicates()
    seen = set(
        Person.objects.for_user(user)
        .filter(pk__in=[p.pk for p in matching])
        .values_list("pk", flat=True)
    )
    return Duplicates(
        visible=[p for p in matching if p.pk in seen],
        hidden=sum(1 for p in matching if p.pk not in seen),
    )


def shown_duplicates(request, members: list[tuple[str, str, datetime.date | None]]) -> Duplicates:
    """The possible duplicates of new members ``(given name, family name, birth date)`` as a
    form shows them to ``request.user``; the people shown are written to the access log."""
    found = Duplicates()
    for given_name, family_name, birth_date in members:
        each = possible_duplicates(
            user=request.user,
            given_name=given_name,
            family_name=family_name,
            birth_date=birth_date,
        )
        found.visible += [p for p in each.visible if p not in found.visible]
        found.hidden += each.hidden
    if found.visible:
        log_access(request, found.visible, action="search", what=_("mogelijk dezelfde persoon"))
    return found
