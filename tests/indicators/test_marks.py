"""Every write of a record a figure reads makes the facts of the locations whose figures read
it stale, in the writing transaction: through the shared writers, the back office, the
services that write rows themselves, the importer and anonymisation. And every table the
engine reads is declared with its ways to a location (``marks.READS``), so a new source
cannot be forgotten silently."""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.accounts.models import User
from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic
from koers.contacts.services import contact_log
from koers.cooperation.models import Activity, Partner
from koers.cooperation.services import activity_create, activity_update
from koers.core.actors import CLI
from koers.core.services import record_create, record_delete, record_update
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.groups.services import attendance_save
from koers.indicators.engine import compute, compute_series
from koers.indicators.marks import READS, locations_of
from koers.indicators.models import FactClock, Target
from koers.indicators.periods import Period
from koers.integration.models import IntegrationPlan, Linking
from koers.legal.models import Dossier
from koers.matching.models import Match
from koers.people.models import Dwelling, Household, Person, Placement, QuotaPeriod
from koers.privacy.anonymise import anonymise_people
from koers.staff.models import StaffLanguage, StaffMember, StaffRole, Training
from koers.transfers.models import Transfer, TransferPerson
from tests.cooperation.bundles import COOPERATION
from tests.exchange.bundles import SMALL, import_files
from tests.indicators.conftest import every_write_marked, merged, populate
from tests.integration.bundles import WI2021, linkings, plans

D = datetime.date
YEAR = Period.year(2017)
# Rows that belong to a record and are written with it (by its service, the importer, the
# back office's inlines): they have no writer of their own.
PARTS = {StaffRole, StaffLanguage, ContactTopic, Activity.partners.through, Activity.staff.through}
# Rows only their own services write, whose marks their tests check (tests/transfers).
OWN_WRITERS = {Transfer, TransferPerson}


def clocks() -> dict[int, int]:
    return dict(FactClock.objects.values_list("location_id", "generation"))


def moved(before: dict[int, int]) -> set[int]:
    return {pk for pk, generation in clocks().items() if generation != before.get(pk, 0)}


@contextmanager
def marked():
    """The locations whose write numbers the block moves on; an unmarked write fails."""
    before = clocks()
    found: set[int] = set()
    with every_write_marked():
        yield found
    found |= moved(before)


def build(location, save) -> dict:
    """One record of every kind a figure reads, at ``location``, each written by ``save``."""
    rows: dict = {}

    def put(model, **fields):
        rows[model] = save(model, **fields)
        return rows[model]

    household = put(Household, location=location)
    person = put(
        Person,
        location=location,
        household=household,
        given_name="Amina",
        family_name="Haddad",
        birth_date=D(1990, 5, 17),
        sex="F",
        nationality="SYR",
        arrival_route="regular",
    )
    dwelling = put(Dwelling, location=location, postcode="3011 AB", house_number="1")
    put(Placement, person=person, dwelling=dwelling, housed_on=D(2017, 3, 1))
    put(QuotaPeriod, location=location, starts_on=D(2017, 1, 1), ends_on=D(2017, 6, 30), quota=4)
    staff = put(
        StaffMember,
        location=location,
        given_name="Sanne",
        family_name="Verbeek",
        kind="volunteer",
        started_on=D(2016, 1, 1),
    )
    put(Training, staff=staff, course="basic_course", completed_on=D(2016, 2, 1))
    trajectory = put(Trajectory, person=person, kind="settling_in", started_on=D(2017, 3, 1))
    put(
        Contact,
        location=location,
        person=person,
        trajectory=trajectory,
        date=D(2017, 4, 1),
        kind="social_hours",
    )
    put(Dossier, person=person, kind="family_reunification", opened_on=D(2017, 2, 1))
    put(Match, person=person, program="language_coaching", requested_on=D(2017, 1, 15))
    group = put(Group, location=location, program="language_class", started_on=D(2017, 3, 1))
    session = put(GroupSession, group=group, date=D(2017, 3, 8))
    put(Enrolment, group=group, person=person, enrolled_on=D(2017, 3, 1))
    put(Attendance, session=session, person=person, present=True)
    put(Linking, location=location, person=person, linked_on=D(2022, 1, 10))
    put(IntegrationPlan, person=person, obligation_on=D(2022, 1, 1))
    put(Target, location=location, year=2017, indicator="contacts.total", target=5)
    put(Activity, location=location, date=D(2017, 5, 10), kind="network_meeting", title="Overleg")
    put(Partner, location=location, name="Wijkteam Noord", kind="social_team")
    return rows


