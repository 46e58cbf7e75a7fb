"""What the generators of one branch share: the clock, the dice, the people and the staff.

Model instances are not saved (and so not hashable) while the demo is built; the
small wrappers here carry what the generators need to know about them.
"""

import datetime
import random
from dataclasses import dataclass, field

from koers.coaching.models import Trajectory
from koers.core.dates import age_on
from koers.core.models import Location
from koers.demo.region import Branch, Origin
from koers.demo.store import DemoRows
from koers.legal.models import Dossier
from koers.people.models import Dwelling, Household, Person
from koers.staff.models import StaffMember


@dataclass(eq=False)
class Client:
    """A person supported by the branch, with the facts the generators need."""

    person: Person
    origin: Origin
    household: "HouseholdPlan"
    housed_on: datetime.date
    counted: bool
    enrolled_in_pvt: bool = False

    @property
    def adult(self) -> bool:
        return age_on(self.person.birth_date, self.housed_on) >= 18

    @property
    def required(self) -> bool:
        return bool(self.person.civic_integration_required)


@dataclass(eq=False)
class HouseholdPlan:
    """A household: who came first, where they live, and who is to follow."""

    household: Household
    dwelling: Dwelling
    origin: Origin
    family_group: tuple[str, ...]
    housed_on: datetime.date
    members: list[Client] = field(default_factory=list)
    to_follow: list[tuple[str, int]] = field(default_factory=list)  # (sex, age on arrival)
    minor_sponsor: bool = False


@dataclass(eq=False)
class Helper:
    """A staff member and their roles and languages."""

    member: StaffMember
    roles: tuple[str, ...]
    languages: tuple[str, ...] = ()
    busy_until: datetime.date = datetime.date.min

    def active_on(self, day: datetime.date) -> bool:
        return self.member.started_on <= day and (
            self.member.ended_on is None or self.member.ended_on >= day
        )


@dataclass(eq=False)
class World:
    """One branch being generated."""

    rows: DemoRows
    rng: random.Random
    clearance_rng: random.Random  # VOG dates: their own stream, so they shift no other record
    branch: Branch
    location: Location
    today: datetime.date
    first_day: datetime.date  # the first day of records: a lead-in year before the window
    window_start: datetime.date  # the first day of the three demo years
    scale: float
    clients: list[Client] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    staff: list[Helper] = field(default_factory=list)
    newcomer: Helper | None = None  # the volunteer still waiting for the VOG
    shared_dwellings: dict[str, tuple[Dwelling, int]] = field(default_factory=dict)
    dossiers: list[tuple[Dossier, Client]] = field(default_factory=list)
    trajectories: list[tuple[Trajectory, Client]] = field(default_factory=list)
    intakes: dict[int, dict[str, int] | None] = field(default_factory=dict)  # by id(client)
    # Linkings and Wi2021 plans (demo.integration): dice of their own, so adding them
    # changed no record made before.
    integration_rng: random.Random = field(default_factory=random.Random)

    def scaled(self, number: float, minimum: int = 1) -> int:
        return max(minimum, round(number * self.scale))

    def helpers(self, role: str, day: datetime.date) -> list[Helper]:
        return [h for h in self.staff if role in h.roles and h.active_on(day)]

    def helper(self, day: datetime.date, *roles: str) -> Helper | None:
        """A random staff member active that day with the first role that anyone has."""
        for wanted in roles:
            found = self.helpers(wanted, day)
            if found:
                return self.rng.choice(found)
        return None

    def years(self) -> range:
        return range(self.first_day.year, self.today.year + 1)

    def span(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The days of a year that have records: not before the first day, not after today."""
        first = max(datetime.date(year, 1, 1), self.first_day)
        return first, max(first, min(datetime.date(year, 12, 31), self.today))

    def share_of_year(self, year: int) -> float:
        first, last = self.span(year)
        return ((last - first).days + 1) / 365
