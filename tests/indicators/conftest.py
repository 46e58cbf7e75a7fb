"""Helpers for the indicator tests: figures of one location for a year or period."""

import datetime
import re
from contextlib import contextmanager

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


class UnmarkedWrites:
    """Records every statement that writes a table a figure reads (``marks.READS``), and
    forgets those of a model once the facts' observer is told of a write of that model
    (``core.writes``), or of the record its rows belong to (a contact's topics, a staff
    member's roles: every way of theirs to a location runs through it). What is left at
    the end was written without a mark. A statement that only moves a version and
    ``updated_at`` on changes no figure and is left out."""

    def __init__(self):
        from koers.indicators.marks import READS

        self.tables = {model._meta.db_table for model in READS}
        self.parts = {owner: parts_of(owner) for owner in READS}
        self.pending: dict[str, str] = {}
        self.touching: set = set()

    def __call__(self, execute, sql, params, many, context):
        found = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
        if found and found.group(1) in self.tables and not self.only_versions(sql):
            self.pending.setdefault(found.group(1), sql[:120])
        return execute(sql, params, many, context)

    @staticmethod
    def only_versions(sql: str) -> bool:
        if not sql.lstrip().upper().startswith("UPDATE"):
            return False
        assignments = sql.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
        return set(re.findall(r'"(\w+)" = ', assignments)) <= {"version", "updated_at"}

    # the core.writes observer protocol
    def touched(self, model, pks) -> set:
        self.touching.add(model)
        return set()

    def written(self, touched) -> None:
        for model in self.touching:
            for covered in (model, *self.parts.get(model, ())):
                self.pending.pop(covered._meta.db_table, None)
        self.touching.clear()


def parts_of(owner) -> list:
    """The models whose rows count where a record of ``owner`` they refer to does: marking
    the record before and after a write of its rows marks every location those rows count
    in. Each way of theirs to a location runs through the reference to ``owner`` and on
    along one of ``owner``'s ways, or is itself one of ``owner``'s ways from its rows
    (a person's placements: ``placements__dwelling__location``)."""
    from koers.indicators.marks import READS

    found = []
    for model, paths in READS.items():
        references = [
            field
            for field in model._meta.get_fields()
            if field.many_to_one and field.related_model is owner and model is not owner
        ]
        if len(references) != 1:
            continue
        name, accessor = references[0].name, references[0].remote_field.get_accessor_name()
        if all(
            (path.split("__", 1)[0] == name and path.split("__", 1)[1] in READS[owner])
            or f"{accessor}__{path}" in READS[owner]
            for path in paths
        ):
            found.append(model)
    return found


@contextmanager
def every_write_marked():
    """Fail if, inside the block, a row of a table a figure reads is written without a mark."""
    from django.db import connection

    from koers.core import writes

    guard = UnmarkedWrites()
    writes.register(guard)
    try:
        with connection.execute_wrapper(guard):
            yield guard
    finally:
        writes.OBSERVERS.remove(guard)
    assert not guard.pending, f"written without marking the facts stale: {guard.pending}"


def merged(kept, duplicate):
    """Merge ``duplicate`` into ``kept`` through the service, as the system (every check
    of the merge itself stays)."""
    from koers.core.actors import CLI
    from koers.people.merge import person_merge

    return person_merge(
        kept=kept,
        duplicate=duplicate,
        by=CLI,
        kept_version=kept.version,
        duplicate_version=duplicate.version,
    )
