"""The matching pages per role, the start page's waiting list and the warnings."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from koers.core.formatting import date_text
from koers.core.scoping import Role
from koers.matching.models import Match
from koers.matching.panels import home_panel, person_panel
from tests.factories import MatchFactory, PersonFactory, StaffMemberFactory
from tests.matching.factories import language_coach

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def waiting(branch):
    return MatchFactory(person=PersonFactory(location=branch, given_name="Wachtend"))


def test_team_leader_sees_waiting_list_and_suggestions(branch, users, waiting):
    volunteer = language_coach(branch, "Gescreend")
    client = client_for(users[Role.TEAM_LEADER])
    listing = client.get(reverse("matching:waiting_list"))
    assert list(listing.context["page"]) == [waiting]
    detail = client.get(reverse("matching:match_detail", kwargs={"match_uid": waiting.uid}))
    assert [s.staff for s in detail.context["suggestions"]] == [volunteer]


def test_volunteer_sees_no_waiting_client_and_gets_404_on_their_match(users, waiting):
    client = client_for(users[Role.VOLUNTEER])
    assert list(client.get(reverse("matching:waiting_list")).context["page"]) == []
    url = reverse("matching:match_detail", kwargs={"match_uid": waiting.uid})
    assert client.get(url).status_code == 404
    assert client_for(users["other_team_leader"]).get(url).status_code == 404
    assert client_for(users[Role.LEGAL]).get(url).status_code == 404


def test_start_before_request_warns_and_corrects_after_confirmation(branch, users, waiting):
    volunteer = language_coach(branch, "Gescreend")
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("matching:match_start", kwargs={"match_uid": waiting.uid})
    data = {"staff": volunteer.pk, "started_on": "2017-01-10", "version": waiting.version}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "vóór de aanmelding" in response.content.decode()
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.staff, str(waiting.requested_on)) == (volunteer, "2017-01-10")


def test_request_form_puts_a_client_on_the_waiting_list(branch, users):
    person = PersonFactory(location=branch)
    response = client_for(users[Role.TEAM_LEADER]).post(
        reverse("matching:match_request", kwargs={"person_uid": person.uid}),
        {"program": "wegwijs", "requested_on": "2017-03-01", "languages": ["ti", "ar"]},
    )
    assert response.status_code == 302
    match = Match.objects.get(person=person)
    assert sorted(match.languages.values_list("language", flat=True)) == ["ar", "ti"]


def test_home_panel_shows_the_waiting_list_to_team_leaders_only(rf, users, waiting):
    request = rf.get("/")
    request.user = users[Role.TEAM_LEADER]
    panel = home_panel(request)
    assert panel.context["oldest"] == [waiting]
    assert panel.clients == [waiting.person]
    html = render_to_string(panel.template, panel.context, request=request)
    assert f"{waiting.get_program_display()}: <strong>1</strong>" in html
    assert date_text(waiting.requested_on) in html
    request.user = users[Role.VOLUNTEER]
    assert home_panel(request) is None


def test_person_panel_lists_the_clients_matches(rf, users, waiting):
    request = rf.get("/")
    request.user = users[Role.TEAM_LEADER]
    panel = person_panel(request, waiting.person)
    assert list(panel.context["matches"]) == [waiting]
    assert "wacht sinds" in render_to_string(panel.template, panel.context)


def test_volunteer_edits_own_matching_profile_not_anothers(branch, users):
    own = users[Role.VOLUNTEER].staff_member
    other = StaffMemberFactory(location=branch)
    client = client_for(users[Role.VOLUNTEER])
    data = {"max_pairs": 2, "postcode_area": "3011", "evening": "on"}
    url = reverse("matching:volunteer_profile", kwargs={"staffmember_uid": own.uid})
    assert client.post(url, data).status_code == 302
    assert own.matching_profile.max_pairs == 2
    other_url = reverse("matching:volunteer_profile", kwargs={"staffmember_uid": other.uid})
    assert client.get(other_url).status_code == 404