def stored(model, **fields):
    return model._default_manager.create(**fields)


# Every table the engine reads is declared ---------------------------------------------------


def test_every_table_a_figure_reads_is_declared_with_its_ways_to_a_location(branch):
    populate(branch, 1)
    with CaptureQueriesContext(connection) as queries:
        compute_series(locations=[branch], periods=[YEAR, Period.month(2017, 3)])
    tables = set()
    for query in queries.captured_queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    assert {by_table[table] for table in tables} == set(READS)


def test_every_way_to_a_location_is_a_path_the_database_follows(branch):
    rows = build(branch, stored)
    for model, row in rows.items():
        expected = set() if model is Partner else {branch.pk}  # a partner counts once linked
        assert locations_of(model, [row.pk]) == expected, model


# The shared writers --------------------------------------------------------------------------


def test_each_record_created_through_the_shared_writer_marks_its_location(branch):
    def save(model, **fields):
        with marked() as found:
            row = record_create(model, by=CLI, **fields)
            expected = set() if model is Partner else {branch.pk}  # no figure reads it yet
        assert found == expected, model
        return row

    rows = build(branch, save)
    assert set(rows) | PARTS | OWN_WRITERS == set(READS)


@pytest.mark.parametrize("model", sorted(set(READS) - PARTS - OWN_WRITERS - {Partner}, key=str))
def test_an_edit_that_moves_a_record_marks_where_it_was_and_where_it_goes(
    branch, other_branch, model
):
    here, there = build(branch, stored), build(other_branch, stored)
    row = here[model]
    hop = READS[model][0].split("__")[0]
    field = model._meta.get_field(hop)
    target = other_branch if hop == "location" else there[field.related_model]
    if model in (IntegrationPlan, QuotaPeriod, Target):  # one per person, half-year, year
        there[model].delete()
    with marked() as found:
        record_update(row, by=CLI, expected_version=row.version, **{hop: target})
    assert found >= {branch.pk, other_branch.pk}


HUNG_ON = (Household, Dwelling)  # people and placements hang on them (protected)


@pytest.mark.parametrize("model", sorted(set(READS) - PARTS - OWN_WRITERS - {Partner}, key=str))
def test_an_edit_in_place_and_a_delete_mark_the_location(branch, model):
    row = build(branch, stored)[model]
    with marked() as found:
        record_update(row, by=CLI, expected_version=row.version, external_id="changed-id")
    assert found == {branch.pk}
    if model in HUNG_ON:
        row = model.objects.create(
            location=branch, **({"postcode": "3011 AB"} if model is Dwelling else {})
        )
    with marked() as found:
        record_delete(model._default_manager.get(pk=row.pk), by=CLI)
    assert found == {branch.pk}


def test_a_delete_marks_the_locations_of_what_it_takes_along(branch, other_branch):
    here, there = build(branch, stored), build(other_branch, stored)
    person = here[Person]
    Placement.objects.create(person=person, dwelling=there[Dwelling], housed_on=D(2017, 5, 1))
    Contact.objects.create(
        location=other_branch, trajectory=here[Trajectory], date=D(2017, 4, 2), kind="phone"
    )
    with marked() as found:
        record_delete(here[Trajectory], by=CLI)  # the contact at the other branch loses its kind
    assert found == {branch.pk, other_branch.pk}
    with marked() as found:
        record_delete(Person.objects.get(pk=person.pk), by=CLI)  # housed at the other branch too
    assert found == {branch.pk, other_branch.pk}


def test_the_back_office_s_inline_rows_count_where_their_record_does():
    """The back office marks the record of an inline row (``ScopedAdmin.save_related``):
    sound because every way of an inline row to a location runs through its record."""
    from django.contrib import admin

    from tests.indicators.conftest import parts_of

    checked = 0
    for model, model_admin in admin.site._registry.items():
        for inline in getattr(model_admin, "inlines", []):
            if inline.model in READS:
                assert inline.model in parts_of(model), inline.model
                checked += 1
        for field in model._meta.many_to_many:
            if field.remote_field.through in READS:
                assert field.remote_field.through in parts_of(model), field
                checked += 1
    assert checked >= 6  # topics, roles, languages, trainings, sessions, an activity's links


# A write at one location that changes another location's figures ---------------------------


def figures_of(location) -> dict:
    return compute(locations=[location], period=YEAR)


