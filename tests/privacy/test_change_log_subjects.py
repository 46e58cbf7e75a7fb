"""Change-log rows of records about several clients name them all, so that retention and
the client's rights find them after the record was deleted (a budget line removed before
the household was anonymised), whether written by a service, the admin or an import, and
for rows written before this was recorded (the data migration)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from koers.coaching.models import BudgetLine
from koers.coaching.services import budget_line_create, budget_line_delete, budget_line_update
from koers.core.models import ChangeLogEntry, ChangeLogSubject
from koers.core.scoping import Role
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Household
from koers.privacy.anonymise import anonymise_people
from koers.privacy.holdings import changes_of, holdings_of
from koers.privacy.models import AnonymisationReason
from koers.privacy.scrub import MARK
from koers.privacy.services import RETENTION
from tests.factories import HouseholdFactory, PersonFactory

SECRET_DEBT = "Schuld bij Oom Wolderik Brakkeveen"


@pytest.fixture
def household(branch):
    household = HouseholdFactory(location=branch)
    parent = PersonFactory(location=branch, household=household)
    child = PersonFactory(location=branch, household=household)
    return household, parent, child


def line_history(line_pk: int):
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BudgetLine), object_id=line_pk
    )


def deleted_line(household, by) -> int:
    line = budget_line_create(
        household=household, kind="debt", description=SECRET_DEBT, amount=Decimal(40),
        counterparty="Brakkeveen", by=by,
    )  # fmt: skip
    line = budget_line_update(
        line=line, kind="debt", description=SECRET_DEBT + " (deels betaald)",
        amount=Decimal(20), counterparty="Brakkeveen", expected_version=line.version, by=by,
    )  # fmt: skip
    pk = line.pk
    budget_line_delete(line=line, by=by)
    return pk


def test_every_row_of_a_shared_record_names_its_clients(household, users):
    household_record, parent, child = household
    line_pk = deleted_line(household_record, users[Role.TEAM_LEADER])
    rows = list(line_history(line_pk))
    assert len(rows) == 3 and all(row.person_id is None for row in rows)
    for row in rows:
        assert set(row.subjects.values_list("person_id", flat=True)) == {parent.pk, child.pk}


def test_retention_scrubs_a_deleted_shared_records_history_once_all_its_clients_go(
    household, users
):
    household_record, parent, child = household
    by = users[Role.TEAM_LEADER]
    line_pk = deleted_line(household_record, by)
    anonymise_people([parent], by=by, reason=AnonymisationReason.RETENTION)
    assert SECRET_DEBT in str([row.changes for row in line_history(line_pk)])  # the child stays
    anonymise_people([child], by=by, reason=AnonymisationReason.RETENTION)
    logged = str([row.changes for row in line_history(line_pk)])
    assert SECRET_DEBT not in logged and "Brakkeveen" not in logged and MARK in logged
    assert "20" in logged  # the amount is no identifying value: it stays


def test_the_clients_rights_page_finds_a_deleted_shared_records_history(household, users):
    household_record, parent, _child = household
    line_pk = deleted_line(household_record, users[Role.TEAM_LEADER])
    found = changes_of(parent, holdings_of(parent, user=RETENTION))
    assert set(line_history(line_pk).values_list("pk", flat=True)) <= set(
        found.values_list("pk", flat=True)
    )


def test_an_import_records_the_clients_of_shared_records(household, users, tmp_path):
    household_record, parent, child = household
    budget_line_create(
        household=household_record, kind="income", description="Loon", amount=Decimal(900),
        counterparty="", by=users[Role.TEAM_LEADER],
    )  # fmt: skip
    bundle_export(target=tmp_path / "bundle")
    BudgetLine.objects.all().delete()  # gone here, so the import creates it again
    result = bundle_import(by=IMPORT, source=tmp_path / "bundle")
    assert result.ok, result.problems
    [line] = BudgetLine.objects.all()
    [imported] = line_history(line.pk).filter(source="import")
    assert set(imported.subjects.values_list("person_id", flat=True)) == {parent.pk, child.pk}


def test_the_data_migration_traces_the_clients_of_rows_written_before(household, users):
    household_record, parent, child = household
    line_pk = deleted_line(household_record, users[Role.TEAM_LEADER])
    ChangeLogSubject.objects.all().delete()  # as before this change
    other = Household.objects.create(location=household_record.location)
    migration = importlib.import_module("koers.privacy.migrations.0002_change_log_subjects")
    migration.fill_subjects(apps, None)
    for row in line_history(line_pk):  # the line is gone: its rows name its household
        assert set(row.subjects.values_list("person_id", flat=True)) == {parent.pk, child.pk}
    assert not ChangeLogSubject.objects.filter(entry__object_id=other.pk).exists()
    migration.fill_subjects(apps, None)  # run again: nothing twice
    assert ChangeLogSubject.objects.count() == 2 * line_history(line_pk).count()
