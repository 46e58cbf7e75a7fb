"""Attendance as one register: who is on it, one save, conflicts, and who may take it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.groups import selectors, services
from koers.groups.models import Attendance, GroupSession
from koers.groups.panels import person_panel
from tests.factories import EnrolmentFactory, GroupFactory, GroupSessionFactory, PersonFactory

pytestmark = pytest.mark.django_db
SESSION_DAY = datetime.date(2017, 3, 8)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def register(branch, users):
    """A group run by the volunteer: two enrolled that day, one left before, one came after."""
    group = GroupFactory(location=branch)
    group.staff.add(users[Role.VOLUNTEER].staff_member)
    session = GroupSessionFactory(group=group, date=SESSION_DAY)
    on_list = [
        EnrolmentFactory(group=group, person=PersonFactory(location=branch, given_name=name))
        for name in ("Amal", "Bilal")
    ]
    EnrolmentFactory(
        group=group,
        person=PersonFactory(location=branch, given_name="Vertrokken"),
        left_on=datetime.date(2017, 3, 5),
    )
    EnrolmentFactory(
        group=group,
        person=PersonFactory(location=branch, given_name="Later"),
        enrolled_on=datetime.date(2017, 3, 20),
    )
    return {"group": group, "session": session, "people": [e.person for e in on_list]}


def test_register_lists_only_those_enrolled_on_the_date(register, users):
    names = {
        e.person.given_name
        for e in selectors.enrolled_on_session(users[Role.TEAM_LEADER], register["session"])
    }
    assert names == {"Amal", "Bilal"}


def test_one_save_records_everyone_and_a_second_save_only_the_changes(register, users):
    amal, bilal = register["people"]
    leader = users[Role.TEAM_LEADER]
    session = services.attendance_save(
        session=register["session"],
        user=leader,
        present={amal.pk: True, bilal.pk: False},
        expected_version=1,
        by=leader,
    )
    assert dict(Attendance.objects.values_list("person_id", "present")) == {
        amal.pk: True,
        bilal.pk: False,
    }
    services.attendance_save(
        session=session,
        user=leader,
        present={amal.pk: True, bilal.pk: True},
        expected_version=session.version,
        by=leader,
    )
    assert ChangeLogEntry.objects.filter(action="create").count() == 2
    assert ChangeLogEntry.objects.get(action="update").changes == {"present": [False, True]}
    rows = selectors.session_rows(leader, register["group"])
    assert selectors.attendance_rate(rows) == 1.0


def test_two_people_taking_the_same_register_conflict(register, users):
    amal, _ = register["people"]
    GroupSession.objects.filter(pk=register["session"].pk).update(version=2)
    with pytest.raises(ConflictError):
        services.attendance_save(
            session=register["session"],
            user=users[Role.TEAM_LEADER],
            present={amal.pk: True},
            expected_version=1,
            by=users[Role.TEAM_LEADER],
        )
    assert not Attendance.objects.exists()


def test_someone_not_enrolled_that_day_cannot_be_marked(register, users, branch):
    outsider = PersonFactory(location=branch)
    with pytest.raises(ValidationError):
        services.attendance_save(
            session=register["session"],
            user=users[Role.TEAM_LEADER],
            present={outsider.pk: True},
            expected_version=1,
            by=users[Role.TEAM_LEADER],
        )


def test_group_volunteer_takes_attendance_through_the_page(register, users):
    amal, bilal = register["people"]
    url = reverse("groups:attendance", kwargs={"groupsession_uid": register["session"].uid})
    client = client_for(users[Role.VOLUNTEER])
    page = client.get(url)
    assert {p.given_name for p in page.context["people"]} == {"Amal", "Bilal"}
    response = client.post(url, {"version": 1, f"present_{amal.pk}": "on"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person_id", "present")) == {
        amal.pk: True,
        bilal.pk: False,
    }
    stale = client.post(url, {"version": 1, f"present_{bilal.pk}": "on"})
    assert stale.status_code == 422
    assert "Iemand anders heeft dit intussen opgeslagen" in stale.content.decode()


def test_attendance_page_is_closed_to_legal_and_other_branches(register, users):
    url = reverse("groups:attendance", kwargs={"groupsession_uid": register["session"].uid})
    assert client_for(users[Role.LEGAL]).get(url).status_code == 404
    assert client_for(users["other_team_leader"]).get(url).status_code == 404


def test_group_page_shows_sessions_rate_and_filters(register, users):
    client = client_for(users[Role.TEAM_LEADER])
    amal, _ = register["people"]
    Attendance.objects.create(session=register["session"], person=amal, present=True)
    page = client.get(reverse("groups:group_detail", kwargs={"group_uid": register["group"].uid}))
    assert page.context["rate"] == 1.0
    assert len(page.context["enrolments"]) == 4
    listing = client.get(reverse("groups:group_list"), {"program": "vip"})
    assert list(listing.context["page"]) == []


def test_new_session_outside_the_group_period_is_refused(register, users):
    url = reverse("groups:session_create", kwargs={"group_uid": register["group"].uid})
    client = client_for(users[Role.TEAM_LEADER])
    response = client.post(url, {"date": "2016-01-01"})
    assert response.status_code == 422
    assert response.context["form"].errors["date"]
    response = client.post(url, {"date": "2017-03-15"})
    assert response.status_code == 302
    assert register["group"].sessions.count() == 2


def test_person_panel_counts_presence(register, users, rf):
    amal, _ = register["people"]
    Attendance.objects.create(session=register["session"], person=amal, present=True)
    request = rf.get("/")
    request.user = users[Role.TEAM_LEADER]
    enrolment = person_panel(request, amal).context["enrolments"].get()
    assert (enrolment.present, enrolment.recorded) == (1, 1)


def register_state(session):
    session.refresh_from_db()
    return (
        session.version,
        list(Attendance.objects.values_list("person_id", "present")),
        ChangeLogEntry.objects.count(),
        GroupSession.objects.count(),
    )


@pytest.fixture
def newcomer(branch):
    """A volunteer of the branch still waiting for the VOG (the demo's vrijwilliger.nieuw)."""
    from tests.conftest import make_user
    from tests.factories import StaffMemberFactory

    user = make_user(Role.VOLUNTEER, branch, username="vrijwilliger.nieuw")
    StaffMemberFactory(location=branch, user=user, agreement_signed_on=SESSION_DAY)
    return user


@pytest.mark.parametrize("who", [Role.REGIONAL_MANAGER, "newcomer", "not_running"])
def test_who_may_not_write_the_register_changes_nothing_not_even_the_version(
    register, users, newcomer, branch, who
):
    """Issue 11, item 5: 'Presentie opgeslagen' and a version up, for a read-only role."""
    if who == "not_running":
        from tests.conftest import make_user
        from tests.factories import StaffMemberFactory

        user = make_user(Role.VOLUNTEER, branch, username="andere.vrijwilliger")
        StaffMemberFactory(location=branch, user=user, cleared=True)
    else:
        user = newcomer if who == "newcomer" else users[who]
    amal, _ = register["people"]
    session = register["session"]
    url = reverse("groups:attendance", kwargs={"groupsession_uid": session.uid})
    before = register_state(session)
    client = client_for(user)
    response = client.post(url, {"version": 1, f"present_{amal.pk}": "on"})
    assert response.status_code == 404
    empty = client.post(url, {"version": 1})
    assert empty.status_code == 404
    new_session = reverse("groups:session_create", kwargs={"group_uid": register["group"].uid})
    assert client.post(new_session, {"date": "2017-03-15"}).status_code == 404
    assert register_state(session) == before
    with pytest.raises(WriteRefused):
        services.attendance_save(
            session=session, user=user, present={}, expected_version=1, by=user
        )
    assert register_state(session) == before


def test_regional_manager_reads_the_register_without_a_save_button(register, users):
    url = reverse("groups:attendance", kwargs={"groupsession_uid": register["session"].uid})
    page = client_for(users[Role.REGIONAL_MANAGER]).get(url)
    assert page.status_code == 200
    assert "Presentie opslaan" not in page.content.decode()
    group_url = reverse("groups:group_detail", kwargs={"group_uid": register["group"].uid})
    assert (
        "Nieuwe bijeenkomst"
        not in client_for(users[Role.REGIONAL_MANAGER]).get(group_url).content.decode()
    )


def test_the_group_volunteer_adds_a_session_of_their_group(register, users):
    url = reverse("groups:session_create", kwargs={"group_uid": register["group"].uid})
    response = client_for(users[Role.VOLUNTEER]).post(url, {"date": "2017-03-15"})
    assert response.status_code == 302
    assert register["group"].sessions.count() == 2


def test_saving_an_unchanged_register_keeps_the_version(register, users):
    amal, bilal = register["people"]
    leader = users[Role.TEAM_LEADER]
    present = {amal.pk: True, bilal.pk: False}
    saved = services.attendance_save(
        session=register["session"], user=leader, present=present, expected_version=1, by=leader
    )
    again = services.attendance_save(
        session=saved, user=leader, present=present, expected_version=saved.version, by=leader
    )
    assert again.version == saved.version == 2