def written_elsewhere(scene, change):
    """Make the scene (branch A, branch B), then ``change`` a row of A through the shared
    writer: the write changes B's figures and marks B."""
    before_figures = figures_of(scene.b)
    with marked() as found:
        change()
        assert figures_of(scene.b) != before_figures
    assert scene.b.pk in found


class Scene:
    def __init__(self, a, b):
        self.a, self.b = a, b
        self.here, self.there = build(a, stored), build(b, stored)


def test_a_placement_elsewhere_settles_a_household_of_this_branch(branch, other_branch):
    scene = Scene(branch, other_branch)
    member = Person.objects.create(
        **{
            f.name: getattr(scene.there[Person], f.name)
            for f in Person._meta.concrete_fields
            if f.name in {"given_name", "family_name", "birth_date", "sex", "nationality"}
        },
        location=branch,
        household=scene.there[Household],
        arrival_route="regular",
    )
    placement = Placement.objects.create(
        person=member, dwelling=scene.here[Dwelling], housed_on=D(2017, 2, 1)
    )
    written_elsewhere(  # now earlier than the household's first: B's settling moves
        scene,
        lambda: record_update(
            placement, by=CLI, expected_version=placement.version, housed_on=D(2016, 12, 1)
        ),
    )


def test_a_person_who_changes_household_changes_that_branch_s_households(branch, other_branch):
    scene = Scene(branch, other_branch)
    Placement.objects.filter(person=scene.there[Person]).delete()
    person = scene.here[Person]
    written_elsewhere(
        scene,
        lambda: record_update(
            person, by=CLI, expected_version=person.version, household=scene.there[Household]
        ),
    )


def test_a_person_housed_elsewhere_counts_there_with_their_sex(branch, other_branch):
    scene = Scene(branch, other_branch)
    person = scene.here[Person]
    Placement.objects.create(person=person, dwelling=scene.there[Dwelling], housed_on=D(2017, 6, 1))
    written_elsewhere(
        scene, lambda: record_update(person, by=CLI, expected_version=person.version, sex="M")
    )


def test_a_person_enrolled_elsewhere_counts_there_with_their_obligation(branch, other_branch):
    scene = Scene(branch, other_branch)
    person = scene.here[Person]
    Enrolment.objects.create(group=scene.there[Group], person=person, enrolled_on=D(2017, 4, 1))
    written_elsewhere(
        scene,
        lambda: record_update(
            person, by=CLI, expected_version=person.version, civic_integration_required=True
        ),
    )


def test_a_trajectory_s_kind_counts_with_its_contacts_elsewhere(branch, other_branch):
    scene = Scene(branch, other_branch)
    trajectory = scene.here[Trajectory]
    Contact.objects.create(
        location=other_branch, trajectory=trajectory, date=D(2017, 4, 2), kind="phone"
    )
    written_elsewhere(
        scene,
        lambda: record_update(
            trajectory, by=CLI, expected_version=trajectory.version, kind="integration"
        ),
    )


def test_an_earlier_enrolment_here_makes_a_participant_elsewhere_no_longer_new(
    branch, other_branch
):
    scene = Scene(branch, other_branch)
    person = scene.here[Person]
    Enrolment.objects.create(group=scene.there[Group], person=person, enrolled_on=D(2017, 4, 1))
    enrolment = scene.here[Enrolment]
    written_elsewhere(
        scene,
        lambda: record_update(
            enrolment, by=CLI, expected_version=enrolment.version, enrolled_on=D(2016, 12, 1)
        ),
    )


def test_a_group_s_program_decides_whether_its_participants_are_new_elsewhere(branch, other_branch):
    scene = Scene(branch, other_branch)
    person = scene.here[Person]
    group = scene.here[Group]
    Group.objects.filter(pk=group.pk).update(started_on=D(2016, 1, 1))
    Enrolment.objects.filter(pk=scene.here[Enrolment].pk).update(enrolled_on=D(2016, 6, 1))
    Enrolment.objects.create(group=scene.there[Group], person=person, enrolled_on=D(2017, 4, 1))
    group.refresh_from_db()
    written_elsewhere(
        scene,
        lambda: record_update(
            group, by=CLI, expected_version=group.version, program="participation_statement"
        ),
    )


def test_a_partner_s_kind_counts_where_it_was_met(branch, other_branch):
    scene = Scene(branch, other_branch)
    partner = scene.here[Partner]
    scene.there[Activity].partners.through.objects.create(
        activity=scene.there[Activity], partner=partner
    )
    written_elsewhere(
        scene,
        lambda: record_update(partner, by=CLI, expected_version=partner.version, kind="education"),
    )


