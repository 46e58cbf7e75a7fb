"""The start page per role, and the main menu that shows only what a role reaches."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.registry import registry
from koers.core.scoping import Role
from tests.factories import (
    EnrolmentFactory,
    GroupFactory,
    MatchFactory,
    PersonFactory,
    TrajectoryFactory,
)


def start_page(user):
    client = Client()
    client.force_login(user)
    return client.get("/")


def test_municipality_viewer_goes_to_the_municipality_view(users):
    response = start_page(users[Role.MUNICIPALITY_VIEWER])
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:municipality")


def test_administrator_goes_to_user_management(users):
    assert start_page(users[Role.ADMINISTRATOR])["Location"] == reverse("accounts:user_list")


def test_volunteer_sees_own_clients_with_a_contact_reminder_and_a_small_menu(users, branch):
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(
        person=PersonFactory(location=branch, given_name="Dawit", family_name="Tekle"),
        coach=volunteer.staff_member,
    )
    PersonFactory(location=branch, given_name="Amina", family_name="Karimi")
    body = start_page(volunteer).content.decode()
    assert "Dawit Tekle" in body and "contact nodig" in body
    assert "Amina Karimi" not in body
    assert "Nieuw huishouden" not in body and "Gebruikers" not in body


def test_team_leader_sees_figures_waiting_list_and_clients_without_coach(users, branch):
    uncoached = PersonFactory(location=branch, given_name="Omar", family_name="Nasser")
    TrajectoryFactory(person=uncoached)
    MatchFactory(person=PersonFactory(location=branch, given_name="Rahel", family_name="Gebre"))
    body = start_page(users[Role.TEAM_LEADER]).content.decode()
    assert "Cliënten zonder coach" in body and "Omar Nasser" in body
    assert "Wachtlijst koppelingen" in body and "Rahel Gebre" in body
    assert "Cijfers" in body


def test_a_failing_panel_is_reported_and_does_not_break_the_page(users):
    def broken(request):
        raise RuntimeError("panel bug")

    registry["start_sections"].append(broken)
    try:
        response = start_page(users[Role.TEAM_LEADER])
    finally:
        registry["start_sections"].remove(broken)
    assert response.status_code == 200
    assert "Dit onderdeel is nu niet beschikbaar" in response.content.decode()


def queries_and_rows(user) -> tuple[int, int]:
    client = Client()
    client.force_login(user)
    before = AccessLogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries), AccessLogEntry.objects.count() - before


def waiting_without_coach(branch, count: int) -> None:
    for _ in range(count):
        person = PersonFactory(location=branch)
        TrajectoryFactory(person=person)
        MatchFactory(person=person)


def test_the_start_page_logs_every_client_it_shows_without_a_query_per_client(users, branch):
    """Five clients each on the waiting lists and without a coach, then ten: one access-log
    row per client, and the same number of queries (the rows are one insert)."""
    leader = users[Role.TEAM_LEADER]
    waiting_without_coach(branch, 5)
    few, rows = queries_and_rows(leader)
    assert rows == 5
    waiting_without_coach(branch, 5)
    many, rows = queries_and_rows(leader)
    assert rows == 10
    assert many == few


def test_the_volunteers_own_clients_come_from_the_registered_assignment_sources(users, branch):
    """Coach of one, volunteer of a match with another, leader of a group a third is in:
    the first two are "my clients" (one-to-one), the group member is not listed."""
    volunteer = users[Role.VOLUNTEER]
    coached = PersonFactory(location=branch, given_name="Dawit", family_name="Tekle")
    TrajectoryFactory(person=coached, coach=volunteer.staff_member)
    matched = PersonFactory(location=branch, given_name="Rahel", family_name="Gebre")
    MatchFactory(person=matched, staff=volunteer.staff_member, started_on=datetime.date(2017, 2, 1))
    group = GroupFactory(location=branch)
    group.staff.add(volunteer.staff_member)
    EnrolmentFactory(group=group, person__given_name="Omar", person__family_name="Nasser")
    body = start_page(volunteer).content.decode()
    assert "Dawit Tekle" in body and "Rahel Gebre" in body
    assert "Omar Nasser" not in body
    sources = {source.name: source.one_to_one for source in registry["assignment_sources"]}
    assert sources == {"coach": True, "match": True, "group": False}
