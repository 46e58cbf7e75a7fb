"""The deadline rules' SQL kept per shape (``core.prepared.values``) gives exactly the items
Django's own path gives, for every role's scope, with the same queries; and it is kept only
where that is certain."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.core import prepared
from koers.core.actors import CLI
from koers.core.models import Location
from koers.core.scoping import Role, scope_key
from koers.deadlines import selectors
from koers.deadlines.selectors import open_items, worklist
from koers.people.models import Person
from tests.deadlines.conftest import housed_client
from tests.factories import DossierFactory, DossierStepFactory, TrajectoryFactory

d = datetime.date
ON = d(2018, 1, 1)  # every rule of ``cases`` has an open item on this day


def django_path(shape, model, ids, build):
    return list(build(list(ids)))


@pytest.fixture
def records(branch, other_branch, users, cases):
    """``cases`` at the branch; the volunteer coaches one client there (and so sees that
    client's person-level items, not the others'); the other branch has items of its own."""
    mine = housed_client(branch, external_id="p-mine")
    TrajectoryFactory(
        person=mine, coach=users[Role.VOLUNTEER].staff_member, started_on=d(2017, 6, 1)
    )
    elsewhere = housed_client(other_branch, external_id="p-elsewhere")
    TrajectoryFactory(person=elsewhere, kind="settling_in", started_on=d(2017, 9, 1))
    DossierStepFactory(
        dossier=DossierFactory(person=elsewhere, opened_on=d(2017, 3, 1)), due_on=d(2017, 12, 1)
    )
    sponsor = cases["family_reunification_filing"][0].person
    return {"mine": mine, "elsewhere": elsewhere, "sponsor": sponsor}


def readers(users) -> list:
    return [CLI, *users.values()]


def calls(branch, other_branch, records) -> list[dict]:
    """What the pages ask: every branch of the reader, one branch, both, one client's file
    (each client: other ids of one shape), a worklist's horizon."""
    return [
        {},
        {"locations": [branch]},
        {"locations": [other_branch]},
        {"locations": [branch, other_branch]},
        {"locations": [branch], "persons": [records["mine"]]},
        {"locations": [branch], "persons": [records["sponsor"]]},
        {"locations": [other_branch], "persons": [records["elsewhere"]]},
        {"due_until": ON + datetime.timedelta(days=30)},
        {"locations": [branch], "persons": [records["mine"].pk, records["sponsor"].pk]},
    ]


def everything(users, branch, other_branch, records) -> list:
    return [
        open_items(on=ON, user=reader, **call)
        for reader in readers(users)
        for call in calls(branch, other_branch, records)
    ]


def test_kept_sql_gives_every_reader_what_djangos_path_gives(
    branch, other_branch, users, records, kept, monkeypatch
):
    kept_items = everything(users, branch, other_branch, records)
    shapes = len(kept.templates)
    assert any(template not in (None, prepared._NOTHING) for template in kept.templates.values())
    assert prepared._NOTHING in kept.templates.values()  # the volunteer reaches no dossier
    again = everything(users, branch, other_branch, records)  # every shape built already
    assert len(kept.templates) == shapes
    monkeypatch.setattr(prepared, "values", django_path)
    djangos = everything(users, branch, other_branch, records)
    assert kept_items == again == djangos
    # the data decides something: the calls see different items
    assert len({len(items) for items in djangos}) > 4
    volunteer = users[Role.VOLUNTEER]
    assert {item.person_id for item in open_items(on=ON, user=volunteer)} == {"p-mine"}


def test_one_shape_serves_another_clients_file(branch, users, records, kept):
    team_leader = users[Role.TEAM_LEADER]
    first = open_items(on=ON, user=team_leader, locations=[branch], persons=[records["mine"]])
    shapes = dict(kept.templates)
    other = open_items(on=ON, user=team_leader, locations=[branch], persons=[records["sponsor"]])
    assert dict(kept.templates) == shapes  # nothing built for the other client
    assert {item.person_id for item in first} == {"p-mine"}
    assert {item.person_id for item in other} == {"p-sponsor"}


def test_the_same_queries_as_djangos_path(branch, users, records, kept, monkeypatch):
    def queries(reader, **call) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            worklist(user=reader, on=ON, **call)
        return [query["sql"] for query in captured.captured_queries]

    readers_calls = [
        (reader, call)
        for reader in (users[Role.TEAM_LEADER], users[Role.VOLUNTEER], users[Role.LEGAL])
        for call in ({}, {"persons": [records["mine"]]})
    ]
    for reader, call in readers_calls:
        queries(reader, **call)  # builds the shapes
    kept_sql = [queries(reader, **call) for reader, call in readers_calls]
    monkeypatch.setattr(prepared, "values", django_path)
    assert kept_sql == [queries(reader, **call) for reader, call in readers_calls]


def test_rows_converted_as_django_converts_them(branch, users, records, kept):
    def build(ids):
        return Person.objects.filter(location__in=ids).values("uid", "birth_date", "external_id")

    ids = [branch.pk]
    assert prepared.values("people", Person, ids, build) == list(build(ids))
    rows = prepared.values("people", Person, ids, build)  # the kept SQL
    assert kept.templates[("default", "people", 1)] is not None
    assert rows == list(build(ids))
    assert all(isinstance(row["birth_date"], datetime.date) for row in rows)


def test_a_build_that_reads_the_database_takes_djangos_path(branch, other_branch, kept):
    def build(ids):
        named = list(Location.objects.filter(pk__in=ids).values_list("name", flat=True))
        return Location.objects.filter(name__in=named).values("pk")

    assert prepared.values("reads", Location, [branch.pk], build) == [{"pk": branch.pk}]
    assert kept.templates[("default", "reads", 1)] is None
    assert prepared.values("reads", Location, [other_branch.pk], build) == [{"pk": other_branch.pk}]


def test_an_id_that_does_not_reach_the_parameters_takes_djangos_path(branch, other_branch, kept):
    def build(ids):  # the id becomes part of a text: not a parameter of its own
        return Location.objects.filter(name__in=[f"{pk}" for pk in ids] + [branch.name]).values(
            "pk"
        )

    assert prepared.values("text", Location, [other_branch.pk], build) == [{"pk": branch.pk}]
    assert kept.templates[("default", "text", 1)] is None


def test_no_ids_take_djangos_path_and_a_condition_that_holds_no_row_is_kept(branch, kept):
    def build(ids):
        return Location.objects.filter(pk__in=ids).values("pk")

    assert prepared.values("empty", Location, [], build) == []
    assert kept.templates[("default", "empty", 0)] is None

    def nothing(ids):
        return Location.objects.filter(pk__in=ids).filter(pk__in=[]).values("pk")

    with CaptureQueriesContext(connection) as captured:
        assert prepared.values("nothing", Location, [branch.pk], nothing) == []
        assert prepared.values("nothing", Location, [branch.pk], nothing) == []
    assert captured.captured_queries == []
    assert kept.templates[("default", "nothing", 1)] is prepared._NOTHING


def test_the_readers_scope_is_read_once_per_call_not_once_per_rule(
    branch, users, records, kept, monkeypatch
):
    read = []

    def counted(user):
        read.append(user)
        return scope_key(user)

    monkeypatch.setattr(selectors, "scope_key", counted)
    team_leader = users[Role.TEAM_LEADER]
    items = open_items(on=ON, user=team_leader, locations=[branch])
    assert len({item.rule for item in items}) > 3  # many rules asked
    assert read == [team_leader]
