"""Writing through the API: the screens' services (validation, change log, versions),
If-Match required (428) and checked (412), and a role's write right (403/404)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact
from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.groups.models import Attendance
from koers.legal.models import DossierStep
from koers.people.models import Person
from tests.factories import (
    ContactFactory,
    DossierFactory,
    DossierStepFactory,
    EnrolmentFactory,
    GroupSessionFactory,
    PersonFactory,
    TrajectoryFactory,
)


def changes_of(record) -> list[ChangeLogEntry]:
    content_type = ContentType.objects.get_for_model(record)
    return list(ChangeLogEntry.objects.filter(content_type=content_type, object_id=record.pk))


def test_a_contact_logged_through_the_api_is_in_the_change_log_as_its_user(api_as, users, branch):
    person = PersonFactory(location=branch)
    response = api_as(Role.TEAM_LEADER).post(
        "/api/v1/contacts/",
        {"kind": "home_visit", "date": "2017-04-03", "person": str(person.uid), "topics": ["work"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    contact = Contact.objects.get(uid=body["uid"])
    assert body["topics"] == ["work"] and response["ETag"] == '"1"'
    [entry] = changes_of(contact)
    assert entry.user == users[Role.TEAM_LEADER] and entry.action == "create"
    assert AccessLogEntry.objects.filter(person=person, action="edit").exists()


def test_an_update_needs_if_match_and_a_stale_one_changes_nothing(api_as, branch):
    person = PersonFactory(location=branch, family_name="Haddad")
    api = api_as(Role.TEAM_LEADER)
    url = f"/api/v1/people/{person.uid}/"
    missing = api.patch(url, {"family_name": "Nasser"})
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    saved = api.patch(url, {"family_name": "Nasser"}, if_match='"1"')
    assert saved.status_code == 200 and saved["ETag"] == '"2"'
    stale = api.patch(url, {"family_name": "Gebre"}, if_match='"1"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2 and stale["ETag"] == '"2"'
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Nasser", 2)
    assert len(changes_of(person)) == 1
    disagreeing = api.patch(url, {"family_name": "Gebre", "version": 1}, if_match='"2"')
    assert disagreeing.status_code == 412


def test_invalid_input_is_refused_with_located_errors(api_as, branch):
    person = PersonFactory(location=branch)
    api = api_as(Role.TEAM_LEADER)
    url = f"/api/v1/people/{person.uid}/"
    for body in ({"v_number": "12"}, {"birth_date": 19900517}, {"nonsense": 1}, {"sex": "Q"}):
        response = api.patch(url, body, if_match='"1"')
        assert response.status_code == 422, body
        assert response.json()["errors"], body
    person.refresh_from_db()
    assert person.version == 1


def test_a_regional_manager_reads_but_may_not_write(api_as, branch):
    person = PersonFactory(location=branch, family_name="Haddad")
    api = api_as(Role.REGIONAL_MANAGER)
    response = api.patch(f"/api/v1/people/{person.uid}/", {"family_name": "X"}, if_match='"1"')
    assert response.status_code == 403 and response.json()["code"] == "read_only"
    created = api.post(
        "/api/v1/contacts/", {"kind": "phone", "date": "2017-04-03", "person": str(person.uid)}
    )
    assert created.status_code in {403, 404}
    person.refresh_from_db()
    assert person.family_name == "Haddad" and not Contact.objects.exists()


def test_a_volunteer_may_not_log_legal_hours(api_as, users, branch):
    person = PersonFactory(location=branch)
    TrajectoryFactory(person=person, coach=users[Role.VOLUNTEER].staff_member)
    api = api_as(Role.VOLUNTEER)
    refused = api.post(
        "/api/v1/contacts/",
        {"kind": "legal_hours", "date": "2017-04-03", "person": str(person.uid)},
    )
    assert refused.status_code == 403 and not Contact.objects.exists()
    logged = api.post(
        "/api/v1/contacts/",
        {"kind": "coaching", "date": "2017-04-03", "person": str(person.uid)},
    )
    assert logged.status_code == 201


def test_a_contact_is_updated_with_its_topics_as_one_version(api_as, branch):
    contact = ContactFactory(location=branch, person=PersonFactory(location=branch))
    api = api_as(Role.TEAM_LEADER)
    response = api.patch(
        f"/api/v1/contacts/{contact.uid}/",
        {"topics": ["housing", "work"], "note": "besproken"},
        if_match='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["topics"] == ["housing", "work"]
    contact.refresh_from_db()
    assert contact.version == 2 and contact.note == "besproken"
    assert {key for entry in changes_of(contact) for key in entry.changes} == {"note", "topics"}


def test_a_person_is_registered_in_a_new_household_and_in_an_existing_one(api_as, branch):
    api = api_as(Role.TEAM_LEADER)
    fields = {
        "given_name": "Amina",
        "family_name": "Haddad",
        "birth_date": "1990-05-17",
        "sex": "F",
        "nationality": "SYR",
        "arrival_route": "regular",
    }
    first = api.post("/api/v1/people/", {**fields, "location": str(branch.uid)})
    assert first.status_code == 201, first.content
    household = first.json()["household"]["uid"]
    second = api.post("/api/v1/people/", {**fields, "given_name": "Omar", "household": household})
    assert second.status_code == 201
    assert Person.objects.filter(household__uid=household).count() == 2
    assert api.post("/api/v1/people/", fields).status_code == 422  # neither


def test_a_name_with_a_right_to_left_override_is_refused_at_its_field(api_as, branch):
    api = api_as(Role.TEAM_LEADER)
    person = PersonFactory(location=branch, family_name="Haddad")
    refused = api.patch(
        f"/api/v1/people/{person.uid}/", {"family_name": "dad\u202edaH"}, if_match='"1"'
    )
    assert refused.status_code == 422, refused.content
    assert [e["field"] for e in refused.json()["errors"]] == ["family_name"]
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Haddad", 1)


def test_attendance_is_recorded_and_changed_through_the_register(api_as, branch):
    session = GroupSessionFactory(group__location=branch, date=datetime.date(2017, 3, 8))
    person = PersonFactory(location=branch)
    EnrolmentFactory(group=session.group, person=person, enrolled_on=datetime.date(2017, 3, 1))
    api = api_as(Role.TEAM_LEADER)
    body = {"session": str(session.uid), "person": str(person.uid), "present": True}
    created = api.post("/api/v1/attendance/", body)
    assert created.status_code == 201, created.content
    assert api.post("/api/v1/attendance/", body).status_code == 409
    row = Attendance.objects.get()
    changed = api.patch(f"/api/v1/attendance/{row.uid}/", {"present": False}, if_match='"1"')
    assert changed.status_code == 200 and changed.json()["present"] is False
    stale = api.patch(f"/api/v1/attendance/{row.uid}/", {"present": True}, if_match='"1"')
    assert stale.status_code == 412
    row.refresh_from_db()
    assert row.present is False and row.version == 2


def test_attendance_of_someone_not_enrolled_is_refused(api_as, branch):
    session = GroupSessionFactory(group__location=branch)
    person = PersonFactory(location=branch)
    body = {"session": str(session.uid), "person": str(person.uid), "present": True}
    assert api_as(Role.TEAM_LEADER).post("/api/v1/attendance/", body).status_code == 422
    assert not Attendance.objects.exists()


def test_a_trajectory_is_started_planned_evaluated_and_closed(api_as, branch):
    person = PersonFactory(location=branch)
    api = api_as(Role.TEAM_LEADER)
    started = api.post(
        "/api/v1/trajectories/",
        {"person": str(person.uid), "kind": "integration", "started_on": "2017-03-01"},
    )
    assert started.status_code == 201, started.content
    url = f"/api/v1/trajectories/{started.json()['uid']}/"
    plan = {"goals": "Werk vinden", "agreed_on": "2017-03-10"}
    assert api.put(url + "plan/", plan).status_code == 200
    assert api.put(url + "plan/", plan | {"goals": "Taal"}).status_code == 428
    assert api.put(url + "plan/", plan | {"goals": "Taal"}, if_match='"1"').status_code == 200
    evaluated = api.post(url + "evaluations/", {"held_on": "2017-06-01", "notes": "Goed op weg"})
    assert evaluated.status_code == 201
    assert evaluated.json()["plan"]["goals"] == "Taal" and len(evaluated.json()["evaluations"]) == 1
    early = api.patch(url, {"ended_on": "2017-01-01", "end_reason": "completed"}, if_match='"1"')
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "ended_on"
    closed = api.patch(url, {"ended_on": "2017-12-01", "end_reason": "completed"}, if_match='"1"')
    assert closed.status_code == 200 and closed.json()["ended_on"] == "2017-12-01"
    again = api.patch(url, {"ended_on": "2017-12-02", "end_reason": "completed"}, if_match='"2"')
    assert again.status_code == 409
    assert Trajectory.objects.get().version == 2


def test_dossier_steps_are_added_and_marked_done_by_legal_staff(api_as, branch):
    dossier = DossierFactory(
        person=PersonFactory(location=branch), opened_on=datetime.date(2017, 2, 1)
    )
    api = api_as(Role.LEGAL)
    added = api.post(
        "/api/v1/dossier-steps/",
        {"dossier": str(dossier.uid), "step": "dna_test", "due_on": "2017-05-01"},
    )
    assert added.status_code == 201, added.content
    step = DossierStep.objects.get(uid=added.json()["uid"])
    before = api.patch(
        f"/api/v1/dossier-steps/{step.uid}/", {"done_on": "2017-01-01"}, if_match='"1"'
    )
    assert before.status_code == 422
    done = api.patch(
        f"/api/v1/dossier-steps/{step.uid}/", {"done_on": "2017-04-20"}, if_match='"1"'
    )
    assert done.status_code == 200 and done.json()["done_on"] == "2017-04-20"
    # a volunteer does no legal work: the step does not exist for them
    other = DossierStepFactory(dossier=dossier)
    response = api_as(Role.VOLUNTEER).patch(
        f"/api/v1/dossier-steps/{other.uid}/", {"done_on": "2017-04-20"}, if_match='"1"'
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    ["{not json", "[]", '{"kind": "phone", "date": "2017-04-03", "topics": "work"}'],
)
def test_a_body_that_is_no_valid_object_gets_422(api_as, branch, body):
    client = api_as(Role.TEAM_LEADER)
    response = client.client.post(
        "/api/v1/contacts/", body, content_type="application/json", headers=client.headers
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid"
