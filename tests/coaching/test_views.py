"""The coaching pages per role: who sees what, conflicts and warnings on the forms."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.coaching.models import Referral, Signal, Trajectory
from koers.coaching.panels import person_panel
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.coaching.factories import BudgetLineFactory, SignalFactory
from tests.factories import PersonFactory, TrajectoryFactory
from tests.searching import searched

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(branch, other_branch, users):
    coach = users[Role.VOLUNTEER].staff_member
    mine = PersonFactory(location=branch, given_name="Eigen")
    stranger = PersonFactory(location=branch, given_name="Ander")
    return {
        "mine": TrajectoryFactory(person=mine, coach=coach),
        "other": TrajectoryFactory(person=stranger),
        "foreign": TrajectoryFactory(person=PersonFactory(location=other_branch)),
    }


def detail(trajectory) -> str:
    return reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid})


def test_volunteer_lists_and_opens_only_assigned_trajectories(world, users):
    client = client_for(users[Role.VOLUNTEER])
    listing = client.get(reverse("coaching:trajectory_list"))
    assert list(listing.context["page"]) == [world["mine"]]
    assert client.get(detail(world["mine"])).status_code == 200
    assert client.get(detail(world["other"])).status_code == 404


def test_legal_volunteer_reaches_no_coaching_page(world, users):
    client = client_for(users[Role.LEGAL])
    assert client.get(reverse("coaching:trajectory_list")).status_code == 404
    assert client.get(detail(world["other"])).status_code == 404


def test_another_branch_gets_404_for_the_same_url(world, users):
    client = client_for(users["other_team_leader"])
    assert client.get(detail(world["mine"])).status_code == 404
    assert client.get(detail(world["foreign"])).status_code == 200


def test_regional_manager_reads_but_cannot_close(world, users):
    client = client_for(users[Role.REGIONAL_MANAGER])
    assert client.get(detail(world["mine"])).status_code == 200
    close = reverse("coaching:trajectory_close", kwargs={"trajectory_uid": world["mine"].uid})
    assert client.get(close).status_code == 404


def test_list_filters_by_kind_status_and_name(world, users):
    client = client_for(users[Role.TEAM_LEADER])
    world["other"].kind = "integration"
    world["other"].save()
    url = reverse("coaching:trajectory_list")
    assert list(client.get(url, {"kind": "integration"}).context["page"]) == [world["other"]]
    by_name = searched(client, url, q="Eigen", status="")
    assert list(by_name.context["page"]) == [world["mine"]]
    assert "Eigen" not in by_name.redirect_chain[0][0]  # the name stays out of the address
    next_page = f"{by_name.redirect_chain[0][0]}&page=1"  # as the pager links it
    assert list(client.get(next_page).context["page"]) == [world["mine"]]
    assert list(client.get(url, {"q": "Eigen"}).context["page"]) != [world["mine"]]  # ignored
    assert list(client.get(url, {"status": "ended"}).context["page"]) == []


def test_detail_is_in_the_access_log(world, users):
    client_for(users[Role.VOLUNTEER]).get(detail(world["mine"]))
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.username) == (world["mine"].person_id, "vrijwilliger")


def close_data(trajectory, **extra) -> dict:
    return {
        "version": trajectory.version,
        "ended_on": "2017-09-01",
        "end_reason": "completed",
        "exit_conversation_on": "2017-09-01",
        "exit_summary": "Klaar",
        **extra,
    }


def test_closing_after_someone_else_saved_shows_both_versions_and_keeps_theirs(world, users):
    trajectory = world["mine"]
    Trajectory.objects.filter(pk=trajectory.pk).update(version=5, end_reason="moved")
    url = reverse("coaching:trajectory_close", kwargs={"trajectory_uid": trajectory.uid})
    response = client_for(users[Role.VOLUNTEER]).post(url, close_data(trajectory))
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen opgeslagen" in response.content.decode()
    rows = {row.label: row for row in response.context["form"].conflict.rows}
    assert (rows["reden einde"].saved, rows["reden einde"].yours) == ("verhuisd", "afgerond")
    trajectory.refresh_from_db()
    assert trajectory.ended_on is None


def test_handover_partner_without_reason_gets_an_error_beside_the_field(world, users):
    trajectory = world["mine"]
    url = reverse("coaching:trajectory_close", kwargs={"trajectory_uid": trajectory.uid})
    response = client_for(users[Role.VOLUNTEER]).post(
        url, close_data(trajectory, partner="wijkteam")
    )
    assert response.status_code == 422
    assert response.context["form"].errors["reason"] == ["Nodig voor de verwijzing."]
    assert not Referral.objects.exists()


def test_an_evaluation_held_after_today_is_refused_even_when_confirmed(world, users):
    trajectory = world["mine"]
    client = client_for(users[Role.VOLUNTEER])
    url = reverse("coaching:evaluation_add", kwargs={"trajectory_uid": trajectory.uid})
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    for extra in ({}, {"confirmed": "on"}):  # a day that happened cannot lie ahead (core.dates)
        response = client.post(url, {"held_on": future, "notes": "Gepland", **extra})
        assert response.status_code == 422
        assert "ligt na vandaag" in str(response.context["form"].errors["held_on"])
    assert not trajectory.evaluations.exists()
    today = timezone.localdate().isoformat()
    assert client.post(url, {"held_on": today, "notes": "Gedaan"}).status_code == 302
    assert trajectory.evaluations.count() == 1


def test_budget_page_shows_the_household_totals_to_its_coach_only(world, users):
    household = world["mine"].person.household
    BudgetLineFactory(household=household, kind="income", description="Uitkering")
    url = reverse("coaching:budget", kwargs={"household_uid": household.uid})
    response = client_for(users[Role.VOLUNTEER]).get(url)
    assert response.status_code == 200
    assert "Uitkering" in response.content.decode()
    other = world["other"].person.household
    other_url = reverse("coaching:budget", kwargs={"household_uid": other.uid})
    assert client_for(users[Role.VOLUNTEER]).get(other_url).status_code == 404


def test_volunteer_records_a_signal_for_the_branch(world, users, branch):
    client = client_for(users[Role.VOLUNTEER])
    url = reverse("coaching:signal_list")
    response = client.post(
        url,
        {
            "location": branch.pk,
            "topic": "housing",
            "description": "Lange wachttijd",
            "noticed_on": "2017-05-01",
        },
    )
    assert response.status_code == 302
    assert Signal.objects.get().location == branch
    SignalFactory(location=world["foreign"].person.location)
    assert client.get(url, {"reported": "no"}).context["page"].paginator.count == 1
    assert client_for(users[Role.MUNICIPALITY_VIEWER]).get(url).status_code == 404


def test_person_panel_for_coach_and_none_for_legal(world, users, rf):
    request = rf.get("/")
    request.user = users[Role.VOLUNTEER]
    panel = person_panel(request, world["mine"].person)
    assert [item["trajectory"] for item in panel.context["trajectories"]] == [world["mine"]]
    html = render_to_string(panel.template, panel.context, request=request)
    assert "Traject starten" in html and "coaching vestiging" in html
    request.user = users[Role.LEGAL]
    assert person_panel(request, world["mine"].person) is None


def test_client_file_shows_the_coaching_section_to_the_coach(world, users):
    person = world["mine"].person
    response = client_for(users[Role.VOLUNTEER]).get(
        reverse("people:file", kwargs={"person_uid": person.uid})
    )
    html = response.content.decode()
    assert "Begeleiding" in html and "Traject starten" in html
    assert "Juridisch" not in html
