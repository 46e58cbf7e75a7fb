"""The client file, editing with optimistic locking, search, the access log, households."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.people.models import Person, Placement
from koers.people.search import refresh_name_keys
from tests.factories import ContactFactory, PersonFactory, PlacementFactory, TrajectoryFactory
from tests.searching import searched


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def family(branch, users):
    parent = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    child = PersonFactory(
        location=branch,
        household=parent.household,
        given_name="Omar",
        family_name="Haddad",
        birth_date=datetime.date(2012, 3, 4),
    )
    PlacementFactory(person=parent, dwelling__postcode="3011 XY", dwelling__house_number="7")
    TrajectoryFactory(person=parent, coach=users[Role.VOLUNTEER].staff_member)
    ContactFactory(location=branch, person=parent, kind="coaching", topic_codes=["housing"])
    refresh_name_keys(Person.objects.all())
    return parent, child


def test_client_file_shows_household_and_panels_and_logs_the_view(family, users):
    parent, child = family
    response = client_for(users[Role.VOLUNTEER]).get(
        reverse("people:file", kwargs={"person_uid": parent.uid})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Omar Haddad" in body and "3011 XY 7" in body
    assert "Contacten" in body and "wonen" in body
    logged = AccessLogEntry.objects.filter(action="view", username="vrijwilliger")
    assert set(logged.values_list("person_id", flat=True)) == {parent.pk, child.pk}


def test_contacts_panel_filters_by_kind(family, users, branch):
    parent, _ = family
    ContactFactory(location=branch, person=parent, kind="phone", date=datetime.date(2017, 6, 1))
    url = reverse("people:file", kwargs={"person_uid": parent.uid})
    body = client_for(users[Role.TEAM_LEADER]).get(url, {"soort": "phone"}).content.decode()
    panel = body.split('id="contacts-panel"')[1]
    assert "telefonisch" in panel and "coachingsgesprek</strong>" not in panel


def edit_data(person, **changes) -> dict:
    data = {
        "version": person.version,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "nationality": person.nationality,
        "v_number": person.v_number,
        "arrival_route": person.arrival_route,
        "permit_granted_on": "",
        "civic_integration_required": "unknown",
        "participation_statement_signed_on": "",
    }
    return data | changes


def test_concurrent_edit_shows_both_versions_and_overwrites_nothing(family, users):
    parent, _ = family
    url = reverse("people:edit", kwargs={"person_uid": parent.uid})
    leader = client_for(users[Role.TEAM_LEADER])
    opened = edit_data(parent)
    assert leader.post(url, opened | {"family_name": "Nasser"}).status_code == 302
    response = leader.post(url, opened | {"family_name": "Karimi"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen opgeslagen" in body
    assert "Nasser" in body and "Karimi" in body
    assert Person.objects.get(pk=parent.pk).family_name == "Nasser"


def test_edit_shows_validation_next_to_the_field_and_warns_until_confirmed(family, users):
    parent, _ = family
    url = reverse("people:edit", kwargs={"person_uid": parent.uid})
    leader = client_for(users[Role.TEAM_LEADER])
    invalid = leader.post(url, edit_data(parent, v_number="12ab"))
    assert "Een V-nummer bestaat uit 10 cijfers." in invalid.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    refused = leader.post(url, edit_data(parent, birth_date=future, confirmed="on"))
    assert refused.status_code == 422  # a birth after today cannot be true: no tick saves it
    assert "ligt na vandaag" in refused.content.decode()
    child = (timezone.localdate() - datetime.timedelta(days=5 * 365)).isoformat()
    warned = leader.post(url, edit_data(parent, birth_date=child))
    assert warned.status_code == 422
    assert "Er is geen volwassene in dit huishouden" in warned.content.decode()
    confirmed = leader.post(url, edit_data(parent, birth_date=child, confirmed="on"))
    assert confirmed.status_code == 302
    assert Person.objects.get(pk=parent.pk).birth_date.isoformat() == child


def test_regional_manager_reads_the_file_but_cannot_edit(family, users):
    parent, _ = family
    manager = client_for(users[Role.REGIONAL_MANAGER])
    assert manager.get(reverse("people:file", kwargs={"person_uid": parent.uid})).status_code == 200
    edit = reverse("people:edit", kwargs={"person_uid": parent.uid})
    assert manager.post(edit, edit_data(parent, family_name="X")).status_code == 404


def test_search_as_you_type_returns_a_partial_and_logs_the_results(family, users):
    parent, _ = family
    response = searched(
        client_for(users[Role.TEAM_LEADER]),
        reverse("people:search"),
        q="Emina Hadad",
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body and "Amina Haddad" in body
    assert AccessLogEntry.objects.filter(action="search", person_id=parent.pk).exists()


def test_volunteer_search_finds_only_assigned_clients(family, users, branch):
    PersonFactory(location=branch, given_name="Amina", family_name="Warsame")
    refresh_name_keys(Person.objects.all())
    body = searched(
        client_for(users[Role.VOLUNTEER]), reverse("people:search"), q="Amina"
    ).content.decode()
    assert "Amina Haddad" in body and "Warsame" not in body


def test_access_log_is_for_the_branch_team_leader_only(family, users):
    parent, _ = family
    url = reverse("people:access_log", kwargs={"person_uid": parent.uid})
    client_for(users[Role.VOLUNTEER]).get(reverse("people:file", kwargs={"person_uid": parent.uid}))
    response = client_for(users[Role.TEAM_LEADER]).get(url)
    assert response.status_code == 200 and "vrijwilliger" in response.content.decode()
    for role in (Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER, "other_team_leader"):
        assert client_for(users[role]).get(url).status_code == 404, role


def test_the_access_log_filters_by_action_and_exports_as_shown(family, users):
    parent, _ = family
    kwargs = {"person_uid": parent.uid}
    client_for(users[Role.VOLUNTEER]).get(reverse("people:file", kwargs=kwargs))
    leader = client_for(users[Role.TEAM_LEADER])
    url = reverse("people:access_log", kwargs=kwargs)
    views = leader.get(url, {"action": "view", "sorteer": "gebruiker"}).context["page"]
    assert {entry.username for entry in views} >= {"vrijwilliger"}
    assert {entry.action for entry in views} == {"view"}
    export = reverse("people:access_log_export", kwargs={**kwargs, "fmt": "csv"})
    text = leader.get(export, {"action": "view"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "tijdstip;gebruiker;actie;wat;namens"
    assert any(";vrijwilliger;ingezien;" in line for line in lines[1:])
    exported = AccessLogEntry.objects.filter(action="export", person=parent)
    assert exported.get().what.startswith("inzagelog geëxporteerd (CSV, ")
    assert client_for(users["other_team_leader"]).get(export).status_code == 404


def household_post(**extra) -> dict:
    data = {
        "leden-TOTAL_FORMS": "2",
        "leden-INITIAL_FORMS": "0",
        "leden-0-given_name": "Leyla",
        "leden-0-family_name": "Karimi",
        "leden-0-birth_date": "1984-02-01",
        "leden-0-sex": "F",
        "leden-0-nationality": "AFG",
        "leden-0-arrival_route": "family_reunification",
        "leden-1-given_name": "Dawit",
        "leden-1-family_name": "Karimi",
        "leden-1-birth_date": "2014-06-01",
        "leden-1-sex": "M",
        "leden-1-nationality": "AFG",
        "leden-1-arrival_route": "family_reunification",
        "postcode": "3012ab",
        "house_number": "5",
        "housed_on": "2017-04-03",
        "counts_for_quota": "on",
    }
    return data | extra


def test_household_registration_creates_members_and_placements_in_one_form(branch, users):
    response = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:household_create"), household_post(location=branch.pk)
    )
    assert response.status_code == 302
    people = Person.objects.filter(family_name="Karimi")
    assert people.count() == 2 and len({p.household_id for p in people}) == 1
    placements = Placement.objects.filter(person__in=people).select_related("dwelling")
    assert {p.dwelling.postcode for p in placements} == {"3012 AB"}


def test_household_registration_can_add_a_member_row_without_saving(branch, users):
    response = client_for(users[Role.TEAM_LEADER]).post(
        reverse("people:household_create"), household_post(location=branch.pk, add_member="1")
    )
    assert response.status_code == 200
    assert 'name="leden-2-given_name"' in response.content.decode()
    assert not Person.objects.exists()


def search_queries(client, text: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("people:search"), {"q": text}, HTTP_HX_REQUEST="true")
    return len(queries)


def test_search_query_count_does_not_grow_with_the_results(branch, users):
    for number in range(12):
        PersonFactory(location=branch, given_name="Tesfay", family_name=f"Gebre{number}")
    PersonFactory(location=branch, given_name="Yohannes", family_name="Kidane")
    refresh_name_keys(Person.objects.all())
    client = client_for(users[Role.TEAM_LEADER])
    assert search_queries(client, "Johannes") == search_queries(client, "Tesfai")
