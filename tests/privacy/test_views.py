"""The rights page, the access-request export and the erasure form, for the team leader only."""

import datetime
import json

import pytest
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.people.models import Person
from koers.privacy.models import Anonymisation, ErasureRequest
from tests.factories import DossierFactory, PersonFactory

OTHERS = [
    Role.VOLUNTEER,
    Role.LEGAL,
    Role.REGIONAL_MANAGER,
    Role.MUNICIPALITY_VIEWER,
    Role.ADMINISTRATOR,
    "other_team_leader",
    "no_role",
]


def url(name: str, person) -> str:
    return reverse(f"privacy:{name}", kwargs={"person_uid": person.uid})


def test_the_rights_page_shows_records_links_to_correct_them_and_the_history(leader, parent):
    response = leader.get(url("rights", parent.person))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:edit", kwargs={"person_uid": parent.person.uid}) in body
    trajectory = parent.person.trajectories.get()
    assert reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid}) in body
    # The rename is in the history: field label, before and after.
    assert "voornaam" in body and parent.names[0] in body and parent.names[-1] in body
    assert AccessLogEntry.objects.filter(
        person_id=parent.person.pk, action="view", what="privacyrechten"
    ).exists()


@pytest.mark.parametrize("role", OTHERS)
def test_only_the_team_leader_of_the_branch_reaches_the_rights_pages(client, users, parent, role):
    client.force_login(users[role])
    for name in ("rights", "access_request_json", "access_request_pdf"):
        assert client.get(url(name, parent.person)).status_code == 404, name
    assert (
        client.post(url("erase", parent.person), {"reason": "x", "confirmed": "on"}).status_code
        == 404
    )
    assert not Anonymisation.objects.exists()


def test_the_access_request_holds_every_record_the_history_and_who_looked(leader, parent):
    leader.get(reverse("people:file", kwargs={"person_uid": parent.person.uid}))
    response = leader.get(url("access_request_json", parent.person))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    answer = json.loads(response.content)
    kinds = {group["kind"] for group in answer["records"]}
    assert kinds >= {
        "people.person",
        "people.household",
        "people.dwelling",
        "people.placement",
        "people.civicintegrationresult",
        "coaching.trajectory",
        "coaching.trajectoryplan",
        "coaching.trajectoryevaluation",
        "coaching.referral",
        "coaching.budgetline",
        "contacts.contact",
        "legal.dossier",
        "legal.dossierstep",
        "matching.match",
        "matching.matchevaluation",
    }
    contact = next(g for g in answer["records"] if g["kind"] == "contacts.contact")["items"][0]
    assert contact["children"][0]["fields"][-1]["value"] == "wonen"
    person = next(g for g in answer["records"] if g["kind"] == "people.person")["items"][0]
    values = {field["label"]: field["value"] for field in person["fields"]}
    assert values["V-nummer"] == parent.v_number and values["nationaliteit"] == "Eritrea"
    assert any(row["field"] == "voornaam" for row in answer["changes"])
    assert [row["what"] for row in answer["access_log"]] == ["cliëntdossier"]
    assert (
        AccessLogEntry.objects.filter(
            person_id=parent.person.pk, action="export", what="inzageverzoek"
        ).count()
        == 1
    )


def test_the_access_request_as_a_readable_pdf(leader, parent):
    response = leader.get(url("access_request_pdf", parent.person))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(person_id=parent.person.pk, action="export").exists()


def test_erasure_from_the_page_anonymises_and_shows_it(leader, parent):
    response = leader.post(
        url("erase", parent.person), {"reason": "brief van 2 mei", "confirmed": "on"}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "geanonimiseerd" in body.lower()
    assert parent.names[-1] not in body
    assert Person.objects.get(pk=parent.person.pk).given_name == "Geanonimiseerd"


def test_an_anonymised_person_cannot_be_edited_back(leader, parent):
    leader.post(url("erase", parent.person), {"reason": "verzoek", "confirmed": "on"})
    edit = reverse("people:edit", kwargs={"person_uid": parent.person.uid})
    for response in (leader.get(edit), leader.post(edit, {"given_name": "Terug"})):
        assert response.status_code == 302
    assert Person.objects.get(pk=parent.person.pk).given_name == "Geanonimiseerd"


def test_a_refused_erasure_shows_why_and_keeps_the_data(leader, parent):
    DossierFactory(person=parent.person, opened_on=datetime.date(2026, 1, 5))
    page = leader.get(url("rights", parent.person)).content.decode()
    assert "er loopt nog een juridisch dossier" in page
    response = leader.post(
        url("erase", parent.person), {"reason": "telefonisch", "confirmed": "on"}, follow=True
    )
    assert "geweigerd" in response.content.decode()
    assert ErasureRequest.objects.get().granted is False
    assert not Anonymisation.objects.exists()


def test_an_erasure_without_the_tick_is_not_recorded(leader, parent):
    response = leader.post(url("erase", parent.person), {"reason": "brief"})
    assert response.status_code == 422
    assert not ErasureRequest.objects.exists()


def test_the_client_file_has_the_privacy_panel_for_the_team_leader_only(client, users, parent):
    file = reverse("people:file", kwargs={"person_uid": parent.person.uid})
    client.force_login(users[Role.TEAM_LEADER])
    assert url("rights", parent.person) in client.get(file).content.decode()
    client.force_login(users[Role.LEGAL])
    assert url("rights", parent.person) not in client.get(file).content.decode()


def test_a_person_without_records_still_gets_an_answer(leader, branch):
    person = PersonFactory(location=branch)
    answer = json.loads(leader.get(url("access_request_json", person)).content)
    assert [group["kind"] for group in answer["records"]] == ["people.household", "people.person"]


def test_the_rights_page_and_export_take_as_many_queries_for_a_long_file(leader, parent, branch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ContactFactory, TrajectoryFactory

    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(url(name, parent.person)).status_code == 200
        return len(captured)

    short = queries("rights"), queries("access_request_json")
    for day in range(1, 6):
        ContactFactory(location=branch, person=parent.person, topic_codes=["work", "health"])
        TrajectoryFactory(person=parent.person, started_on=datetime.date(2006, 1, day))
    assert (queries("rights"), queries("access_request_json")) == short
