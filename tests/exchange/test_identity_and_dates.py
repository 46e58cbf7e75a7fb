"""The import refuses, located and writing nothing: a date of something that happened after
today (birth, permit, signature), a placement before the person's birth, and a V-number
another person already has (issue 12). A possible duplicate is a notice, not an error."""

import datetime

import pytest
from django.utils import timezone

from koers.people.models import Person
from tests.exchange.bundles import SMALL, database_state, import_files, with_changes
from tests.factories import DossierFactory, LocationFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = SMALL["people.csv"][0]
P2 = "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,family_reunification,2017-02-01,,"
P3 = "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,false,2017-06-01"


def refused(tmp_path, files) -> list[str]:
    before = database_state()
    result = import_files(tmp_path / "bundle", files)
    assert database_state() == before  # all or nothing
    return [str(problem) for problem in result.problems]


def tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def test_a_birth_permit_or_signature_after_today_is_refused_at_its_line(tmp_path):
    day, today = tomorrow(), timezone.localdate().isoformat()
    files = with_changes(
        people_csv=[
            HEADER,
            f"p1,zeestad,Mahlet,Berhane,{day},F,ERI,1234567890,h1,regular,,true,",
            f"p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,family_reunification,{day},,",
            f"p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,false,{day}",
        ],
        placements_csv=None,
        trajectories_csv=None,
        contacts_csv=None,
        dossiers_csv=None,
        dossier_steps_csv=None,
        matches_csv=None,
        enrolments_csv=None,
        attendance_csv=None,
    )
    problems = refused(tmp_path, files)
    assert f"people.csv:2: birth_date: {day} is in the future (today is {today})" in problems
    assert f"people.csv:3: permit_granted_on: {day} is in the future (today is {today})" in problems
    assert (
        f"people.csv:4: participation_statement_signed_on: {day} is in the future "
        f"(today is {today})" in problems
    )


def test_a_placement_before_the_persons_birth_is_refused(tmp_path):
    files = with_changes(
        placements_csv=[
            "id,person_id,dwelling_id,housed_on,counts_for_quota",
            "pl1,p1,w1,2017-02-15,true",
            "pl2,p2,w1,2012-09-29,false",  # Dawit was born on 2012-09-30
        ]
    )
    assert refused(tmp_path, files) == [
        "placements.csv:3: housed_on: 2012-09-29 is before the person's birth_date 2012-09-30"
    ]


def test_a_placement_before_the_birth_of_a_stored_person_is_refused(tmp_path):
    PersonFactory(
        external_id="p-old", location__external_id="zeestad", birth_date=datetime.date(2015, 5, 1)
    )
    files = {
        "dwellings.csv": ["id,location_id", "w9,zeestad"],
        "placements.csv": ["id,person_id,dwelling_id,housed_on", "pl9,p-old,w9,2015-04-30"],
    }
    assert refused(tmp_path, files) == [
        "placements.csv:2: housed_on: 2015-04-30 is before the person's birth_date 2015-05-01"
    ]


def test_a_signature_by_a_child_is_refused(tmp_path):
    files = with_changes(
        people_csv=[
            HEADER,
            "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,1234567890,h1,regular,2016-11-01,true,",
            "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,family_reunification,2017-02-01,,"
            "2017-03-01",
            P3,
        ]
    )
    assert refused(tmp_path, files) == [
        "people.csv:3: participation_statement_signed_on: 2017-03-01: the person was 4, "
        "a participation statement is signed at 18 or older"
    ]


def test_a_v_number_twice_in_the_bundle_is_refused_at_the_later_line(tmp_path):
    files = with_changes(
        people_csv=[
            HEADER,
            "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,1234567890,h1,regular,2016-11-01,true,",
            "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,1234567890,h1,regular,2017-02-01,,",
            P3,
        ]
    )
    assert refused(tmp_path, files) == [
        "people.csv:3: v_number: V-number 1234567890 is also person p1's (line 2): "
        "one person, one record"
    ]


def test_a_v_number_another_stored_person_has_is_refused(tmp_path):
    LocationFactory(external_id="elders")
    PersonFactory(external_id="p-old", v_number="1234567890")
    assert refused(tmp_path, dict(SMALL)) == [
        "people.csv:2: v_number: V-number 1234567890 is already person p-old's in the "
        "database: one person, one record"
    ]


def test_the_same_person_imported_again_keeps_their_v_number(tmp_path):
    assert import_files(tmp_path / "first", dict(SMALL)).ok
    again = import_files(tmp_path / "again", dict(SMALL))
    assert again.ok, again.problems
    assert Person.objects.filter(v_number="1234567890").count() == 1


def test_a_possible_duplicate_is_imported_with_a_notice_naming_the_other(tmp_path):
    LocationFactory(external_id="elders")
    PersonFactory(
        external_id="p-old",
        given_name="Mohammed",
        family_name="Al-Rashid",
        birth_date=datetime.date(1979, 12, 31),
        v_number="",
    )
    files = with_changes(
        people_csv=[
            HEADER,
            "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,1234567890,h1,regular,2016-11-01,true,",
            P2,
            "p3,heuvelrug,Muhammad,Alrashid,1979-12-31,M,SYR,,h2,resettlement,,false,2017-06-01",
            "p4,heuvelrug,Mahlet,Berhané,1988-04-02,F,ERI,,h2,resettlement,,,",
        ]
    )
    result = import_files(tmp_path / "bundle", files)
    assert result.ok, result.problems  # a notice, not an error: twins and common names exist
    assert [str(notice) for notice in result.notices] == [
        "people.csv:4: given_name: possibly the same person as p-old (in the database): same "
        "birth_date and name; imported as a new person, merge them in Koers if they are one",
        "people.csv:5: given_name: possibly the same person as p1 (line 2): same "
        "birth_date and name; imported as a new person, merge them in Koers if they are one",
    ]


def test_a_dossier_step_before_the_birth_of_the_dossiers_client_is_refused(tmp_path):
    files = with_changes(
        dossiers_csv=[
            "id,person_id,kind,opened_on,closed_on,outcome,guardianship,family_members",
            "d1,p1,family_reunification,2016-12-01,2017-01-20,granted,false,1",
            "d2,p2,asylum,2013-01-10,,,false,",  # Dawit was born on 2012-09-30
        ],
        dossier_steps_csv=[
            "id,dossier_id,step,done_on,due_on,note",
            "ds1,d1,application_filed,2016-12-05,2016-12-15,",
            "ds2,d2,application_filed,2012-09-29,,",
        ],
    )
    assert refused(tmp_path, files) == [
        "dossier_steps.csv:3: done_on: 2012-09-29 is before the person's birth_date 2012-09-30"
    ]


def test_a_step_of_a_stored_dossier_before_the_clients_birth_is_refused(tmp_path):
    person = PersonFactory(
        external_id="p-old", location__external_id="zeestad", birth_date=datetime.date(2015, 5, 1)
    )
    DossierFactory(external_id="d-old", person=person, opened_on=datetime.date(2016, 1, 4))
    files = {
        "dossier_steps.csv": [
            "id,dossier_id,step,done_on,due_on,note",
            "ds9,d-old,application_filed,2015-04-30,,",
        ]
    }
    assert refused(tmp_path, files) == [
        "dossier_steps.csv:2: done_on: 2015-04-30 is before the person's birth_date 2015-05-01"
    ]
