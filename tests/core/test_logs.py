"""The change log and the access log: what they record, and that the access log stays put."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from koers.core.access import log_access
from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, record_create, record_delete, record_update
from koers.people.models import Person
from tests.factories import HouseholdFactory, PersonFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


def test_record_create_logs_every_field_with_author(branch, users):
    author = users[Role.TEAM_LEADER]
    household = HouseholdFactory(location=branch)
    person = record_create(
        Person,
        by=author,
        location=branch,
        household=household,
        given_name="Hawa",
        family_name="Nur",
        birth_date=datetime.date(1988, 2, 29),
        sex="F",
        nationality="SOM",
        arrival_route="regular",
    )
    entry = ChangeLogEntry.objects.get(object_id=person.pk, action="create")
    assert entry.user == author
    assert entry.person_id == person.pk
    assert entry.changes["given_name"] == [None, "Hawa"]
    assert entry.changes["birth_date"] == [None, "1988-02-29"]


def test_record_update_logs_only_what_changed_and_bumps_version(branch, users):
    person = PersonFactory(location=branch, given_name="Hawa")
    updated = record_update(
        person, by=users[Role.TEAM_LEADER], expected_version=1, given_name="Xawa"
    )
    assert updated.version == 2
    entry = ChangeLogEntry.objects.get(object_id=person.pk, action="update")
    assert entry.changes == {"given_name": ["Hawa", "Xawa"]}


def test_record_update_without_change_writes_nothing(branch, users):
    person = PersonFactory(location=branch, given_name="Hawa")
    record_update(person, by=users[Role.TEAM_LEADER], expected_version=1, given_name="Hawa")
    person.refresh_from_db()
    assert person.version == 1
    assert not ChangeLogEntry.objects.filter(object_id=person.pk).exists()


def test_second_editor_with_stale_version_gets_conflict_and_nothing_is_overwritten(branch, users):
    person = PersonFactory(location=branch, given_name="Hawa")
    record_update(person, by=users[Role.TEAM_LEADER], expected_version=1, given_name="Xawa")
    with pytest.raises(ConflictError) as conflict:
        record_update(person, by=users[Role.TEAM_LEADER], expected_version=1, given_name="Hauwa")
    assert conflict.value.current.given_name == "Xawa"
    assert conflict.value.attempted == {"given_name": "Hauwa"}
    person.refresh_from_db()
    assert person.given_name == "Xawa"


def test_record_delete_keeps_the_last_values_in_the_log(branch, users):
    person = PersonFactory(location=branch, given_name="Hawa")
    pk = person.pk
    record_delete(person, by=users[Role.TEAM_LEADER])
    entry = ChangeLogEntry.objects.get(object_id=pk, action="delete")
    assert entry.changes["given_name"] == ["Hawa", None]


def test_log_access_writes_one_row_per_client_shown(branch, users):
    people = PersonFactory.create_batch(3, location=branch)
    request = RequestFactory().get("/clienten/zoeken/?q=ha")
    request.user = users[Role.TEAM_LEADER]
    log_access(request, people, action="search", what="zoekresultaat")
    rows = AccessLogEntry.objects.filter(action="search")
    assert {row.person_id for row in rows} == {p.pk for p in people}
    assert {row.username for row in rows} == {"teamleider"}
    assert rows.first().path == "/clienten/zoeken/"  # the searched text stays out of the log


@postgresql_only
def test_access_log_rows_cannot_be_changed_or_deleted_on_postgresql(branch, users):
    person = PersonFactory(location=branch)
    entry = AccessLogEntry.objects.create(
        username="teamleider", person=person, action="view", what="dossier"
    )
    for attempt in (
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(what="niets"),
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "dossier"


@postgresql_only
def test_access_log_rows_older_than_five_years_may_be_removed(branch):
    old = AccessLogEntry.objects.create(
        username="x",
        action="view",
        what="dossier",
        at=timezone.now() - datetime.timedelta(days=5 * 366),
    )
    AccessLogEntry.objects.filter(pk=old.pk).delete()
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
