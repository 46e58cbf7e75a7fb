"""Helpers for the indicator tests: figures of one location for a year or period."""

import datetime

import pytest

from koers.indicators.engine import compute
from koers.indicators.periods import Period
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    DossierFactory,
    EnrolmentFactory,
    GroupFactory,
    GroupSessionFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    QuotaPeriodFactory,
    StaffMemberFactory,
    TargetFactory,
    TrainingFactory,
    TrajectoryFactory,
)

D = datetime.date


@pytest.fixture
def figures(branch):
    """``figures(2017)`` or ``figures(Period(...), locations=[...])``: computed indicators."""

    def run(period, locations=None):
        if isinstance(period, int):
            period = Period.year(period)
        return compute(locations=locations or [branch], period=period)

    return run


def populate(location, n: int) -> None:
    """``n`` records of every kind the indicators count, all inside 2017."""
    group = GroupFactory(location=location, language="ar", level="alpha")
    session = GroupSessionFactory(group=group)
    coach = StaffMemberFactory(
        location=location, role_codes=["social", "interpreter"], language_codes=["ar"]
    )
    QuotaPeriodFactory(location=location, backlog_in=3)
    TargetFactory(location=location)
    for i in range(n):
        person = PersonFactory(location=location, nationality=["SYR", "ERI"][i % 2])
        PlacementFactory(person=person)
        trajectory = TrajectoryFactory(person=person, coach=coach)
        ContactFactory(
            location=location,
            person=person,
            trajectory=trajectory,
            venue=f"Buurthuis {i % 3}",
            topic_codes=["finance", "housing"],
        )
        ContactFactory(location=location, person=None, visitor_ref=f"bz-{i}")
        DossierFactory(person=person, guardianship=i % 2 == 0)
        MatchFactory(person=person, staff=coach, started_on=D(2017, 2, 1))
        EnrolmentFactory(group=group, person=person)
        AttendanceFactory(session=session, person=person, present=i % 3 > 0)
        StaffMemberFactory(location=location, role_codes=["legal"], started_on=D(2017, 4, 1))
        TrainingFactory(staff=coach, course=f"cursus_{i % 4}", completed_on=D(2017, 6, 1))
        PersonFactory(location=location, participation_statement_signed_on=D(2017, 9, 1))
