"""Access earned, not assumed: a volunteer opens client records only with every requirement met.

The matrix: each requirement missing alone (and a start in the future, an end date
passed) leaves no client reachable, neither through ``for_user`` nor through the
client-file URL; all met gives the assigned clients and nobody else.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact
from koers.core.scoping import Role
from koers.legal.models import Dossier
from koers.people.models import Person
from koers.staff.models import StaffMember, Training
from tests.factories import ContactFactory, DossierFactory, PersonFactory, TrajectoryFactory


def _day(offset: int) -> datetime.date:
    """A day relative to the real (local) today, which the scope compares with.

    Asked at the moment of use, never at import: a run that passes midnight must not
    compare with the day it was collected on.
    """
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def volunteer(users):
    return users[Role.VOLUNTEER]


@pytest.fixture
def clients(branch, volunteer):
    mine = PersonFactory(location=branch, given_name="Eigen")
    sibling = PersonFactory(location=branch, household=mine.household, given_name="Broer")
    stranger = PersonFactory(location=branch, given_name="Ander")
    TrajectoryFactory(person=mine, coach=volunteer.staff_member)
    ContactFactory(location=branch, person=mine, kind="coaching")
    return {"mine": mine, "sibling": sibling, "stranger": stranger}


def _no_agreement(member):
    member.agreement_signed_on = None
    member.save()


def _no_conduct_certificate(member):
    member.conduct_certificate_on = None
    member.save()


def _no_course(member):
    member.trainings.all().delete()


def _only_another_course(member):
    member.trainings.update(course="country_day")


def _course_not_yet_completed(member):
    member.trainings.update(completed_on=_day(1))


def _starts_tomorrow(member):
    member.started_on = _day(1)
    member.save()


def _ended_yesterday(member):
    member.ended_on = _day(-1)
    member.save()


def _staff_record_at_another_branch(member, other_branch):
    member.location = other_branch
    member.save()


LACKING = {
    "no volunteer agreement": _no_agreement,
    "no certificate of conduct": _no_conduct_certificate,
    "no introduction or basic course": _no_course,
    "only a course that does not count": _only_another_course,
    "course completed only tomorrow": _course_not_yet_completed,
    "start in the future": _starts_tomorrow,
    "end date passed": _ended_yesterday,
}


@pytest.mark.parametrize("lacking", LACKING.values(), ids=LACKING.keys())
def test_volunteer_lacking_one_requirement_reaches_no_client(volunteer, clients, lacking):
    lacking(volunteer.staff_member)
    for model in (Person, Trajectory, Contact):
        assert not model.objects.for_user(volunteer).exists(), model
        assert not model.objects.for_user(volunteer, write=True).exists(), model


@pytest.mark.parametrize("lacking", LACKING.values(), ids=LACKING.keys())
def test_volunteer_lacking_one_requirement_gets_404_for_the_client_file(
    volunteer, clients, lacking
):
    lacking(volunteer.staff_member)
    client = Client()
    client.force_login(volunteer)
    url = reverse("people:file", kwargs={"person_uid": clients["mine"].uid})
    assert client.get(url).status_code == 404


def test_staff_record_at_another_branch_than_the_role_opens_nothing(
    volunteer, clients, other_branch
):
    _staff_record_at_another_branch(volunteer.staff_member, other_branch)
    assert not Person.objects.for_user(volunteer).exists()


def test_volunteer_meeting_every_requirement_reaches_assigned_clients_only(volunteer, clients):
    client = Client()
    client.force_login(volunteer)
    assert {p.given_name for p in Person.objects.for_user(volunteer)} == {"Eigen", "Broer"}
    assert Contact.objects.for_user(volunteer).count() == 1
    for name, status in (("mine", 200), ("sibling", 200), ("stranger", 404)):
        url = reverse("people:file", kwargs={"person_uid": clients[name].uid})
        assert client.get(url).status_code == status, name


def test_end_date_today_still_opens_the_files(volunteer, clients):
    member = volunteer.staff_member
    member.ended_on = _day(0)
    member.save()
    assert Person.objects.for_user(volunteer).count() == 2


def test_basic_course_counts_as_well_as_the_introduction(volunteer, clients):
    volunteer.staff_member.trainings.update(course="basic_course")
    assert Person.objects.for_user(volunteer).count() == 2


def test_requirements_lacking_leave_branch_and_own_staff_records_reachable(volunteer, clients):
    from koers.core.models import Location

    _no_conduct_certificate(volunteer.staff_member)
    assert list(StaffMember.objects.for_user(volunteer)) == [volunteer.staff_member]
    assert Training.objects.for_user(volunteer).count() == 1
    assert Location.objects.for_user(volunteer).count() == 1


def test_the_requirements_add_no_query(volunteer, clients):
    """The check is a subquery of the same SELECT: one query, lacking or not."""
    for lacking in (None, _no_conduct_certificate):
        if lacking:
            lacking(volunteer.staff_member)
        volunteer._koers_memberships = None  # as a new request would
        list(Person.objects.for_user(volunteer))  # loads the memberships
        with CaptureQueriesContext(connection) as queries:
            list(Person.objects.for_user(volunteer))
        assert len(queries) == 1


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.LEGAL])
def test_cleared_legal_volunteers_and_team_leaders_reach_the_whole_branch(users, clients, role):
    assert Person.objects.for_user(users[role]).count() == 3


@pytest.mark.parametrize("lacking", LACKING.values(), ids=LACKING.keys())
def test_legal_volunteer_lacking_one_requirement_reaches_no_client_or_dossier(
    users, clients, lacking
):
    legal = users[Role.LEGAL]
    DossierFactory(person=clients["stranger"])
    assert Dossier.objects.for_user(legal).exists()
    lacking(legal.staff_member)
    for model in (Person, Dossier):
        assert not model.objects.for_user(legal).exists(), model


def test_the_clearing_courses_are_known_course_codes():
    from koers.core.scoping import CLEARING_COURSES
    from koers.staff.models import Course

    assert set(CLEARING_COURSES) == {Course.INTRODUCTION, Course.BASIC_COURSE}
