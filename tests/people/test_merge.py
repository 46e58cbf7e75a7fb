"""Merging two records of one person (issue 12): every relation moves, the logs keep both
histories, the duplicate is gone, and every figure equals the world without the duplicate."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core.actors import CLI
from koers.core.changes import change_entry
from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import WriteRefused
from koers.groups.models import Attendance
from koers.indicators.engine import compute_series
from koers.indicators.periods import Period
from koers.people.merge import (
    KEEP,
    MOVE,
    MOVE_UNLESS_PRESENT,
    ONE,
    REFUSE,
    MergeNotPossible,
    merge_plan,
    person_merge,
    relations,
)
from koers.people.models import Household, Person
from koers.people.selectors import access_log_of
from koers.privacy.models import Anonymisation
from tests.conftest import examples
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    DossierFactory,
    DwellingFactory,
    EnrolmentFactory,
    GroupFactory,
    GroupSessionFactory,
    HouseholdFactory,
    LocationFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)
from tests.people.test_views import client_for

pytestmark = pytest.mark.django_db
BORN = datetime.date(1985, 6, 1)


def person(location, household=None, **fields) -> Person:
    values = {
        "given_name": "Mohammed",
        "family_name": "Al-Rashid",
        "birth_date": BORN,
        "sex": "M",
        "nationality": "SYR",
        **fields,
    }
    if household is not None:
        values["household"] = household
    return PersonFactory(location=location, **values)


def test_every_relation_to_a_person_has_a_merge_rule():
    """A new app's relation to Person is moved by the merge, or this test names it."""
    found = {relation.label: relation for relation in relations()}  # raises on one without
    assert found["groups.Attendance"].rule == MOVE_UNLESS_PRESENT
    assert found["groups.Attendance"].together == (("session", "person"),)
    assert found["integration.IntegrationPlan"].rule == ONE
    assert found["privacy.Anonymisation"].rule == REFUSE
    assert found["core.AccessLogEntry"].rule == KEEP  # append-only: found via MergedRecord
    assert found["people.MergedRecord"].rule == MOVE  # a later merge moves them on
    for label in ("coaching.Trajectory", "contacts.Contact", "legal.Dossier", "matching.Match"):
        assert found[label].rule == MOVE
    for relation in found.values():  # a unique constraint with the person needs its rule
        assert (relation.rule == MOVE_UNLESS_PRESENT) == bool(relation.together)


def test_merge_moves_every_record_keeps_both_logs_and_deletes_the_duplicate(branch, users):
    leader = users[Role.TEAM_LEADER]
    kept = person(branch, v_number="")
    duplicate = person(branch, given_name="Muhammad", family_name="Alrashid", v_number="1234567890")
    trajectory = TrajectoryFactory(person=duplicate)
    contact = ContactFactory(location=branch, person=duplicate)
    dossier = DossierFactory(person=duplicate)
    match = MatchFactory(person=duplicate)
    placement = PlacementFactory(person=duplicate, dwelling__location=branch)
    group = GroupFactory(location=branch)
    both, only_dup = GroupSessionFactory(group=group), GroupSessionFactory(group=group)
    enrolment = EnrolmentFactory(group=group, person=duplicate)
    AttendanceFactory(session=both, person=kept, present=True)
    AttendanceFactory(session=both, person=duplicate, present=False)
    AttendanceFactory(session=only_dup, person=duplicate, present=True)
    AccessLogEntry.objects.create(user_id=leader.pk, username="x", person=duplicate, what="x")
    created = change_entry(duplicate, ChangeLogEntry.Action.CREATE, by=CLI, changes={})
    created.save()
    old_household = duplicate.household

    merged = person_merge(
        kept=kept,
        duplicate=duplicate,
        by=leader,
        kept_version=kept.version,
        duplicate_version=duplicate.version,
    )

    assert not Person.objects.filter(pk=duplicate.pk).exists()  # removed, not anonymised
    assert not Household.objects.filter(pk=old_household.pk).exists()  # no member left
    for record in (trajectory, contact, dossier, match, placement, enrolment):
        record.refresh_from_db()
        assert record.person_id == kept.pk
    attendance = dict(Attendance.objects.filter(person=kept).values_list("session", "present"))
    assert attendance == {both.pk: True, only_dup.pk: True}  # the kept record's row stands
    assert merged.v_number == "1234567890"  # an empty field takes the duplicate's value
    history = access_log_of(kept)  # append-only: the row keeps its id and is found
    assert list(history.values_list("what", "person_id")) == [("x", duplicate.pk)]
    created.refresh_from_db()
    assert created.person_id == kept.pk  # the duplicate's history is found under the kept
    merge_row = ChangeLogEntry.objects.get(changes__has_key="samengevoegd met")
    assert merge_row.user == leader
    assert merge_row.changes["samengevoegd met"][0].startswith(duplicate.external_id)
    deleted = ChangeLogEntry.objects.get(external_id=duplicate.external_id, action="delete")
    assert deleted.person_id == kept.pk and deleted.user == leader
    assert deleted.changes["given_name"] == ["Muhammad", None]
    moved = ChangeLogEntry.objects.get(external_id=trajectory.external_id, action="update")
    assert moved.changes["person_id"] == [duplicate.pk, kept.pk]


