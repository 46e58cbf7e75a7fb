"""Reading records: what the browser shows the same user, in cursor pages, with filters,
external ids and uids only, and every client in the access log (in bulk)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.api.records import RESOURCES
from koers.core.scoping import Role
from koers.people.models import Person
from tests.api.conftest import logged_after
from tests.factories import (
    ContactFactory,
    DossierFactory,
    PersonFactory,
    TrajectoryFactory,
)


def uids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["uid"] for row in response.json()["results"]}


def test_a_team_leader_reads_their_branch_and_nothing_of_another(api_as, branch, other_branch):
    own = PersonFactory(location=branch)
    PersonFactory(location=other_branch)
    api = api_as(Role.TEAM_LEADER)
    assert uids(api.get("/api/v1/people/")) == {str(own.uid)}
    assert api.get(f"/api/v1/people/{PersonFactory(location=other_branch).uid}/").status_code == 404


def test_a_regional_manager_reads_the_region(api_as, branch, other_branch, far_branch):
    people = {PersonFactory(location=branch), PersonFactory(location=other_branch)}
    PersonFactory(location=far_branch)
    assert uids(api_as(Role.REGIONAL_MANAGER).get("/api/v1/people/")) == {
        str(p.uid) for p in people
    }


def test_a_volunteer_reads_only_the_clients_they_coach(api_as, users, branch):
    coached = PersonFactory(location=branch)
    PersonFactory(location=branch)
    volunteer_staff = users[Role.VOLUNTEER].staff_member
    TrajectoryFactory(person=coached, coach=volunteer_staff)
    api = api_as(Role.VOLUNTEER)
    assert uids(api.get("/api/v1/people/")) == {str(coached.uid)}
    assert api.get("/api/v1/dossiers/").status_code == 404  # volunteers do no legal work


def test_a_volunteer_without_clearance_reads_no_client(api_as, users, branch):
    coached = PersonFactory(location=branch)
    staff = users[Role.VOLUNTEER].staff_member
    TrajectoryFactory(person=coached, coach=staff)
    staff.conduct_certificate_on = None  # no VOG: no client records (the clearance rules)
    staff.save()
    assert uids(api_as(Role.VOLUNTEER).get("/api/v1/people/")) == set()


@pytest.mark.parametrize("resource", [r.path for r in RESOURCES if r.path != "locations"])
def test_a_municipality_viewer_reaches_no_record_at_all(api_as, branch, resource):
    PersonFactory(location=branch)
    response = api_as(Role.MUNICIPALITY_VIEWER).get(f"/api/v1/{resource}/")
    if resource == "report-editions":  # published reports are aggregates
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_a_municipality_viewer_sees_its_branch_for_its_figures(api_as, branch, other_branch):
    found = api_as(Role.MUNICIPALITY_VIEWER).get("/api/v1/locations/").json()["results"]
    assert [row["external_id"] for row in found] == ["rijnmond"]


def test_representations_hold_uids_and_external_ids_never_an_internal_number(api_as, branch):
    person = PersonFactory(location=branch, external_id="p000101")
    ContactFactory(location=branch, person=person)
    api = api_as(Role.TEAM_LEADER)
    row = api.get("/api/v1/contacts/").json()["results"][0]
    assert "id" not in row and "pk" not in row
    assert row["person"] == {"uid": str(person.uid), "external_id": "p000101"}
    assert row["location"]["external_id"] == "rijnmond"


def test_cursor_pages_walk_every_row_once(api_as, branch):
    made = {str(PersonFactory(location=branch).uid) for _ in range(7)}
    api = api_as(Role.TEAM_LEADER)
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = api.get("/api/v1/people/", **query).json()
        seen += [row["uid"] for row in body["results"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 7 and set(seen) == made


def test_filters_on_dates_location_and_kind(api_as, branch, users):
    person = PersonFactory(location=branch)
    ContactFactory(location=branch, person=person, date=datetime.date(2017, 3, 1), kind="phone")
    wanted = ContactFactory(
        location=branch, person=person, date=datetime.date(2017, 4, 1), kind="home_visit"
    )
    ContactFactory(
        location=branch, person=person, date=datetime.date(2017, 5, 1), kind="home_visit"
    )
    api = api_as(Role.TEAM_LEADER)
    found = api.get(
        "/api/v1/contacts/", **{"from": "2017-03-15", "to": "2017-04-30", "kind": "home_visit"}
    )
    assert uids(found) == {str(wanted.uid)}
    assert uids(api.get("/api/v1/contacts/", location="waalstad")) == set()
    assert len(uids(api.get("/api/v1/contacts/", location="rijnmond"))) == 3
    assert api.get("/api/v1/contacts/", kind="nonsense").status_code == 422
    assert api.get("/api/v1/contacts/", **{"from": "1-4-2017"}).status_code == 422


def test_updated_since_reads_any_offset_iso_8601_allows(api_as, branch):
    """An offset beyond PostgreSQL's 15:59 (ISO 8601 allows 23:59) is the same moment in
    UTC; a moment that UTC moves out of the years 1 to 9999 is refused at its field."""
    earlier = PersonFactory(location=branch)
    later = PersonFactory(location=branch)
    for person, day in ((earlier, 1), (later, 2)):
        moment = datetime.datetime(2017, 3, day, 10, 0, tzinfo=datetime.UTC)
        Person.objects.filter(pk=person.pk).update(updated_at=moment)
    api = api_as(Role.TEAM_LEADER)

    def since(moment: str) -> set[str]:
        return uids(api.get("/api/v1/people/", updated_since=moment))

    both, only_later = {str(earlier.uid), str(later.uid)}, {str(later.uid)}
    assert since("2017-03-02T09:00+23:00") == both  # 2017-03-01 10:00 UTC
    assert since("2017-03-02T09:01+23:00") == only_later
    assert since("2017-02-28T10:02-23:59") == only_later  # 2017-03-01 10:01 UTC
    assert since("2017-03-01T11:00") == both  # Amsterdam's time: 10:00 UTC
    assert since("2017-03-01T11:01") == only_later
    for out_of_range in ("0001-01-01T00:00+05:00", "9999-12-31T23:00-05:00"):
        refused = api.get("/api/v1/people/", updated_since=out_of_range)
        assert refused.status_code == 422, out_of_range
        assert [e["field"] for e in refused.json()["errors"]] == ["updated_since"]


def test_every_client_read_is_in_the_access_log_in_one_insert(api_as, branch):
    people = [PersonFactory(location=branch) for _ in range(3)]
    for person in people:
        ContactFactory(location=branch, person=person)
    api = api_as(Role.TEAM_LEADER)
    api.get("/api/v1/people/")  # warm: the token's last use is noted once a minute

    def contacts() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as queries:
            api.get("/api/v1/contacts/")
        return queries

    queries, logged = logged_after(contacts)
    assert {entry.person_id for entry in logged} == {p.pk for p in people}
    assert {entry.what for entry in logged} == {"API: contacten"}
    assert {entry.on_behalf_of for entry in logged} == {"API-sleutel test"}
    inserts = [q for q in queries.captured_queries if "core_accesslogentry" in q["sql"].lower()]
    assert len(inserts) == 1


@pytest.mark.parametrize("resource", [r.path for r in RESOURCES])
def test_a_list_costs_the_same_queries_for_1_or_5_records(api_as, branch, resource):
    api = api_as(Role.TEAM_LEADER)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/{resource}/").status_code == 200
        return len(queries)

    def add():
        person = PersonFactory(location=branch)
        ContactFactory(location=branch, person=person)
        DossierFactory(person=person)
        TrajectoryFactory(person=person)

    add()
    api.get(f"/api/v1/{resource}/")  # warm (last use, rate window)
    one = count()
    for _ in range(4):
        add()
    assert count() == one


def test_a_record_answers_with_its_version_as_etag(api_as, branch):
    person = PersonFactory(location=branch)
    response = api_as(Role.TEAM_LEADER).get(f"/api/v1/people/{person.uid}/")
    assert response["ETag"] == '"1"' and response.json()["version"] == 1
