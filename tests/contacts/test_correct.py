"""Issue 12, item 4: the author (and the team leader) corrects or deletes a contact, with the
change log; a new contact defaults to the client's running trajectory; deleting never
changes a published edition, and the report shows the difference since publication."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from koers.contacts.models import Contact
from koers.contacts.services import contact_delete, contact_log, contact_update
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused
from koers.reports.models import PublishedReport
from koers.reports.services import report_publish
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 5, 2)


@pytest.fixture
def client_file(branch, users):
    """A client coached by the fixture's volunteer, with one contact the volunteer logged."""
    person = PersonFactory(location=branch, given_name="Samira", family_name="Nasser")
    volunteer = users[Role.VOLUNTEER]
    trajectory = TrajectoryFactory(
        person=person, coach=volunteer.staff_member, started_on=datetime.date(2017, 3, 1)
    )
    contact = contact_log(
        location=branch,
        kind="home_visit",
        date=DAY,
        person=person,
        trajectory=trajectory,
        staff=volunteer.staff_member,
        topics=["housing"],
        note="Huurtoeslag aangevraagd.",
        by=volunteer,
    )
    return {"person": person, "trajectory": trajectory, "contact": contact}


def update(contact, by, **fields):
    values = {
        "kind": contact.kind,
        "date": contact.date,
        "trajectory": contact.trajectory,
        "topics": ["housing"],
        "note": contact.note,
        "expected_version": contact.version,
    }
    return contact_update(contact=contact, by=by, **values | fields)


def second_coach(branch, trajectory_person):
    """Another volunteer who reaches the client (an active match would do the same: here a
    second, earlier-started trajectory they coach) but did not log the contact."""
    user = UserFactory(username="vrijwilliger.twee")
    MembershipFactory(user=user, role=Role.VOLUNTEER, location=branch)
    staff = StaffMemberFactory(location=branch, user=user, role_codes=["social"], cleared=True)
    TrajectoryFactory(person=trajectory_person, coach=staff, kind="integration")
    return user


def test_the_author_corrects_date_and_topics_in_one_change_log_row(client_file, users):
    contact = client_file["contact"]
    volunteer = users[Role.VOLUNTEER]
    changed = update(contact, volunteer, date=datetime.date(2017, 5, 3), topics=["finance"])
    assert (changed.date, changed.version) == (datetime.date(2017, 5, 3), contact.version + 1)
    assert list(changed.topics.values_list("topic", flat=True)) == ["finance"]
    entry = ChangeLogEntry.objects.filter(object_id=contact.pk, action="update").get()
    assert entry.user == volunteer
    assert entry.changes["date"] == ["2017-05-02", "2017-05-03"]
    assert entry.changes["topics"] == [["housing"], ["finance"]]


def test_the_team_leader_corrects_and_deletes_a_colleagues_contact(client_file, users):
    leader = users[Role.TEAM_LEADER]
    changed = update(client_file["contact"], leader, note="Huurtoeslag toegekend.")
    assert changed.note == "Huurtoeslag toegekend."
    contact_delete(contact=changed, expected_version=changed.version, by=leader)
    assert not Contact.objects.exists()
    entry = ChangeLogEntry.objects.get(object_id=changed.pk, action="delete")
    assert entry.user == leader and entry.person_id == client_file["person"].pk
    assert entry.changes["topics"] == [["housing"], None]


def test_another_volunteer_who_reaches_the_client_may_not_correct(branch, client_file):
    contact = client_file["contact"]
    colleague = second_coach(branch, client_file["person"])
    with pytest.raises(WriteRefused):
        update(contact, colleague, note="Niet van mij")
    with pytest.raises(WriteRefused):
        contact_delete(contact=contact, expected_version=contact.version, by=colleague)
    assert Contact.objects.get().note == "Huurtoeslag aangevraagd."


@pytest.mark.parametrize("role", [Role.REGIONAL_MANAGER, "other_team_leader", Role.LEGAL])
def test_roles_that_do_not_write_the_contact_are_refused(client_file, users, role):
    contact = client_file["contact"]
    with pytest.raises(WriteRefused):
        contact_delete(contact=contact, expected_version=contact.version, by=users[role])
    assert Contact.objects.exists()


def test_a_stale_version_is_a_conflict(client_file, users):
    contact = client_file["contact"]
    update(contact, users[Role.VOLUNTEER], note="Eerste")
    with pytest.raises(ConflictError):
        update(contact, users[Role.TEAM_LEADER], note="Tweede")  # opened before the first
    with pytest.raises(ConflictError):
        contact_delete(contact=contact, expected_version=contact.version, by=users[Role.VOLUNTEER])