# The services that write rows themselves, the back office, the importer, anonymisation ----


def test_a_logged_contact_and_its_topics_mark_the_branch(branch):
    with marked() as found:
        contact_log(location=branch, kind="phone", date=D(2017, 5, 1), by=CLI, topics=["work"])
    assert found == {branch.pk}


def test_taking_the_register_marks_the_branch(branch):
    rows = build(branch, stored)
    session = rows[GroupSession]
    Attendance.objects.all().delete()
    with marked() as found:
        fresh = attendance_save(
            session=session, user=CLI, present={rows[Person].pk: True}, expected_version=1, by=CLI
        )
    assert found == {branch.pk}
    with marked() as found:
        attendance_save(
            session=fresh,
            user=CLI,
            present={rows[Person].pk: False},
            expected_version=fresh.version,
            by=CLI,
        )
    assert found == {branch.pk}


def test_an_activity_s_partners_and_staff_mark_the_branch(branch):
    rows = build(branch, stored)
    with marked() as found:
        activity = activity_create(
            location=branch,
            date=D(2017, 6, 1),
            kind="network_meeting",
            title="Netwerkoverleg",
            partners=[rows[Partner]],
            staff=[rows[StaffMember]],
            by=CLI,
        )
    assert found == {branch.pk}
    with marked() as found:
        activity_update(
            activity=activity,
            date=activity.date,
            kind=activity.kind,
            title=activity.title,
            partners=[],
            staff=[rows[StaffMember]],
            people_reached=None,
            expected_version=activity.version,
            by=CLI,
        )
    assert found == {branch.pk}


def test_a_back_office_save_with_inline_rows_marks_the_branch(client, branch):
    staff = build(branch, stored)[StaffMember]
    admin = User.objects.create_superuser("beheer", password="x" * 14)
    client.force_login(admin)
    url = f"/beheer/staff/staffmember/{staff.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        {
            "started_on": staff.started_on.isoformat(),
            "location": branch.pk,
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": "interpreter",
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "0",
            "languages-0-language": "ar",
            "trainings-TOTAL_FORMS": "0",
            "trainings-INITIAL_FORMS": "0",
        }
    )
    with marked() as found:
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert StaffRole.objects.filter(staff=staff, role="interpreter").exists()
    assert found == {branch.pk}


def test_an_import_marks_every_branch_it_writes_and_where_rows_move(db, tmp_path):
    bundle = {
        **SMALL,
        **COOPERATION,
        "linkings.csv": linkings(*WI2021["linkings.csv"][1:3]),  # the zeestad couple
        "integration_plans.csv": plans(*WI2021["integration_plans.csv"][1:3]),
    }
    with marked() as found:
        result = import_files(tmp_path / "first", bundle)
    assert result.ok, result.problems
    branches = dict(apps.get_model("core.Location").objects.values_list("external_id", "pk"))
    assert found == {branches["zeestad"], branches["heuvelrug"]}
    # every kind imported (moves between branches are no part of the format)
    assert all(model._default_manager.exists() for model in set(READS) - OWN_WRITERS)
    moved_people = [
        line.replace(",heuvelrug,", ",zeestad,", 1) if line.startswith("p3,") else line
        for line in bundle["people.csv"]
    ]
    staff = [line.replace("social;interpreter", "social") for line in bundle["staff.csv"]]
    with marked() as found:
        result = import_files(
            tmp_path / "second", {**bundle, "people.csv": moved_people, "staff.csv": staff}
        )
        assert result.ok and result.updated >= 2, result.problems
    assert found == {branches["zeestad"], branches["heuvelrug"]}


def test_a_merge_marks_where_either_record_counted(branch, other_branch, far_branch):
    here, there = build(branch, stored), build(other_branch, stored)
    kept, duplicate = here[Person], there[Person]
    IntegrationPlan.objects.filter(person=duplicate).delete()  # one plan per person
    Placement.objects.create(
        person=duplicate, dwelling=build(far_branch, stored)[Dwelling], housed_on=D(2017, 6, 1)
    )
    with marked() as found:
        merged(kept, duplicate)
    assert found == {branch.pk, other_branch.pk, far_branch.pk}
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_anonymisation_marks_where_the_client_counts(branch, other_branch):
    here, there = build(branch, stored), build(other_branch, stored)
    person = here[Person]
    Placement.objects.create(person=person, dwelling=there[Dwelling], housed_on=D(2017, 6, 1))
    with marked() as found:
        anonymise_people([person], by=CLI, reason="erasure")
    assert found == {branch.pk, other_branch.pk}
