"""Koers' own files and columns are checked like the format's: located messages, nothing written."""

import pytest

from tests.exchange.bundles import SMALL, database_state, import_files, with_changes

pytestmark = pytest.mark.django_db

MATCHES_HEADER = SMALL["matches.csv"][0]

CASES = {
    "volunteer profile of an unknown volunteer, too many pairs, a second profile": (
        with_changes(
            volunteer_profiles_csv=[
                "id,staff_id,max_pairs,postcode_area,daytime,evening,weekend",
                "vp1,s9,2,3011,false,true,false",
                "vp2,s2,21,301,yes,,",
                "vp3,s1,2,3011,,,",
                "vp4,s1,1,,,,true",
            ]
        ),
        [
            "volunteer_profiles.csv:2: staff_id: s9 is neither in staff.csv nor in the database",
            "volunteer_profiles.csv:3: max_pairs: 21 is more than 20",
            "volunteer_profiles.csv:3: postcode_area: '301': "
            "Vier cijfers van de postcode, bijv. 3011.",
            "volunteer_profiles.csv:3: daytime: not a boolean 'yes' (expected true or false)",
            "volunteer_profiles.csv:5: staff_id: same staff_id as line 4",
        ],
    ),
    "exit conversation on a malformed date": (
        with_changes(
            trajectories_csv=[
                "id,person_id,kind,coach_id,started_on,ended_on,end_reason,"
                "exit_conversation_on,exit_summary",
                "t1,p1,settling_in,s1,2017-02-15,2017-08-15,completed,15-08-2017,Klaar",
            ]
        ),
        [
            "trajectories.csv:2: exit_conversation_on: malformed date '15-08-2017' "
            "(expected YYYY-MM-DD)"
        ],
    ),
    "two plans for one trajectory and a plan of an unknown trajectory": (
        with_changes(
            trajectory_plans_csv=[
                "id,trajectory_id,goals,agreed_on,actions",
                "tp1,t1,Zelf de post lezen,2017-03-01,",
                "tp2,t1,Werk vinden,2017-04-01,",
                "tp3,t9,Werk vinden,2017-04-01,",
            ]
        ),
        [
            "trajectory_plans.csv:3: trajectory_id: same trajectory_id as line 2",
            "trajectory_plans.csv:4: trajectory_id: t9 is neither in trajectories.csv "
            "nor in the database",
        ],
    ),
    "an evaluation without notes": (
        with_changes(
            trajectory_evaluations_csv=[
                "id,trajectory_id,held_on,notes",
                "te1,t1,2017-06-01,",
            ]
        ),
        ["trajectory_evaluations.csv:2: notes: required value missing"],
    ),
    "ZRM measurements with an unknown moment, domain and score": (
        with_changes(
            self_reliance_measurements_csv=[
                "id,trajectory_id,moment,measured_on,scores",
                "zrm1,t1,halfway,2017-03-01,finances:3",
                "zrm2,t1,intake,2017-03-01,wealth:3",
                "zrm3,t1,exit,2017-08-01,finances:6",
                "zrm4,t1,exit,2017-08-02,finances:3;finances:4",
                "zrm5,t1,exit,2017-08-03,finances",
            ]
        ),
        [
            "self_reliance_measurements.csv:2: moment: unknown code 'halfway' "
            "(expected one of exit, intake)",
            "self_reliance_measurements.csv:3: scores: unknown code 'wealth'",
            "self_reliance_measurements.csv:4: scores: 6 is more than 5",
            "self_reliance_measurements.csv:5: scores: 'finances' is listed twice",
            "self_reliance_measurements.csv:6: scores: 'finances' is not key:value",
        ],
    ),
    "a second intake measurement of a trajectory": (
        with_changes(
            self_reliance_measurements_csv=[
                "id,trajectory_id,moment,measured_on,scores",
                "zrm1,t1,intake,2017-03-01,finances:3",
                "zrm2,t1,intake,2017-03-02,",
            ]
        ),
        ["self_reliance_measurements.csv:3: moment: same trajectory_id and moment as line 2"],
    ),
    "a referral to an unknown partner, and one under another client's trajectory": (
        with_changes(
            referrals_csv=[
                "id,person_id,partner,referred_on,reason,trajectory_id,warm_handover,outcome",
                "r1,p1,bank,2017-04-01,Geen inkomen,t1,true,pending",
                "r2,p2,food_bank,2017-04-01,Geen inkomen,t1,false,",
            ]
        ),
        [
            "referrals.csv:2: partner: unknown code 'bank' (expected one of cjg, debt_buddy, "
            "debt_help, food_bank, gp, mental_health, other, taalhuis, veilig_thuis, "
            "vraagwijzer, wijkteam, work)",
            "referrals.csv:3: trajectory_id: trajectory t1 is of person p1, not p2",
        ],
    ),
    "a budget line of an unknown household, with a negative amount": (
        with_changes(
            budget_lines_csv=[
                "id,household_id,kind,description,amount,counterparty",
                "b1,h9,income,Participatiewet,1200,",
                "b2,h1,debt,Huur,-5,Woonstede",
                "b3,h1,savings,Spaarrekening,10,",
            ]
        ),
        [
            "budget_lines.csv:2: household_id: h9 is neither in households nor in the database",
            "budget_lines.csv:3: amount: -5 is less than 0",
            "budget_lines.csv:4: kind: unknown code 'savings' "
            "(expected one of arrangement, debt, fixed_cost, income)",
        ],
    ),
    "a match with an unknown end reason, language and previous match": (
        with_changes(
            matches_csv=[
                f"{MATCHES_HEADER},end_reason,end_note,previous_id,daytime,languages",
                "m1,language_coaching,p1,s1,2017-03-01,2017-03-20,,,,bored,,m9,true,ar;xx",
                "m2,language_coaching,p3,,2017-05-01,,,,,,,m3,,",
                "m3,wegwijs,p1,,2017-01-01,2017-01-05,2017-02-01,stopped,,moved,,,,",
            ]
        ),
        [
            "matches.csv:2: end_reason: unknown code 'bored' (expected one of client_stopped, "
            "goal_reached, moved, no_click, other, volunteer_stopped)",
            "matches.csv:2: languages: unknown code 'xx'",
            "matches.csv:2: previous_id: m9 is neither in matches.csv nor in the database",
            "matches.csv:3: previous_id: previous m3 is of person p1, not p3",
        ],
    ),
    "a signal reported before it was noticed, on an unknown topic": (
        with_changes(
            signals_csv=[
                "id,location_id,topic,description,noticed_on,reported_on",
                "sig1,zeestad,housing,Lange wachttijd,2017-05-01,2017-04-01",
                "sig2,zeestad,weather,Regen,2017-05-01,",
            ]
        ),
        [
            "signals.csv:2: reported_on: 2017-04-01 is before noticed_on 2017-05-01",
            "signals.csv:3: topic: unknown code 'weather' (expected one of civic_integration, "
            "debts, discrimination, education, health, housing, income, other, work, youth)",
        ],
    ),
    "report narratives before 2000 and twice for one section": (
        with_changes(
            report_narratives_csv=[
                "id,location_id,year,section,text",
                "n1,zeestad,1999,housing,Oud",
                "n2,zeestad,2017,housing,Een",
                "n3,zeestad,2017,housing,Twee",
            ]
        ),
        [
            "report_narratives.csv:2: year: 1999 is less than 2000",
            "report_narratives.csv:4: section: same location_id and year and section as line 3",
        ],
    ),
    "a published report of an unknown branch with figures that are not JSON": (
        with_changes(
            published_reports_csv=[
                "id,location_id,year,edition,published_on,definitions_version,figures,"
                "previous_figures",
                'pr1,nergens,2017,1,2018-02-01,2017.1,"{""a"":1}",{}',
                "pr2,zeestad,2017,1,2018-02-01,2017.1,{a:1},[NaN]",
            ]
        ),
        [
            "published_reports.csv:2: location_id: nergens is neither in locations.csv "
            "nor in the database",
            "published_reports.csv:3: figures: not JSON "
            "(Expecting property name enclosed in double quotes at character 1)",
            "published_reports.csv:3: previous_figures: not JSON "
            "(NaN is not a JSON number at character 0)",
        ],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_koers_files_are_refused_with_located_messages_and_nothing_written(
    tmp_path, files, expected
):
    before = database_state()
    result = import_files(tmp_path / "bundle", files)
    assert sorted(str(problem) for problem in result.problems) == sorted(expected)
    assert database_state() == before