def test_deleting_keeps_the_published_edition_and_the_report_shows_the_difference(
    branch, client_file, users
):
    leader = users[Role.TEAM_LEADER]
    edition = report_publish(location=branch, year=2017, by=leader)
    assert edition.figures["contacts.total"] == 1
    contact = client_file["contact"]
    contact_delete(contact=contact, expected_version=contact.version, by=users[Role.VOLUNTEER])
    assert PublishedReport.objects.get().figures["contacts.total"] == 1
    client = Client()
    client.force_login(leader)
    live = client.get(reverse("reports:report", args=[branch.uid, 2017])).content.decode()
    key = "contacts.by_trajectory_kind.settling_in"  # a row of the report's coaching section
    assert edition.figures[key] == 1
    row = re.search(rf'data-key="{key}">.*?</tr>', live, re.S)
    assert row, "a figure corrected to 0 since publication keeps its row"
    assert re.search(r'class="num value"[^>]*>0<', row.group(0))
    assert re.search(r'class="num since"[^>]*>\u22121<', row.group(0))
    frozen = client.get(reverse("reports:edition", args=[edition.uid])).content.decode()
    row = re.search(rf'data-key="{key}">.*?</tr>', frozen, re.S).group(0)
    assert re.search(r'class="num value"[^>]*>1<', row)
    assert re.search(r'class="num since"[^>]*>\u22121<', row)


# Pages ----------------------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_file_shows_edit_links_to_the_author_and_not_to_another_volunteer(
    branch, client_file, users
):
    file_url = reverse("people:file", kwargs={"person_uid": client_file["person"].uid})
    edit = reverse("contacts:edit", kwargs={"contact_uid": client_file["contact"].uid})
    assert edit in logged_in(users[Role.VOLUNTEER]).get(file_url).content.decode()
    assert edit in logged_in(users[Role.TEAM_LEADER]).get(file_url).content.decode()
    colleague = logged_in(second_coach(branch, client_file["person"]))
    page = colleague.get(file_url)
    assert page.status_code == 200 and edit not in page.content.decode()
    assert colleague.get(edit).status_code == 404
    assert colleague.post(edit, {"kind": "phone", "date": "2017-05-02"}).status_code == 404


def test_the_edit_page_saves_and_refuses_a_stale_version_with_422(client_file, users):
    contact = client_file["contact"]
    url = reverse("contacts:edit", kwargs={"contact_uid": contact.uid})
    author = logged_in(users[Role.VOLUNTEER])
    page = author.get(url).content.decode()
    assert re.search(r'value="home_visit"[^>]*checked', page)
    assert "Huurtoeslag aangevraagd." in page
    form = {
        "kind": "phone",
        "date": "2017-05-04",
        "topics": ["work"],
        "trajectory": client_file["trajectory"].pk,
        "note": "Gebeld",
        "version": contact.version,
    }
    assert author.post(url, form).status_code == 302
    stale = author.post(url, form | {"note": "Nog eens"})
    assert stale.status_code == 422
    saved = Contact.objects.get()
    assert (saved.kind, saved.date, saved.note) == ("phone", datetime.date(2017, 5, 4), "Gebeld")


def test_the_delete_page_asks_then_deletes(client_file, users):
    contact = client_file["contact"]
    url = reverse("contacts:delete", kwargs={"contact_uid": contact.uid})
    author = logged_in(users[Role.VOLUNTEER])
    page = author.get(url).content.decode()
    assert "Samira Nasser" in page and "2 mei 2017" in page
    assert Contact.objects.exists()
    response = author.post(url, {"version": contact.version})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:file", kwargs={"person_uid": client_file["person"].uid}
    )
    assert not Contact.objects.exists()


def test_a_new_contact_defaults_to_the_clients_running_trajectory(client_file, users):
    person, trajectory = client_file["person"], client_file["trajectory"]
    TrajectoryFactory(
        person=person,
        kind="job_coaching",
        started_on=datetime.date(2016, 1, 1),
        ended_on=datetime.date(2016, 12, 31),
    )
    page = logged_in(users[Role.VOLUNTEER]).get(
        reverse("contacts:create") + f"?persoon={person.uid}"
    )
    selected = re.search(r'<option value="(\d+)" selected>', page.content.decode())
    assert selected and int(selected.group(1)) == trajectory.pk
