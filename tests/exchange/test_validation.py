"""Every validation rule: the bundle is refused with located messages and nothing is written."""

import pytest
from django.core.management import CommandError, call_command

from koers.exchange.services import IMPORT, BundleError, bundle_import
from koers.people.models import Person, QuotaPeriod
from tests.exchange.bundles import SMALL, database_state, import_files, with_changes, write_files
from tests.factories import AttendanceFactory, LocationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = SMALL["people.csv"][0]


def people(*rows: str) -> list[str]:
    return [PEOPLE_HEADER, *rows]


CASES = {
    "missing required column": (
        with_changes(
            trainings_csv=["id,staff_id,completed_on", "tr1,s1,2015-03-20"],
        ),
        ["trainings.csv:1: course: missing required column"],
    ),
    "missing required column that attendance is checked against": (
        with_changes(
            enrolments_csv=["id,group_id,person_id,left_on", "e1,g1,p1,", "e2,g1,p2,2017-04-05"],
        ),
        ["enrolments.csv:1: enrolled_on: missing required column"],
    ),
    "missing required value": (
        with_changes(
            people_csv=people(
                "p1,zeestad,Mahlet,Berhane,,F,ERI,,h1,regular,,,",
                "p2,zeestad,Dawit,,2012-09-30,M,ERI,,h1,regular,,,",
                "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,,",
            )
        ),
        [
            "people.csv:2: birth_date: required value missing",
            "people.csv:3: family_name: required value missing",
        ],
    ),
    "unknown column": (
        with_changes(dwellings_csv=["id,location_id,floor", "w1,zeestad,2", "w2,heuvelrug,0"]),
        ["dwellings.csv:1: floor: unknown column"],
    ),
    "unknown codes": (
        with_changes(
            people_csv=people(
                "p1,zeestad,Mahlet,Berhane,1988-04-02,f,ERI,,h1,regular,,,",
                "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERX,,h1,nareiziger,,,",
                "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,yes,",
            ),
            staff_csv=[
                SMALL["staff.csv"][0],
                "s1,zeestad,Fenna,Mulder,volunteer,social;tolk,ti;xx,2015-03-01,,,,",
                "s2,zeestad,Guus,Verhoef,paid,team_leader,,2012-01-01,,,,24.555",
            ],
        ),
        [
            "people.csv:2: sex: unknown code 'f' (expected one of F, M, X)",
            "people.csv:3: arrival_route: unknown code 'nareiziger' (expected one of "
            "family_reunification, regular, resettlement, self_registered)",
            "people.csv:3: nationality: unknown code 'ERX'",
            "people.csv:4: civic_integration_required: not a boolean 'yes' "
            "(expected true or false)",
            "staff.csv:2: languages: unknown code 'xx'",
            "staff.csv:2: roles: unknown code 'tolk' (expected one of admin, class_assistant, "
            "housing_coach, interpreter, job_coach, language_coach, legal, reception, social, "
            "team_leader, trainer, wegwijs_coach)",
            "staff.csv:3: hours_per_week: 24.555 does not fit 3 digits before "
            "and 2 after the point",
        ],
    ),
    "malformed dates and period": (
        with_changes(
            trajectories_csv=[
                "id,person_id,kind,started_on",
                "t1,p1,settling_in,2017-02-30",
                "t2,p2,settling_in,15-02-2017",
            ],
            quota_periods_csv=["id,location_id,period,quota", "q1,zeestad,2017-H3,-2"],
        ),
        [
            "quota_periods.csv:2: period: malformed period '2017-H3' (expected YYYY-H1 or YYYY-H2)",
            "quota_periods.csv:2: quota: -2 is less than 0",
            "trajectories.csv:2: started_on: malformed date '2017-02-30' (expected YYYY-MM-DD)",
            "trajectories.csv:3: started_on: malformed date '15-02-2017' (expected YYYY-MM-DD)",
        ],
    ),
    "values a database cannot hold": (
        with_changes(
            quota_periods_csv=["id,location_id,period,quota", "q1,zeestad,2017-H1,3000000000"],
            locations_csv=[
                "id,name,municipality",
                "heuvelrug,Afdeling\x00Heuvelrug,Heuvelrug",
                f"zeestad,{'Z' * 201},Zeestad",
            ],
        ),
        [
            "locations.csv:2: name: contains a NUL byte",
            "locations.csv:3: name: longer than 200 characters",
            "quota_periods.csv:2: quota: 3000000000 is more than 2147483647",
        ],
    ),
    "end before start": (
        with_changes(
            trajectories_csv=[
                "id,person_id,kind,started_on,ended_on",
                "t1,p1,settling_in,2017-02-15,2017-02-14",
            ],
            matches_csv=[
                "id,program,person_id,requested_on,started_on",
                "m1,wegwijs,p1,2017-03-01,2017-02-01",
            ],
        ),
        [
            "trajectories.csv:2: ended_on: 2017-02-14 is before started_on 2017-02-15",
            "matches.csv:2: started_on: 2017-02-01 is before requested_on 2017-03-01",
        ],
    ),
    "reference to an unknown id": (
        with_changes(
            placements_csv=["id,person_id,dwelling_id,housed_on", "pl1,p9,w1,2017-02-15"],
            groups_csv=[
                "id,location_id,program,started_on,staff_ids",
                "g1,zeestad,vip,2017-04-03,s1;s7",
            ],
        ),
        [
            "placements.csv:2: person_id: p9 is neither in people.csv nor in the database",
            "groups.csv:2: staff_ids: s7 is neither in staff.csv nor in the database",
        ],
    ),
    "duplicate id within a file": (
        with_changes(
            sessions_csv=[
                "id,group_id,date",
                "x1,g1,2017-04-03",
                "x2,g1,2017-04-10",
                "x1,g1,2017-04-17",
            ]
        ),
        ["sessions.csv:4: id: duplicate id x1 (first on line 2)"],
    ),
    "placement into a dwelling of another location": (
        with_changes(placements_csv=["id,person_id,dwelling_id,housed_on", "pl1,p1,w2,2017-02-15"]),
        [
            "placements.csv:2: dwelling_id: dwelling w2 is at location heuvelrug, "
            "person p1 at zeestad"
        ],
    ),
    "attendance of a person not enrolled on the session's date": (
        with_changes(
            attendance_csv=[
                "id,session_id,person_id,present",
                "a1,x1,p1,true",
                "a2,x2,p2,true",  # p2 left on 2017-04-05
                "a3,x1,p3,false",  # p3 never enrolled
            ]
        ),
        [
            "attendance.csv:3: person_id: p2 is not enrolled in group g1 on 2017-04-10 "
            "(session x2)",
            "attendance.csv:4: person_id: p3 is not enrolled in group g1 on 2017-04-03 "
            "(session x1)",
        ],
    ),
    "attendance after the group ended": (
        with_changes(
            groups_csv=[
                "id,location_id,program,started_on,ended_on",
                "g1,zeestad,participation_statement,2017-04-03,2017-04-09",
            ],
            attendance_csv=["id,session_id,person_id,present", "a2,x2,p1,false"],
        ),
        ["attendance.csv:2: person_id: p1 is not enrolled in group g1 on 2017-04-10 (session x2)"],
    ),
    "closed dossier without outcome": (
        with_changes(
            dossiers_csv=[
                "id,person_id,kind,opened_on,closed_on,outcome",
                "d1,p1,naturalisation,2016-12-01,2017-01-20,",
            ]
        ),
        ["dossiers.csv:2: outcome: required when closed_on is given"],
    ),
    "file that is not UTF-8": (
        with_changes(
            people_csv=(
                "\r\n".join(people("p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,,h1,regular,,,"))
                + "\r\np2,zeestad,Dawit,Ber\xe4ne,2012-09-30,M,ERI,,h1,regular,,,\r\n"
            ).encode("latin-1")
        ),
        ["people.csv:3: -: not UTF-8 text (byte 0xe4)"],
    ),
    "household with members at two locations": (
        with_changes(
            people_csv=people(
                "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,,h1,regular,,,",
                "p2,heuvelrug,Dawit,Berhane,2012-09-30,M,ERI,,h1,regular,,,",
            ),
            placements_csv=None,
        ),
        ["people.csv:3: household_id: household h1 also has members at location zeestad (line 2)"],
    ),
    "two quota periods for one half-year": (
        with_changes(
            quota_periods_csv=[
                "id,location_id,period,quota",
                "q1,zeestad,2017-H1,12",
                "q2,zeestad,2017-H1,10",
            ]
        ),
        ["quota_periods.csv:3: period: same location_id and period as line 2"],
    ),
    "attendance recorded twice": (
        with_changes(
            attendance_csv=[
                "id,session_id,person_id,present",
                "a1,x1,p1,true",
                "a9,x1,p1,false",
            ]
        ),
        ["attendance.csv:3: person_id: same session_id and person_id as line 2"],
    ),
    "rows of the wrong width, broken quoting and unknown files": (
        with_changes(
            targets_csv='id,location_id,year,indicator,target\r\nta1,zeestad,2017\r\nta2,"zee',
            notes_csv="anything\r\n",
        ),
        [
            "notes.csv:1: -: unknown file (a bundle holds locations.csv, quota_periods.csv, "
            "dwellings.csv, people.csv, civic_integration_results.csv, placements.csv, "
            "linkings.csv, integration_plans.csv, "
            "staff.csv, trainings.csv, partners.csv, activities.csv, "
            "volunteer_profiles.csv, trajectories.csv, coach_periods.csv, "
            "trajectory_plans.csv, trajectory_evaluations.csv, self_reliance_measurements.csv, "
            "referrals.csv, budget_lines.csv, contacts.csv, dossiers.csv, dossier_steps.csv, "
            "family_members.csv, matches.csv, match_volunteer_periods.csv, match_evaluations.csv, "
            "groups.csv, sessions.csv, enrolments.csv, "
            "attendance.csv, targets.csv, signals.csv, report_narratives.csv, "
            "published_reports.csv, documents.csv, deadline_terms.csv)",
            "targets.csv:2: -: 3 cells where the header has 5",
            "targets.csv:3: -: broken CSV quoting (unexpected end of data)",
        ],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_invalid_bundle_is_refused_with_located_messages_and_nothing_written(
    tmp_path, files, expected
):
    LocationFactory(external_id="elders")
    before = database_state()
    result = import_files(tmp_path / "bundle", files)
    assert sorted(str(problem) for problem in result.problems) == sorted(expected)
    assert database_state() == before


def test_problems_in_three_files_are_all_reported_in_file_order(tmp_path, capsys):
    files = with_changes(
        people_csv=people(
            "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,12345,h1,regular,,,",
            "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,regular,,,",
            "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,,",
        ),
        staff_csv=[
            SMALL["staff.csv"][0],
            "s1,zeestad,Fenna,Mulder,volunteer,,ti,2015-03-01,2014-01-01,,,",
            "s2,zeestad,Guus,Verhoef,paid,team_leader,,2012-01-01,,,,24.5",
        ],
        attendance_csv=["id,session_id,person_id,present", "a1,x1,p1,", "a2,x9,p1,true"],
    )
    folder = write_files(tmp_path / "bundle", files)
    with pytest.raises(CommandError, match="5 problem"):
        call_command("import", str(folder))
    assert capsys.readouterr().err.splitlines() == [
        "people.csv:2: v_number: '12345': Een V-nummer bestaat uit 10 cijfers.",
        "staff.csv:2: ended_on: 2014-01-01 is before started_on 2015-03-01",
        "staff.csv:2: roles: required value missing",
        "attendance.csv:2: present: required value missing",
        "attendance.csv:3: session_id: x9 is neither in sessions.csv nor in the database",
    ]
    assert Person.objects.count() == 0


def test_a_bundle_that_is_not_a_folder_or_zip_is_refused(tmp_path):
    text = tmp_path / "people.csv"
    text.write_text("id\r\n")
    with pytest.raises(BundleError, match=r"not a folder or a \.zip file"):
        bundle_import(by=IMPORT, source=text)
    with pytest.raises(CommandError, match=r"not a folder or a \.zip file"):
        call_command("import", str(tmp_path / "missing"))


def test_references_may_point_to_records_already_in_the_database(tmp_path):
    person = PersonFactory(external_id="p-old", location__external_id="zeestad")
    files = {
        "trajectories.csv": ["id,person_id,kind,started_on", "t5,p-old,integration,2018-01-01"]
    }
    result = import_files(tmp_path / "bundle", files)
    assert result.ok, result.problems
    assert person.trajectories.get().external_id == "t5"


def test_a_database_rule_against_stored_records_is_a_located_message(tmp_path):
    stored = AttendanceFactory(external_id="a-old")
    files = {
        "attendance.csv": [
            "id,session_id,person_id,present",
            f"a-new,{stored.session.external_id},{stored.person.external_id},true",
        ],
        "enrolments.csv": [
            "id,group_id,person_id,enrolled_on",
            f"e-new,{stored.session.group.external_id},{stored.person.external_id},2017-01-01",
        ],
    }
    result = import_files(tmp_path / "bundle", files)
    assert [str(problem) for problem in result.problems] == [
        "attendance.csv:2: person_id: same session_id and person_id as a-old in the database"
    ]


def test_a_utf8_byte_order_mark_and_lf_line_ends_are_accepted(tmp_path):
    files = {"locations.csv": b"\xef\xbb\xbfid,name,municipality\nrivier,Afdeling Rivier,Rivier\n"}
    assert import_files(tmp_path / "bundle", files).ok
    assert QuotaPeriod.objects.count() == 0


def test_a_record_spanning_lines_is_located_by_its_first_line(tmp_path):
    files = with_changes(
        dossier_steps_csv=[
            "id,dossier_id,step,note",
            'ds1,d1,application_filed,"two\nlines"',
            "ds2,d1,hearing,",
        ]
    )
    result = import_files(tmp_path / "bundle", files)
    assert [str(problem) for problem in result.problems] == [
        "dossier_steps.csv:4: step: unknown code 'hearing'"  # 13 codes: too many to list
    ]