def test_two_plans_or_an_anonymised_record_are_not_merged(branch):
    kept, duplicate = person(branch), person(branch)
    Anonymisation.objects.create(person=duplicate, reason="erasure")
    plan = merge_plan(kept=kept, duplicate=duplicate)
    assert plan.problems == ["Een geanonimiseerd dossier wordt niet samengevoegd."]
    with pytest.raises(MergeNotPossible):
        person_merge(kept=kept, duplicate=duplicate, by=CLI, kept_version=1, duplicate_version=1)
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_only_a_team_leader_of_both_branches_merges(branch, other_branch, users):
    kept, duplicate, elsewhere = person(branch), person(branch), person(other_branch)
    for role in (Role.VOLUNTEER, Role.REGIONAL_MANAGER, Role.LEGAL):
        with pytest.raises(WriteRefused):
            person_merge(
                kept=kept, duplicate=duplicate, by=users[role], kept_version=1, duplicate_version=1
            )
    with pytest.raises(WriteRefused):
        person_merge(
            kept=kept,
            duplicate=elsewhere,
            by=users[Role.TEAM_LEADER],
            kept_version=1,
            duplicate_version=1,
        )
    url = reverse(
        "people:merge_preview", kwargs={"person_uid": kept.uid, "duplicate_uid": elsewhere.uid}
    )
    assert client_for(users[Role.TEAM_LEADER]).get(url).status_code == 404
    assert (
        client_for(users[Role.VOLUNTEER])
        .get(reverse("people:merge", kwargs={"person_uid": kept.uid}))
        .status_code
        == 404
    )
    assert Person.objects.count() == 3


def test_the_preview_shows_both_and_merges_only_when_ticked_and_unchanged(branch, users):
    leader = client_for(users[Role.TEAM_LEADER])
    kept = person(branch)
    duplicate = person(branch, given_name="Muhammad", family_name="Alrashid")
    TrajectoryFactory(person=duplicate)
    url = reverse(
        "people:merge_preview", kwargs={"person_uid": kept.uid, "duplicate_uid": duplicate.uid}
    )
    page = leader.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Muhammad Alrashid" in body and "Mohammed Al-Rashid" in body
    assert "Trajecten: 1" in body
    versions = {"kept_version": kept.version, "duplicate_version": duplicate.version}
    unticked = leader.post(url, versions)
    assert unticked.status_code == 422
    assert "Vink aan dat dit dezelfde persoon is." in unticked.content.decode()
    Person.objects.filter(pk=duplicate.pk).update(version=5)  # someone saved in between
    stale = leader.post(url, {**versions, "same_person": "on"})
    assert stale.status_code == 422
    assert "intussen gewijzigd" in stale.content.decode()
    assert Person.objects.filter(pk=duplicate.pk).exists()
    done = leader.post(url, {**versions, "duplicate_version": 5, "same_person": "on"})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert kept.trajectories.count() == 1


