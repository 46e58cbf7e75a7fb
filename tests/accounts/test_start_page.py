"""The start page per role, and the main menu that shows only what a role reaches."""

from django.test import Client
from django.urls import reverse

from koers.core.registry import registry
from koers.core.scoping import Role
from tests.factories import MatchFactory, PersonFactory, TrajectoryFactory


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
    assert "Wachtlijsten" in body and "Rahel Gebre" in body
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
