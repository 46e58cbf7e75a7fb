"""Issue 12, item 4: who recorded a session or its attendance sheet (and the team leader)
corrects or deletes it, with the change log; only who runs a group adds its sessions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.groups import services
from koers.groups.models import Attendance, GroupSession
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports.models import PublishedReport
from koers.reports.services import report_publish
from tests.factories import (
    EnrolmentFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
STARTED = datetime.date(2017, 1, 9)
DAY = datetime.date(2017, 3, 8)


@pytest.fixture
def world(branch, users):
    """A group the fixture's volunteer runs (from 9 January 2017), with two members enrolled
    on 1 February and one session they added, attendance taken by them."""
    volunteer = users[Role.VOLUNTEER]
    group = GroupFactory(location=branch, started_on=STARTED)
    group.staff.add(volunteer.staff_member)
    people = [
        EnrolmentFactory(
            group=group,
            person=PersonFactory(location=branch),
            enrolled_on=datetime.date(2017, 2, 1),
        ).person
        for _ in range(2)
    ]
    session = services.session_create(group=group, date=DAY, by=volunteer)
    session = services.attendance_save(
        session=session,
        user=volunteer,
        present={people[0].pk: True, people[1].pk: False},
        expected_version=session.version,
        by=volunteer,
    )
    return {"group": group, "session": session, "people": people}


def co_helper(branch, group):
    """A second volunteer who also runs the group but recorded nothing of this session."""
    user = UserFactory(username="vrijwilliger.mede")
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    staff = StaffMemberFactory(location=branch, user=user, role_codes=["trainer"], cleared=True)
    group.staff.add(staff)
    return user


def test_only_who_runs_the_group_adds_a_session(branch, world, users):
    outsider_user = UserFactory(username="vrijwilliger.elders")
    MembershipFactory(user=outsider_user, role=Role.VOLUNTEER, location=branch)
    StaffMemberFactory(location=branch, user=outsider_user, cleared=True)
    with pytest.raises(WriteRefused):
        services.session_create(group=world["group"], date=DAY, by=outsider_user)
    with pytest.raises(WriteRefused):
        services.session_create(group=world["group"], date=DAY, by=users[Role.LEGAL])
    assert GroupSession.objects.count() == 1
    services.session_create(group=world["group"], date=DAY, by=users[Role.TEAM_LEADER])
    assert GroupSession.objects.count() == 2


def test_the_author_moves_a_session_with_its_register(world, users):
    session = world["session"]
    moved = services.session_update(
        session=session,
        date=datetime.date(2017, 3, 9),
        expected_version=session.version,
        by=users[Role.VOLUNTEER],
    )
    assert moved.date == datetime.date(2017, 3, 9) and moved.version == session.version + 1
    entry = ChangeLogEntry.objects.filter(object_id=session.pk, action="update").latest("pk")
    assert entry.changes["date"] == ["2017-03-08", "2017-03-09"]


def test_a_session_cannot_move_to_a_day_its_register_was_not_enrolled(world, users):
    session = world["session"]
    with pytest.raises(ValidationError):  # enrolled from 1 February
        services.session_update(
            session=session,
            date=datetime.date(2017, 1, 20),
            expected_version=session.version,
            by=users[Role.TEAM_LEADER],
        )


def test_a_co_helper_who_recorded_nothing_may_not_correct(branch, world):
    helper = co_helper(branch, world["group"])
    session = world["session"]
    with pytest.raises(WriteRefused):
        services.session_delete(session=session, expected_version=session.version, by=helper)
    with pytest.raises(WriteRefused):
        services.attendance_clear(session=session, expected_version=session.version, by=helper)
    assert Attendance.objects.count() == 2


def test_deleting_the_sheet_keeps_the_session_and_logs_each_row(world, users):
    session = world["session"]
    cleared = services.attendance_clear(
        session=session, expected_version=session.version, by=users[Role.VOLUNTEER]
    )
    assert GroupSession.objects.filter(pk=session.pk).exists()
    assert not Attendance.objects.exists()
    assert cleared.version == session.version + 1
    deleted = ChangeLogEntry.objects.filter(action="delete", person_id__isnull=False)
    assert {e.person_id for e in deleted} == {p.pk for p in world["people"]}


def test_the_team_leader_deletes_a_session_and_the_published_edition_stays(branch, world, users):
    leader = users[Role.TEAM_LEADER]
    year = Period.year(2017)
    edition = report_publish(location=branch, year=2017, by=leader)
    before = compute(locations=[branch], period=year)
    session = world["session"]
    with pytest.raises(ConflictError):
        services.session_delete(session=session, expected_version=session.version - 1, by=leader)
    services.session_delete(session=session, expected_version=session.version, by=leader)
    assert not GroupSession.objects.exists() and not Attendance.objects.exists()
    after = compute(locations=[branch], period=year)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert changed and all(key.startswith("groups.") for key in changed)
    assert PublishedReport.objects.get().figures == edition.figures


# Pages ----------------------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_group_page_links_corrections_for_the_author_only(branch, world, users):
    url = reverse("groups:group_detail", kwargs={"group_uid": world["group"].uid})
    delete = reverse("groups:session_delete", kwargs={"groupsession_uid": world["session"].uid})
    assert delete in logged_in(users[Role.VOLUNTEER]).get(url).content.decode()
    assert delete in logged_in(users[Role.TEAM_LEADER]).get(url).content.decode()
    helper = logged_in(co_helper(branch, world["group"]))
    assert delete not in helper.get(url).content.decode()
    assert helper.get(delete).status_code == 404
    assert helper.post(delete, {"version": world["session"].version}).status_code == 404
    assert GroupSession.objects.exists()


def test_the_pages_edit_and_delete(world, users):
    session = world["session"]
    author = logged_in(users[Role.VOLUNTEER])
    edit = reverse("groups:session_edit", kwargs={"groupsession_uid": session.uid})
    assert author.get(edit).status_code == 200
    too_early = author.post(edit, {"date": "2017-01-20", "version": session.version})
    assert too_early.status_code == 422
    assert "presentielijst" in too_early.content.decode()
    assert author.post(edit, {"date": "2017-03-10", "version": session.version}).status_code == 302
    sheet = reverse("groups:attendance_delete", kwargs={"groupsession_uid": session.uid})
    page = author.get(sheet).content.decode()
    assert "10 mrt. 2017" in page
    session.refresh_from_db()
    assert author.post(sheet, {"version": session.version}).status_code == 302
    assert not Attendance.objects.exists()
    delete = reverse("groups:session_delete", kwargs={"groupsession_uid": session.uid})
    session.refresh_from_db()
    assert author.post(delete, {"version": session.version}).status_code == 302
    assert not GroupSession.objects.exists()