# -- figures: merged equals never duplicated -------------------------------------------------

DAYS = st.integers(min_value=0, max_value=3 * 365)
FIRST = datetime.date(2016, 1, 1)
PERIODS = [
    *(Period.year(year) for year in (2016, 2017, 2018)),
    *(Period.half(year, half) for year in (2016, 2017, 2018) for half in (1, 2)),
]
OWNER = st.sampled_from(["kept", "duplicate"])
record = st.tuples(
    st.sampled_from(["placement", "trajectory", "contact", "dossier", "match", "enrolment"]),
    DAYS,
    OWNER,
)
attendance = st.sampled_from([None, "kept", "duplicate", "both"])
worlds = st.fixed_dictionaries(
    {
        "records": st.lists(record, max_size=8),
        "attendance": st.lists(st.tuples(attendance, st.booleans()), min_size=3, max_size=3),
        "own_household": st.booleans(),  # the duplicate registered as a household of its own
        "others": st.lists(st.tuples(DAYS, st.booleans()), max_size=3),  # other clients
    }
)


def build(world: dict, *, with_duplicate: bool):
    """The branch of ``world``; with the duplicate, its records are on the second record."""
    branch = LocationFactory(external_id="tak", name="Afdeling Tak")
    household = HouseholdFactory(location=branch)
    kept = person(branch, household, given_name="Mohammed", family_name="Al-Rashid")
    duplicate = None
    if with_duplicate:
        duplicate = person(
            branch,
            None if world["own_household"] else household,
            given_name="Muhammad",
            family_name="Alrashid",
        )
    owner = {"kept": kept, "duplicate": duplicate or kept}
    dwelling = DwellingFactory(location=branch)
    group = GroupFactory(location=branch)
    for kind, days, whose in world["records"]:
        day, who = FIRST + datetime.timedelta(days=days), owner[whose]
        if kind == "placement":
            PlacementFactory(person=who, dwelling=dwelling, housed_on=day)
        elif kind == "trajectory":
            TrajectoryFactory(person=who, started_on=day)
        elif kind == "contact":
            ContactFactory(location=branch, person=who, date=day, kind="coaching")
        elif kind == "dossier":
            DossierFactory(person=who, opened_on=day)
        elif kind == "match":
            MatchFactory(person=who, requested_on=day)
        else:
            EnrolmentFactory(group=group, person=who, enrolled_on=day)
    for number, (whose, present) in enumerate(world["attendance"]):
        session = GroupSessionFactory(group=group, date=FIRST + datetime.timedelta(days=number))
        if whose in ("kept", "both"):
            AttendanceFactory(session=session, person=kept, present=present)
        if whose == "duplicate" or (whose == "both" and with_duplicate):
            AttendanceFactory(session=session, person=owner["duplicate"], present=not present)
    for number, (days, housed) in enumerate(world["others"]):
        other = person(branch, given_name=f"Ander{number}", family_name="Client")
        if housed:
            PlacementFactory(
                person=other, dwelling=dwelling, housed_on=FIRST + datetime.timedelta(days=days)
            )
        ContactFactory(location=branch, person=other, date=FIRST + datetime.timedelta(days=days))
    return branch, kept, duplicate


def figures(world: dict, *, merged: bool) -> list:
    with transaction.atomic():
        branch, kept, duplicate = build(world, with_duplicate=merged)
        if merged:
            person_merge(
                kept=kept,
                duplicate=duplicate,
                by=CLI,
                kept_version=kept.version,
                duplicate_version=duplicate.version,
            )
        found = compute_series(locations=[branch], periods=PERIODS)
        transaction.set_rollback(True)
    return found


@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
def test_every_figure_after_a_merge_equals_the_world_without_the_duplicate(world):
    assert figures(world, merged=True) == figures(world, merged=False)
