"""Legal records in the bundle: a decision's outcome (a Koers column of dossier_steps.csv)
and the family members of a reunification dossier (family_members.csv), both optional:
bundles without them import and export as before."""

import datetime

import pytest

from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.legal.models import DossierStep, FamilyMember
from koers.people.models import Person
from tests.exchange.bundles import (
    database_state,
    empty_database,
    import_files,
    same_bundles,
    with_changes,
)

pytestmark = pytest.mark.django_db

STEPS = [
    "id,dossier_id,step,done_on,due_on,note,outcome",
    "ds1,d1,application_filed,2016-12-05,2016-12-15,,",
    "ds2,d1,ind_decision,2017-01-20,,,granted",
]
MEMBERS = [
    "id,dossier_id,given_name,family_name,relationship,birth_date,whereabouts,arrived_on,person_id",
    "fm1,d1,Dawit,Berhane,child,2012-09-30,,2017-02-01,p2",
    "fm2,d1,Selam,Berhane,partner,1990-03-04,Ethiopië (Addis Abeba),,",
]


def test_outcomes_and_family_members_import_and_export_back_identical(tmp_path):
    result = import_files(
        tmp_path / "in", with_changes(dossier_steps_csv=STEPS, family_members_csv=MEMBERS)
    )
    assert result.ok, result.problems
    assert DossierStep.objects.get(external_id="ds2").outcome == "granted"
    child = FamilyMember.objects.get(external_id="fm1")
    assert (child.relationship, child.arrived_on) == ("child", datetime.date(2017, 2, 1))
    assert child.person == Person.objects.get(external_id="p2")
    assert FamilyMember.objects.get(external_id="fm2").whereabouts == "Ethiopië (Addis Abeba)"

    out = tmp_path / "out"
    bundle_export(target=out)
    assert (out / "dossier_steps.csv").read_text().splitlines()[0].endswith(",note,outcome")
    assert (out / "family_members.csv").read_text().splitlines()[1:] == [
        "fm1,d1,Dawit,Berhane,child,2012-09-30,,2017-02-01,p2",
        "fm2,d1,Selam,Berhane,partner,1990-03-04,Ethiopië (Addis Abeba),,",
    ]
    empty_database()
    assert bundle_import(by=IMPORT, source=out).ok
    bundle_export(target=tmp_path / "again")
    assert same_bundles(out, tmp_path / "again")


def test_a_bundle_without_them_exports_without_the_column_and_the_file(tmp_path, small):
    assert bundle_import(by=IMPORT, source=small).ok
    out = tmp_path / "out"
    written = bundle_export(target=out)
    assert "family_members.csv" not in written
    assert (out / "dossier_steps.csv").read_text().splitlines()[0] == (
        "id,dossier_id,step,done_on,due_on,note"
    )
    assert same_bundles(small, out)


def test_wrong_outcomes_and_family_members_are_located_and_nothing_is_written(tmp_path):
    assert import_files(tmp_path / "base", with_changes()).ok
    before = database_state()
    steps = [
        *STEPS,
        "ds3,d1,embassy_visit,2017-01-10,,,granted",  # only a decision has an outcome
        "ds4,d1,ind_decision,,2017-03-01,,refused",  # an outcome without its date
        "ds5,d1,ind_decision,2017-01-20,,,accepted",  # no such code
    ]
    members = [
        MEMBERS[0],
        "fm3,d1,Lula,Berhane,child,2015-01-01,,2014-06-01,",  # arrived before birth
        "fm4,d1,Noah,Berhane,child,2015-01-01,,,p2",  # registered, yet not arrived
        "fm5,d1,Yonas,,cousin,,,,",  # no such relationship
        "fm6,d9,Yonas,,child,,,,",  # no such dossier
        "fm7,d1,,Berhane,child,,,,",  # no given name
        "fm8,d1,Sara,Sabbagh,child,2010-01-01,,2017-05-01,p3",  # a client of another branch
    ]
    result = import_files(
        tmp_path / "in", with_changes(dossier_steps_csv=steps, family_members_csv=members)
    )
    assert not result.ok
    found = {str(problem) for problem in result.problems}
    expected_starts = {
        "dossier_steps.csv:4: outcome:",
        "dossier_steps.csv:5: done_on:",
        "dossier_steps.csv:6: outcome:",
        "family_members.csv:2: arrived_on:",
        "family_members.csv:3: arrived_on:",
        "family_members.csv:4: relationship:",
        "family_members.csv:5: dossier_id:",
        "family_members.csv:6: given_name:",
        "family_members.csv:7: person_id:",
    }
    for start in expected_starts:
        assert any(message.startswith(start) for message in found), (start, found)
    assert len(found) == len(expected_starts), found
    assert database_state() == before


def test_family_members_only_of_a_family_reunification_dossier(tmp_path):
    dossiers = [
        "id,person_id,kind,opened_on,closed_on,outcome,guardianship,family_members",
        "d1,p1,naturalisation,2016-12-01,2017-01-20,granted,false,",
    ]
    result = import_files(
        tmp_path / "in",
        with_changes(dossiers_csv=dossiers, dossier_steps_csv=None, family_members_csv=MEMBERS),
    )
    assert [str(problem) for problem in result.problems] == [
        "family_members.csv:2: dossier_id: dossier d1 has kind naturalisation, "
        "not family_reunification",
        "family_members.csv:3: dossier_id: dossier d1 has kind naturalisation, "
        "not family_reunification",
    ]
