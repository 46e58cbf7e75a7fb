"""The property of the facts: after any sequence of creates, edits and deletes (through the
services, the back office's writers and the importer), merges of two records of a person
and anonymisations, with figures read in between, every figure read from the facts equals
the live computation; and a read that is allowed to serve stale facts says so (``as_of``)
whenever it does.

Everyday: a few derandomized sequences; ``--hypothesis-profile=long`` tries twenty times as
many, new ones each run (docs/testing.md). A new way of writing records joins OPERATIONS.
"""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact
from koers.contacts.services import contact_log
from koers.cooperation.models import Activity, Partner
from koers.cooperation.services import activity_create
from koers.core.actors import CLI
from koers.core.models import Location
from koers.core.services import record_create, record_delete, record_update
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.groups.selectors import enrolled_on_session
from koers.groups.services import attendance_save
from koers.indicators import facts
from koers.indicators.engine import compute_series
from koers.indicators.models import Target
from koers.indicators.periods import Period
from koers.matching.models import Match
from koers.people.models import Dwelling, Household, Person, Placement, QuotaPeriod
from koers.privacy.anonymise import anonymise_people
from koers.staff.models import StaffMember
from tests.conftest import examples
from tests.cooperation.factories import PartnerFactory
from tests.factories import GroupSessionFactory
from tests.indicators.conftest import merged, populate
from tests.indicators.test_additive import twice

D = datetime.date
DAYS = st.dates(D(2016, 10, 1), D(2018, 2, 28))
PERIODS = [
    Period.year(2017),
    Period.half(2017, 1),
    Period.quarter(2017, 2),
    Period.month(2017, 3),
    Period.month(2016, 12),
    Period(D(2017, 2, 10), D(2017, 8, 20)),  # not standard: computed live
]
STANDARD = PERIODS[:5]
YEAR = PERIODS[0]


@pytest.fixture
def world(branch, other_branch, far_branch):
    """Three branches (two in one region), every kind of record, and records in two branches
    at once (a client who moved, a volunteer and a partner of both)."""
    for location in (branch, other_branch, far_branch):
        populate(location, 1)
        PartnerFactory(location=location, kind="food_bank")
        GroupSessionFactory(
            group=Group.objects.filter(location=location).first(), date=D(2017, 5, 2)
        )
    twice(branch, other_branch)
    twice(other_branch, far_branch, D(2017, 9, 30))
    locations = [branch, other_branch, far_branch]
    for scope in scopes_of(locations):  # stored before any write, for every write to reach
        facts.read(locations=scope, periods=STANDARD, budget_seconds=600)
    return locations


def scopes_of(locations) -> list[list]:
    return [[location] for location in locations] + [locations[:2], locations]


def pick(data, queryset):
    rows = list(queryset.order_by("pk"))
    return data.draw(st.sampled_from(rows)) if rows else None


def op_contact(data, locations):
    location = data.draw(st.sampled_from(locations))
    contact_log(
        location=location,
        kind=data.draw(st.sampled_from(["social_hours", "legal_hours", "phone", "walk_in"])),
        date=data.draw(DAYS),
        by=CLI,
        person=pick(data, Person.objects.filter(location=location))
        if data.draw(st.booleans())
        else None,
        visitor_ref=data.draw(st.sampled_from(["", "bz-1", "bz-2"])),
        venue=data.draw(st.sampled_from(["", "Bibliotheek", "Buurthuis 0"])),
        topics=data.draw(st.lists(st.sampled_from(["work", "housing", "family_reunification"]))),
    )


def op_create(data, locations):
    person = pick(data, Person.objects.all())
    kind = data.draw(st.sampled_from(["placement", "enrolment", "trajectory", "match", "person"]))
    day = data.draw(DAYS)
    if kind == "placement":
        dwelling = pick(data, Dwelling.objects.all())
        record_create(
            Placement,
            by=CLI,
            person=person,
            dwelling=dwelling,
            housed_on=day,
            counts_for_quota=data.draw(st.booleans()),
        )
    elif kind == "enrolment":
        record_create(
            Enrolment, by=CLI, group=pick(data, Group.objects.all()), person=person, enrolled_on=day
        )
    elif kind == "trajectory":
        record_create(Trajectory, by=CLI, person=person, kind="integration", started_on=day)
    elif kind == "match":
        record_create(
            Match,
            by=CLI,
            person=person,
            program="language_coaching",
            requested_on=day,
            started_on=day,
            staff=pick(data, StaffMember.objects.all()),
        )
    else:
        location = data.draw(st.sampled_from(locations))
        record_create(
            Person,
            by=CLI,
            location=location,
            household=pick(data, Household.objects.all()),
            given_name="Rahel",
            family_name="Tekle",
            birth_date=data.draw(st.dates(D(1960, 1, 1), D(2016, 1, 1))),
            sex=data.draw(st.sampled_from(["F", "M", "X"])),
            nationality=data.draw(st.sampled_from(["SYR", "ERI"])),
            arrival_route="regular",
            participation_statement_signed_on=day,
        )


