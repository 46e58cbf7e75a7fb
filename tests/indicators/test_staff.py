"""Volunteers, interns and paid staff: inflow, outflow, roles, interpreters, trainings."""

import datetime

from tests.factories import StaffMemberFactory, TrainingFactory

D = datetime.date


def test_staff_active_at_the_start_at_the_end_and_during_by_kind(branch, figures):
    StaffMemberFactory(location=branch, started_on=D(2015, 1, 1), ended_on=D(2017, 1, 1))
    StaffMemberFactory(location=branch, started_on=D(2017, 12, 31))
    StaffMemberFactory(location=branch, started_on=D(2015, 1, 1), ended_on=D(2016, 12, 31))
    StaffMemberFactory(location=branch, kind="paid", started_on=D(2010, 1, 1))
    result = figures(2017)
    assert result["staff.active.volunteer"] == 2
    assert result["staff.active_start.volunteer"] == 1
    assert result["staff.active_end.volunteer"] == 1
    assert (result["staff.active.paid"], result["staff.active_end.paid"]) == (1, 1)
    assert result["staff.active.intern_hbo"] == 0


def test_staff_started_and_ended_with_their_reasons(branch, figures):
    StaffMemberFactory(location=branch, kind="intern_mbo", started_on=D(2017, 2, 1))
    StaffMemberFactory(
        location=branch, started_on=D(2015, 1, 1), ended_on=D(2017, 12, 31), end_reason="paid_job"
    )
    StaffMemberFactory(
        location=branch, started_on=D(2015, 1, 1), ended_on=D(2017, 3, 1), end_reason="moved"
    )
    StaffMemberFactory(
        location=branch, started_on=D(2015, 1, 1), ended_on=D(2018, 1, 1), end_reason="paid_job"
    )
    result = figures(2017)
    assert (result["staff.started.intern_mbo"], result["staff.ended.volunteer"]) == (1, 2)
    assert result["staff.ended_by_reason.paid_job"] == 1
    assert result["staff.ended_by_reason.moved"] == 1
    assert result["staff.ended_by_reason.illness"] == 0


def test_a_staff_member_with_two_roles_counts_once_for_each(branch, figures):
    StaffMemberFactory(location=branch, role_codes=["legal", "social"], started_on=D(2017, 4, 1))
    StaffMemberFactory(
        location=branch, role_codes=["social"], started_on=D(2015, 4, 1), ended_on=D(2017, 8, 1)
    )
    result = figures(2017)
    assert result["staff.active.volunteer"] == 2
    assert result["staff.active_by_role.social"] == 2
    assert result["staff.active_end_by_role.social"] == 1
    assert result["staff.active_end_by_role.legal"] == 1
    assert result["staff.started_by_role.legal"] == result["staff.started_by_role.social"] == 1
    assert result["staff.ended_by_role.social"] == 1
    assert result["staff.active_by_role.trainer"] == 0


def test_interpreters_started_by_language_only_where_they_occur(branch, figures):
    StaffMemberFactory(
        location=branch,
        role_codes=["interpreter"],
        language_codes=["ar", "ti"],
        started_on=D(2017, 5, 1),
    )
    StaffMemberFactory(
        location=branch, role_codes=["interpreter"], language_codes=["ar"], started_on=D(2016, 5, 1)
    )
    StaffMemberFactory(
        location=branch, role_codes=["social"], language_codes=["fa"], started_on=D(2017, 5, 1)
    )
    result = figures(2017)
    assert {k: v for k, v in result.items() if "interpreters" in k} == {
        "staff.interpreters_started_by_language.ar": 1,
        "staff.interpreters_started_by_language.ti": 1,
    }


def test_trainings_completed_by_course_including_unlisted_courses(branch, figures):
    member = StaffMemberFactory(location=branch)
    TrainingFactory(staff=member, course="introduction", completed_on=D(2017, 1, 1))
    TrainingFactory(staff=member, course="eerste_hulp", completed_on=D(2017, 12, 31))
    TrainingFactory(staff=member, course="basic_course", completed_on=D(2016, 12, 31))
    result = figures(2017)
    assert {k: v for k, v in result.items() if "trainings" in k} == {
        "staff.trainings_completed.eerste_hulp": 1,
        "staff.trainings_completed.introduction": 1,
    }


def test_volunteers_and_interns_without_basic_training_on_the_last_day(branch, figures):
    trained = StaffMemberFactory(location=branch)
    TrainingFactory(staff=trained, course="introduction", completed_on=D(2017, 12, 31))
    late = StaffMemberFactory(location=branch, kind="intern_hbo")
    TrainingFactory(staff=late, course="basic_course", completed_on=D(2018, 1, 5))
    other_course = StaffMemberFactory(location=branch)
    TrainingFactory(staff=other_course, course="country_day", completed_on=D(2017, 3, 1))
    StaffMemberFactory(location=branch, kind="paid")
    StaffMemberFactory(location=branch, ended_on=D(2017, 6, 1))
    assert figures(2017)["staff.volunteers_without_basic_training_end"] == 2


def test_staff_of_another_branch_are_excluded(branch, other_branch, figures):
    StaffMemberFactory(location=other_branch, role_codes=["social"], started_on=D(2017, 4, 1))
    result = figures(2017)
    assert result["staff.started.volunteer"] == 0
    assert result["staff.started_by_role.social"] == 0
