"""Groups per program: groups, sessions, enrolments, participants and attendance."""

import datetime

from tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GroupFactory,
    GroupSessionFactory,
    PersonFactory,
)

D = datetime.date
PVT = "groups.participation_statement."


def test_groups_started_active_and_active_at_the_end_by_level(branch, figures):
    program = {"location": branch, "program": "language_centre"}
    GroupFactory(**program, started_on=D(2017, 1, 1), level="alpha", evening=True)
    GroupFactory(**program, started_on=D(2016, 9, 1), ended_on=D(2017, 1, 1), level="alpha")
    GroupFactory(**program, started_on=D(2016, 9, 1), ended_on=D(2016, 12, 31))
    GroupFactory(**program, started_on=D(2017, 12, 31), level="advanced")
    GroupFactory(**program, started_on=D(2018, 1, 1))
    result = figures(2017)
    key = "groups.language_centre."
    assert result[key + "groups_started"] == 2
    assert result[key + "groups_active"] == 3
    assert result[key + "groups_active_end"] == 2
    assert result[key + "groups_active_end_evening"] == 1
    assert result[key + "groups_active_end_by_level.alpha"] == 1
    assert result[key + "groups_active_end_by_level.advanced"] == 1
    assert result[key + "groups_active_end_by_level.state_exam"] == 0
    assert result["groups.vip.groups_active"] == 0


def test_groups_started_by_language_appear_only_where_they_occur(branch, figures):
    GroupFactory(location=branch, language="ar")
    GroupFactory(location=branch, language="ar")
    GroupFactory(location=branch, language="ti", started_on=D(2016, 3, 1))
    GroupFactory(location=branch, language="")
    result = figures(2017)
    assert {k: v for k, v in result.items() if "by_language" in k} == {
        PVT + "groups_started_by_language.ar": 2
    }


def test_sessions_are_counted_by_date_per_program(branch, figures):
    group = GroupFactory(location=branch, started_on=D(2016, 12, 1))
    for day in (D(2016, 12, 31), D(2017, 1, 1), D(2017, 12, 31)):
        GroupSessionFactory(group=group, date=day)
    result = figures(2017)
    assert result[PVT + "sessions"] == 2
    assert result["groups.civic_integration.sessions"] == 0


def test_enrolments_end_with_their_group(branch, figures):
    ended_2016 = GroupFactory(location=branch, started_on=D(2016, 3, 1), ended_on=D(2016, 12, 31))
    ended_mid_2017 = GroupFactory(
        location=branch, started_on=D(2017, 3, 1), ended_on=D(2017, 6, 30)
    )
    running = GroupFactory(location=branch, started_on=D(2017, 3, 1))
    EnrolmentFactory(group=ended_2016, enrolled_on=D(2016, 3, 1))
    EnrolmentFactory(group=ended_mid_2017)
    EnrolmentFactory(group=running)
    EnrolmentFactory(group=running, left_on=D(2017, 12, 30))
    result = figures(2017)
    assert result[PVT + "enrolments"] == 3
    assert result[PVT + "participants"] == 3
    assert result[PVT + "participants_active_end"] == 1


def test_participants_are_distinct_and_counted_by_their_number_of_enrolments(branch, figures):
    groups = [GroupFactory(location=branch) for _ in range(3)]
    once, twice, thrice = (PersonFactory(location=branch) for _ in range(3))
    EnrolmentFactory(group=groups[0], person=once)
    for group in groups[:2]:
        EnrolmentFactory(group=group, person=twice)
    for group in groups:
        EnrolmentFactory(group=group, person=thrice)
    result = figures(2017)
    assert (result[PVT + "enrolments"], result[PVT + "participants"]) == (6, 3)
    assert [result[PVT + f"participants_by_enrolments.{n}"] for n in ("1", "2", "3_or_more")] == [
        1,
        1,
        1,
    ]
    assert result["groups.vip.participants_by_enrolments.1"] == 0


def test_new_participants_had_no_earlier_enrolment_in_the_program(branch, figures):
    returning = PersonFactory(location=branch)
    old = GroupFactory(location=branch, started_on=D(2016, 1, 1), ended_on=D(2016, 6, 1))
    EnrolmentFactory(group=old, person=returning, enrolled_on=D(2016, 1, 1))
    vip = GroupFactory(location=branch, program="vip", started_on=D(2016, 1, 1))
    EnrolmentFactory(group=vip, person=returning, enrolled_on=D(2016, 1, 1))
    group = GroupFactory(location=branch, started_on=D(2017, 1, 1))
    EnrolmentFactory(group=group, person=returning, enrolled_on=D(2017, 1, 1))
    EnrolmentFactory(group=group, enrolled_on=D(2017, 12, 31))
    EnrolmentFactory(group=group, enrolled_on=D(2016, 12, 31))
    result = figures(2017)
    assert result[PVT + "participants"] == 3
    assert result[PVT + "participants_new"] == 1
    assert result["groups.vip.participants_new"] == 0


def test_participants_who_must_integrate_are_counted(branch, figures):
    group = GroupFactory(location=branch)
    EnrolmentFactory(
        group=group, person=PersonFactory(location=branch, civic_integration_required=True)
    )
    EnrolmentFactory(
        group=group, person=PersonFactory(location=branch, civic_integration_required=False)
    )
    EnrolmentFactory(
        group=group, person=PersonFactory(location=branch, civic_integration_required=None)
    )
    assert figures(2017)[PVT + "participants_civic_integration_required"] == 1


def test_attendance_rate_and_average_present_per_session(branch, figures):
    group = GroupFactory(location=branch, started_on=D(2016, 12, 1))
    sessions = [GroupSessionFactory(group=group, date=d) for d in (D(2017, 3, 1), D(2017, 3, 8))]
    earlier = GroupSessionFactory(group=group, date=D(2016, 12, 8))
    people = [PersonFactory(location=branch) for _ in range(3)]
    for person in people:
        EnrolmentFactory(group=group, person=person, enrolled_on=D(2016, 12, 1))
        AttendanceFactory(session=sessions[0], person=person, present=True)
        AttendanceFactory(session=earlier, person=person, present=False)
    AttendanceFactory(session=sessions[1], person=people[0], present=True)
    AttendanceFactory(session=sessions[1], person=people[1], present=False)
    result = figures(2017)
    assert result[PVT + "attendance_rate"] == 0.8
    assert result[PVT + "avg_present_per_session"] == 2.0


def test_rates_are_left_out_when_there_is_nothing_to_divide_by(branch, figures):
    group = GroupFactory(location=branch)
    GroupSessionFactory(group=group)
    result = figures(2017)
    assert PVT + "attendance_rate" not in result
    assert result[PVT + "avg_present_per_session"] == 0.0
    assert "groups.vip.avg_present_per_session" not in result
    assert "groups.vip.attendance_rate" not in result


def test_participation_statements_signed_in_the_period(branch, other_branch, figures):
    for day in (D(2017, 1, 1), D(2017, 12, 31), D(2018, 1, 1)):
        PersonFactory(location=branch, participation_statement_signed_on=day)
    PersonFactory(location=other_branch, participation_statement_signed_on=D(2017, 5, 1))
    assert figures(2017)["participation_statement.signed"] == 2
