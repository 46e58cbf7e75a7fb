"""Importing over stored records: updates by external id, change log, sets replaced, dry run."""

import datetime

import pytest

from koers.core.models import ChangeLogEntry
from koers.exchange.services import IMPORT, bundle_import
from koers.people.models import Person
from koers.staff.models import StaffMember
from tests.exchange.bundles import SMALL, database_state, import_files

pytestmark = pytest.mark.django_db


def test_a_changed_cell_updates_the_record_bumps_its_version_and_logs_the_change(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    people = list(SMALL["people.csv"])
    people[2] = people[2].replace("2012-09-30", "2012-10-01")
    result = import_files(tmp_path / "again", {"people.csv": people})
    assert (result.created, result.updated) == (0, 1)
    person = Person.objects.get(external_id="p2")
    assert person.birth_date == datetime.date(2012, 10, 1)
    assert person.version == 2
    entry = ChangeLogEntry.objects.get(action="update")
    assert (entry.source, entry.external_id, entry.person_id) == ("import", "p2", person.pk)
    assert entry.changes == {"birth_date": ["2012-09-30", "2012-10-01"]}


def test_a_multi_valued_cell_replaces_the_set_and_an_equal_set_in_other_order_is_no_change(
    tmp_path, small
):
    bundle_import(by=IMPORT, source=small)
    header, first, second = SMALL["staff.csv"]
    reordered = first.replace("social;interpreter,ti;ar", "interpreter;social,ar;ti")
    assert import_files(tmp_path / "same", {"staff.csv": [header, reordered, second]}).updated == 0
    changed = first.replace("social;interpreter,ti;ar", "language_coach,")
    result = import_files(tmp_path / "changed", {"staff.csv": [header, changed, second]})
    assert result.updated == 1
    staff = StaffMember.objects.get(external_id="s1")
    assert list(staff.roles.values_list("role", flat=True)) == ["language_coach"]
    assert not staff.languages.exists()
    entry = ChangeLogEntry.objects.get(action="update")
    assert entry.changes == {
        "roles": [["social", "interpreter"], ["language_coach"]],
        "languages": [["ti", "ar"], []],
    }


def test_a_column_left_out_keeps_the_stored_values(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    files = {
        "people.csv": [
            "id,location_id,given_name,family_name,birth_date,sex,nationality,household_id,"
            "arrival_route",
            "p1,zeestad,Mahlet-Sara,Berhane,1988-04-02,F,ERI,h1,regular",
        ]
    }
    result = import_files(tmp_path / "names", files)
    assert result.ok, result.problems
    person = Person.objects.get(external_id="p1")
    assert (person.given_name, person.v_number) == ("Mahlet-Sara", "1234567890")
    assert person.civic_integration_required is True


def test_a_reference_moved_to_another_record_is_logged_with_both_keys(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    files = {"placements.csv": ["id,person_id,dwelling_id,housed_on", "pl2,p1,w1,2017-02-15"]}
    assert import_files(tmp_path / "moved", files).updated == 1
    p1, p2 = (Person.objects.get(external_id=ident).pk for ident in ("p1", "p2"))
    entry = ChangeLogEntry.objects.get(action="update")
    assert entry.changes["person_id"] == [p2, p1]


def test_dry_run_counts_what_it_would_do_and_writes_nothing(tmp_path, small):
    bundle_import(by=IMPORT, source=small)
    before = database_state()
    people = list(SMALL["people.csv"])
    people[1] = people[1].replace("Mahlet", "Selam")
    people.append("p4,zeestad,Hiwet,Berhane,2015-01-01,F,ERI,,h1,regular,,,")
    result = import_files(tmp_path / "dry", {"people.csv": people}, dry_run=True)
    counts = result.files["people.csv"]
    assert (counts.created, counts.updated, counts.unchanged) == (1, 1, 2)
    assert database_state() == before


def test_progress_is_reported_per_batch_while_writing(small):
    calls = []
    bundle_import(by=IMPORT, source=small, progress=lambda *call: calls.append(call))
    assert ("contacts.csv", 2, 2) in calls
    assert calls[0][0] == "locations.csv"
