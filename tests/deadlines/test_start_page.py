"""The start page's "Mijn termijnen" (#15): the date with its year, how late or how soon, a
link to the record and to the client; only the user's own items (where a role of theirs
holds a worklist: not the region's for a regional manager); the waiting list once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from koers.core.formatting import date_text
from koers.core.scoping import Role
from koers.deadlines.digest import digest_message
from tests.conftest import make_user
from tests.deadlines.conftest import housed_client
from tests.deadlines.test_views import months_before
from tests.factories import DossierFactory, DossierStepFactory, MatchFactory, MembershipFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def work(branch, other_branch, users, today):
    """At the branch: Amina Haddad's dossier step overdue by 2 days, and her match's
    evaluation due in 3 days. At the other branch of the region: Yonas Tesfay's step,
    overdue by 5 days. A waiting match at the branch."""
    amina = housed_client(branch, housed_on=today, given_name="Amina", family_name="Haddad")
    dossier = DossierFactory(person=amina, opened_on=today - 30 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - 2 * DAY)
    match = MatchFactory(
        person=amina,
        staff=users[Role.VOLUNTEER].staff_member,
        requested_on=today - 200 * DAY,
        started_on=months_before(today + 3 * DAY, 3),
    )
    yonas = housed_client(other_branch, housed_on=today, given_name="Yonas", family_name="Tesfay")
    far = DossierFactory(person=yonas, opened_on=today - 30 * DAY)
    DossierStepFactory(dossier=far, step="dna_test", due_on=today - 5 * DAY)
    waiting = housed_client(branch, housed_on=today, given_name="Samira", family_name="Nasser")
    MatchFactory(person=waiting, staff=None, requested_on=today - 10 * DAY, started_on=None)
    return {"amina": amina, "step": step, "match": match, "yonas": yonas}


def start_page(client, user) -> str:
    client.force_login(user)
    with translation.override("nl"):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def deadlines_section(html: str) -> str:
    """The "Mijn termijnen" panel of the start page, or "" when there is none."""
    match = re.search(r"<h2[^>]*>Mijn termijnen</h2>(.*?)</section>", html, re.S)
    return match.group(1) if match else ""


def test_team_leader_sees_dates_with_the_year_how_late_and_links(client, users, work, today):
    section = deadlines_section(start_page(client, users[Role.TEAM_LEADER]))
    step_due = today - 2 * DAY
    with translation.override("nl"):
        assert date_text(step_due) in section
        assert str(step_due.year) in date_text(step_due)
    assert "2 dagen te laat" in section
    assert "over 3 dagen" in section
    dossier_url = reverse("legal:dossier_detail", kwargs={"dossier_uid": work["step"].dossier.uid})
    match_url = reverse("matching:match_detail", kwargs={"match_uid": work["match"].uid})
    file_url = reverse("people:file", kwargs={"person_uid": work["amina"].uid})
    assert f'href="{dossier_url}"' in section
    assert f'href="{match_url}"' in section
    assert f'href="{file_url}">Amina Haddad</a>' in section
    assert "Yonas" not in section  # another branch's


def test_regional_manager_has_no_items_of_other_people(client, users, work):
    html = start_page(client, users[Role.REGIONAL_MANAGER])
    assert deadlines_section(html) == ""
    assert "Mijn termijnen" not in html
    assert "Amina Haddad" not in html.split("Wachtlijst koppelingen")[0]
    assert "Yonas" not in html


def test_team_leader_who_also_manages_the_region_sees_only_the_branch_items(
    client, branch, users, work
):
    both = make_user(Role.TEAM_LEADER, branch, username="leider-en-regio")
    MembershipFactory(user=both, role=Role.REGIONAL_MANAGER, location=None, region=branch.region)
    html = start_page(client, both)
    section = deadlines_section(html)
    assert "Amina Haddad" in section
    assert "Yonas" not in section
    with translation.override("nl"):
        message = digest_message(both, on=work["step"].due_on + 2 * DAY)
    assert "Amina H." in message.body
    assert "Yonas" not in message.body


def test_the_waiting_list_is_on_the_start_page_once(client, branch, users, work):
    both = make_user(Role.TEAM_LEADER, branch, username="leider-en-regio")
    MembershipFactory(user=both, role=Role.REGIONAL_MANAGER, location=None, region=branch.region)
    for user in (users[Role.TEAM_LEADER], users[Role.REGIONAL_MANAGER], both):
        html = start_page(client, user)
        assert html.count("Wachtlijst koppelingen</h2>") == 1
        assert html.count("Samira Nasser") == 1


def test_a_volunteer_sees_the_items_of_their_own_clients(client, users, work):
    section = deadlines_section(start_page(client, users[Role.VOLUNTEER]))
    assert "over 3 dagen" in section
    assert "Amina Haddad" in section
    assert "2 dagen te laat" not in section  # the dossier step is legal work, not theirs
