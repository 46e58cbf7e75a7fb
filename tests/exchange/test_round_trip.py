"""The acceptance bundle and the small bundle import, export back byte-identical, re-import idle."""

import shutil
import zipfile

import pytest
from django.core.management import call_command

from koers.core.models import ChangeLogEntry
from koers.exchange.models import ImportRun
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Household, Person
from koers.staff.models import StaffMember
from tests.conftest import ACCEPTANCE_BUNDLE
from tests.exchange.bundles import database_state, empty_database, same_bundles

pytestmark = pytest.mark.django_db


def test_acceptance_bundle_imports_and_exports_back_byte_identical(tmp_path):
    result = bundle_import(by=IMPORT, source=ACCEPTANCE_BUNDLE)
    assert result.ok, result.problems
    assert result.files["people.csv"].created == 194
    bundle_export(target=tmp_path / "out")
    assert same_bundles(ACCEPTANCE_BUNDLE, tmp_path / "out")


def test_importing_the_acceptance_bundle_twice_changes_nothing():
    bundle_import(by=IMPORT, source=ACCEPTANCE_BUNDLE)
    before = database_state()
    versions = sorted(StaffMember.objects.values_list("version", flat=True))
    second = bundle_import(by=IMPORT, source=ACCEPTANCE_BUNDLE)
    assert second.ok
    assert (second.created, second.updated) == (0, 0)
    assert second.rows == sum(counts.unchanged for counts in second.files.values())
    assert database_state() == before
    assert sorted(StaffMember.objects.values_list("version", flat=True)) == versions


def test_export_import_into_an_empty_database_and_export_again_gives_identical_files(
    tmp_path, small
):
    assert bundle_import(by=IMPORT, source=small).ok
    bundle_export(target=tmp_path / "first")
    assert same_bundles(small, tmp_path / "first")
    empty_database()
    assert bundle_import(by=IMPORT, source=tmp_path / "first").ok
    bundle_export(target=tmp_path / "second")
    assert same_bundles(tmp_path / "first", tmp_path / "second")


def test_every_created_record_has_a_compact_change_log_row_with_its_client_and_the_run(small):
    result = bundle_import(by=IMPORT, source=small)
    entries = ChangeLogEntry.objects.filter(source="import", action="create")
    assert entries.count() == result.created
    step = entries.get(external_id="ds1")
    assert step.person_id == Person.objects.get(external_id="p1").pk
    assert all(entry.changes == {} for entry in entries)
    run = ImportRun.objects.get()
    assert (run.actor, run.user, run.created, run.updated) == ("import", None, result.created, 0)
    assert run.files["people.csv"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert run.changes().count() == result.created
    assert Person.objects.get(external_id="p1").created_at == run.at


def test_households_come_from_people_household_id(small):
    bundle_import(by=IMPORT, source=small)
    household = Household.objects.get(external_id="h1")
    assert household.location.external_id == "zeestad"
    assert sorted(household.members.values_list("external_id", flat=True)) == ["p1", "p2"]


def test_a_zip_of_a_bundle_folder_imports(tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(ACCEPTANCE_BUNDLE.iterdir()):
            bundle.write(path, f"barendrecht-2017/{path.name}")
    result = bundle_import(by=IMPORT, source=archive)
    assert result.ok
    assert result.files["contacts.csv"].created == 2253


def test_export_command_writes_one_location_only(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    call_command("export", str(tmp_path / "out"), "--location", "heuvelrug")
    people = (tmp_path / "out" / "people.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in people] == ["id", "p3"]
    attendance = (tmp_path / "out" / "attendance.csv").read_bytes()
    assert attendance == b"id,session_id,person_id,present\r\n"


def test_import_command_reports_counts_and_dry_run_writes_nothing(tmp_path, capsys):
    folder = shutil.copytree(ACCEPTANCE_BUNDLE, tmp_path / "bundle")
    call_command("import", str(folder), "--dry-run")
    assert "people.csv: 194 would create" in capsys.readouterr().out
    assert Person.objects.count() == 0
    call_command("import", str(folder))
    assert Person.objects.count() == 194