# (model, field, values) of edits: dates, codes, and references that move a row elsewhere
EDITS = [
    (Contact, "date", DAYS),
    (Contact, "kind", st.sampled_from(["phone", "legal_hours"])),
    (Placement, "housed_on", DAYS),
    (Placement, "counts_for_quota", st.booleans()),
    (Enrolment, "enrolled_on", DAYS),
    (Trajectory, "kind", st.sampled_from(["settling_in", "integration", "job_coaching"])),
    (Trajectory, "started_on", DAYS),
    (Group, "program", st.sampled_from(["language_class", "participation_statement"])),
    (GroupSession, "date", DAYS),
    (StaffMember, "started_on", DAYS),
    (Partner, "kind", st.sampled_from(["social_team", "education"])),
    (Person, "sex", st.sampled_from(["F", "M", "X"])),
    (Person, "civic_integration_required", st.booleans()),
    (QuotaPeriod, "quota", st.integers(0, 30)),
    (Target, "target", st.integers(0, 30)),
]
MOVES = [
    (Person, "location", Location),
    (Person, "household", Household),
    (Placement, "dwelling", Dwelling),
    (Enrolment, "group", Group),
    (Household, "location", Location),
    (Dwelling, "location", Location),
]


def op_edit(data, locations):
    if data.draw(st.booleans()):
        model, name, values = data.draw(st.sampled_from(EDITS))
        value = data.draw(values)
    else:
        model, name, target = data.draw(st.sampled_from(MOVES))
        value = pick(data, target.objects.all())
    row = pick(data, model.objects.all())
    if row is not None:
        record_update(row, by=CLI, expected_version=row.version, **{name: value})


def op_delete(data, locations):
    model = data.draw(
        st.sampled_from(
            [Contact, Placement, Enrolment, Trajectory, Attendance, Activity, Match, Person]
        )
    )
    row = pick(data, model.objects.all())
    if row is not None:
        record_delete(row, by=CLI)


def op_register(data, locations):
    session = pick(data, GroupSession.objects.all())
    enrolled = [e.person_id for e in enrolled_on_session(CLI, session, write=True)]
    if enrolled:
        present = {pk: data.draw(st.booleans()) for pk in enrolled}
        attendance_save(
            session=session, user=CLI, present=present, expected_version=session.version, by=CLI
        )


def op_activity(data, locations):
    location = data.draw(st.sampled_from(locations))
    activity_create(
        location=location,
        date=data.draw(DAYS),
        kind="network_meeting",
        title="Netwerkoverleg",
        partners=data.draw(
            st.lists(st.sampled_from(list(Partner.objects.filter(location=location))), max_size=2)
        ),
        staff=data.draw(
            st.lists(
                st.sampled_from(list(StaffMember.objects.filter(location=location))), max_size=2
            )
        ),
        by=CLI,
    )


# (file, column, values) changed in an export before it is imported again
IMPORTED = [
    ("contacts.csv", "date", DAYS.map(str)),
    ("placements.csv", "housed_on", DAYS.map(str)),
    ("enrolments.csv", "enrolled_on", DAYS.map(str)),
    ("people.csv", "sex", st.sampled_from(["F", "M"])),
    ("staff.csv", "roles", st.sampled_from(["social", "interpreter;social", "legal"])),
    ("contacts.csv", "topics", st.sampled_from(["", "work", "family_reunification;work"])),
]


def op_import(data, locations, folder: Path):
    bundle_export(target=folder)
    name, column, values = data.draw(st.sampled_from(IMPORTED))
    path = folder / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if not rows:
        return
    row = data.draw(st.sampled_from(rows))
    row[column] = data.draw(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    bundle_import(source=folder, by=IMPORT)


def op_anonymise(data, locations):
    person = pick(data, Person.objects.filter(anonymisation__isnull=True))
    if person is not None:
        anonymise_people([person], by=CLI, reason="erasure")


def op_merge(data, locations):
    kept = pick(data, Person.objects.all())
    duplicate = pick(data, Person.objects.exclude(pk=kept.pk))
    merged(kept, duplicate)


OPERATIONS = {
    "contact": op_contact,
    "create": op_create,
    "edit": op_edit,
    "delete": op_delete,
    "register": op_register,
    "activity": op_activity,
    "import": op_import,
    "anonymise": op_anonymise,
    "merge": op_merge,
}


def same_as_live(locations, periods) -> None:
    """Read within the budget (current, equal to the live computation), then allowing stale
    facts (equal to it wherever the read does not say it is older)."""
    live = compute_series(locations=locations, periods=periods)
    current = facts.read(locations=locations, periods=periods)
    assert current.as_of is None
    assert current.values == live
    allowed = facts.read(locations=locations, periods=periods, budget_seconds=-1)
    if allowed.as_of is None:
        assert allowed.values == live


@settings(
    max_examples=examples(2),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_figure_read_from_the_facts_equals_the_live_computation(
    world, data, settings, tmp_path_factory
):
    """Each example writes in every way once, in a random order; after each write it reads
    every branch's year, and after every other write the region or all three over random
    periods (at the end both). The facts of
    every branch, the region and all three were stored before (``world``)."""
    settings.KOERS_FACTS_BUDGET = 600  # within the budget: every read is current
    scopes = scopes_of(world)
    steps = data.draw(st.permutations(sorted(OPERATIONS)))
    folder = tmp_path_factory.mktemp("bundle")
    with transaction.atomic():
        for number, step in enumerate(steps):
            try:
                with transaction.atomic():
                    if step == "import":
                        op_import(data, world, folder)
                    else:
                        OPERATIONS[step](data, world)
            except (ValidationError, ProtectedError, IntegrityError):
                pass  # refused: nothing written
            for location in world:  # right away, before another write marks it too
                same_as_live([location], [YEAR])
            if number % 2:
                scope = data.draw(st.sampled_from(scopes[3:]))
                periods = data.draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=2))
                same_as_live(scope, periods)
        for scope in scopes[3:]:
            same_as_live(scope, [YEAR])
        transaction.set_rollback(True)
