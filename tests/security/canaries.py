"""Clients with values that occur nowhere else, so a response or a log line that shows one is found.

Each canary client has a unique given name, family name, V-number and birth date; a
page *exposes* a client when any of them appears in it (the birth date in every
format Koers prints). The records the object routes need are made by the access
matrix's generic builder, tied to the first client at the team leader's branch;
a second client there has a trajectory, a match, a dossier and a group place so
lists show more than one person. One more client lives at another branch, where
the team leader must never see them.

The fixture's volunteer works with them too (:meth:`CanaryWorld.assign_volunteer`): coach
of the main client's trajectory (so the main client and the child are their own clients)
and one of the group's leaders (so the second client, enrolled, is in their reach).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import formats, translation

from koers.coaching.models import Trajectory
from koers.core.formatting import date_text
from koers.core.models import Location
from koers.groups.models import Group
from koers.people.models import Household, Person
from koers.people.search import refresh_name_keys
from tests.access.records import FarWorld
from tests.factories import (
    DossierFactory,
    EnrolmentFactory,
    GroupSessionFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    TrajectoryFactory,
)


@dataclass(frozen=True)
class Canary:
    given_name: str
    family_name: str
    v_number: str
    birth_date: datetime.date

    def respelled(self) -> str:
        """The family name as a search query in another spelling (doubled vowels): it finds
        this client, yet the query echoed back on a page is not the stored name."""
        return self.family_name.replace("a", "aa").replace("o", "oo")

    def shown_forms(self) -> set[str]:
        """Every way this client's identifying values can appear in a page or a log line."""
        born = self.birth_date
        with translation.override("nl"):
            long_dutch = formats.date_format(born, "j F Y")
            short_dutch = formats.date_format(born, "SHORT_DATE_FORMAT")
        return {
            self.given_name,
            self.family_name,
            self.v_number,
            born.isoformat(),
            f"{born:%d-%m-%Y}",
            f"{born:%d/%m/%Y}",
            long_dutch,
            short_dutch,
            date_text(born),  # the one format of the pages ("14 mrt. 1987")
        }


MAIN = Canary("Zyxqwa", "Canarynaam", "7391827364", datetime.date(1987, 3, 14))
CHILD = Canary("Vexorbel", "Kwistrand", "7391827375", datetime.date(2011, 9, 23))
SECOND = Canary("Quillomar", "Drexhavik", "7391827386", datetime.date(1979, 11, 5))
SEARCH_ONLY = Canary("Blixtorven", "Haarmeulbeq", "7391827397", datetime.date(1993, 6, 28))
ELSEWHERE = Canary("Jorvimund", "Praxtelkamp", "7391827308", datetime.date(1968, 1, 19))
CANARIES = (MAIN, CHILD, SECOND, SEARCH_ONLY, ELSEWHERE)
REPORT_YEAR = 2017


def make_person(canary: Canary, location: Location, household: Household) -> Person:
    return PersonFactory(
        location=location,
        household=household,
        given_name=canary.given_name,
        family_name=canary.family_name,
        v_number=canary.v_number,
        birth_date=canary.birth_date,
    )


class CanaryWorld(FarWorld):
    """A record of every model at ``location``, about the main canary client and their household."""

    def __init__(self, location: Location, *, elsewhere: Location, staff_user):
        super().__init__(location)
        self.far_user = staff_user
        self.far_membership = staff_user.memberships.first()
        household = HouseholdFactory(location=location)
        self.people = {
            MAIN: make_person(MAIN, location, household),
            CHILD: make_person(CHILD, location, household),
            SECOND: make_person(SECOND, location, HouseholdFactory(location=location)),
            SEARCH_ONLY: make_person(SEARCH_ONLY, location, HouseholdFactory(location=location)),
            ELSEWHERE: make_person(ELSEWHERE, elsewhere, HouseholdFactory(location=elsewhere)),
        }
        self.made[Person] = self.people[MAIN]
        self.made[Household] = household
        self.made[type(staff_user)] = staff_user
        refresh_name_keys(Person.objects.filter(pk__in=[p.pk for p in self.people.values()]))
        self._give_the_second_client_casework()

    def _make(self, model: type[models.Model]) -> models.Model:
        """The generic record, with a year the reports cover (the plain value 1 is not one)."""
        record = super()._make(model)
        if any(field.name == "year" for field in model._meta.concrete_fields):
            record.year = REPORT_YEAR
            record.save(update_fields=["year"])
        return record

    def _give_the_second_client_casework(self) -> None:
        second = self.people[SECOND]
        TrajectoryFactory(person=second)
        MatchFactory(person=second)
        DossierFactory(person=second)
        group = self.get(Group)
        EnrolmentFactory(group=group, person=second)
        GroupSessionFactory(group=group)

    def assign_volunteer(self, volunteer) -> None:
        """The volunteer coaches the main client's trajectory and helps run the group."""
        staff = volunteer.staff_member
        trajectory = self.get(Trajectory)
        trajectory.coach = staff
        trajectory.save(update_fields=["coach"])
        self.get(Group).staff.add(staff)

    def exposed_in(self, text: str) -> set[int]:
        """Primary keys of the canary clients any of whose values occur in ``text``."""
        return {
            person.pk
            for canary, person in self.people.items()
            if any(form in text for form in canary.shown_forms())
        }
