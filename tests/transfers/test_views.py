"""The transfer pages: offering from the file, the receiving team leader's start page and
answer, the old branch's 404 afterwards, the list, and the household's bundle download."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.transfers.models import Transfer, TransferState
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(branch):
    household = HouseholdFactory(location=branch)
    PersonFactory(location=branch, household=household, given_name="Yonas", family_name="Tekle")
    return PersonFactory(
        location=branch, household=household, given_name="Amina", family_name="Tekle"
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def file_url(person) -> str:
    return reverse("people:file", kwargs={"person_uid": person.uid})


def offer(client, person, to, **fields):
    return client.post(
        reverse("transfers:offer", kwargs={"person_uid": person.uid}),
        {"to_location": to.pk, "consent_on": "2026-01-05", "consent_how": "written", **fields},
    )


def test_a_household_offered_accepted_and_gone_for_the_old_branch(person, users, other_branch):
    old = client_of(users[Role.TEAM_LEADER])
    new = client_of(users["other_team_leader"])
    page = old.get(file_url(person)).content.decode()
    assert "Overdragen aan een andere afdeling" in page
    response = offer(old, person, other_branch, note="Verhuist naar Waalstad")
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == transfer.get_absolute_url()

    home = new.get(reverse("home")).content.decode()
    assert "Overdrachten om te beoordelen" in home and "Amina Tekle" in home
    detail = new.get(transfer.get_absolute_url()).content.decode()
    assert "Verhuist naar Waalstad" in detail and "schriftelijk (ondertekend)" in detail
    assert AccessLogEntry.objects.filter(user=users["other_team_leader"], person=person).exists()

    answered = new.post(
        reverse("transfers:decide", kwargs={"transfer_uid": transfer.uid}),
        {"decision": "accept", "version": transfer.version},
    )
    assert answered.status_code == 302 and answered["Location"].startswith("/clienten/")
    assert Transfer.objects.get().state == TransferState.ACCEPTED

    assert old.get(file_url(person)).status_code == 404
    volunteer = client_of(users[Role.VOLUNTEER])
    assert volunteer.get(file_url(person)).status_code == 404
    moved = new.get(file_url(person)).content.decode()
    assert "Overgedragen van Afdeling Rijnmond aan Afdeling Waalstad op" in moved
    # the old branch keeps the move without the names
    listed = old.get(reverse("transfers:list")).content.decode()
    assert "huishouden van 2 personen" in listed and "Amina" not in listed
    kept = old.get(transfer.get_absolute_url()).content.decode()
    assert "Amina" not in kept and "Verhuist naar Waalstad" not in kept


def test_declining_without_a_reason_is_refused_beside_the_field(person, users, other_branch):
    offer(client_of(users[Role.TEAM_LEADER]), person, other_branch)
    transfer = Transfer.objects.get()
    new = client_of(users["other_team_leader"])
    url = reverse("transfers:decide", kwargs={"transfer_uid": transfer.uid})
    refused = new.post(url, {"decision": "decline", "version": transfer.version})
    assert refused.status_code == 422
    assert "Geef de reden van de afwijzing." in refused.content.decode()
    assert Transfer.objects.get().state == TransferState.PENDING
    new.post(
        url, {"decision": "decline", "decline_reason": "Geen plek", "version": transfer.version}
    )
    assert Transfer.objects.get().state == TransferState.DECLINED


def test_the_offering_side_revokes_and_the_other_side_cannot(person, users, other_branch):
    old = client_of(users[Role.TEAM_LEADER])
    offer(old, person, other_branch)
    transfer = Transfer.objects.get()
    url = reverse("transfers:revoke", kwargs={"transfer_uid": transfer.uid})
    assert (
        client_of(users["other_team_leader"]).post(url, {"version": transfer.version}).status_code
        == 404
    )
    old.post(url, {"version": transfer.version})
    assert Transfer.objects.get().state == TransferState.REVOKED


def test_an_offer_to_the_own_branch_is_refused_beside_the_field(person, users, branch):
    response = offer(client_of(users[Role.TEAM_LEADER]), person, branch)
    assert response.status_code == 422
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER, "other_team_leader"]
)
def test_who_is_not_the_households_team_leader_cannot_offer(person, users, other_branch, role):
    client = client_of(users[role])
    assert (
        client.get(reverse("transfers:offer", kwargs={"person_uid": person.uid})).status_code == 404
    )
    assert offer(client, person, other_branch).status_code == 404
    assert not Transfer.objects.exists()


def test_the_team_leader_downloads_the_household_as_a_bundle_and_it_is_logged(
    person, users, branch
):
    PersonFactory(location=branch, given_name="Ander", family_name="Huishouden")
    response = client_of(users[Role.TEAM_LEADER]).get(
        reverse("exchange:person_export", kwargs={"person_uid": person.uid})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        people = archive.read("people.csv").decode()
    assert "Amina" in people and "Yonas" in people and "Ander" not in people
    logged = AccessLogEntry.objects.filter(action="export", user=users[Role.TEAM_LEADER])
    assert set(logged.values_list("person__given_name", flat=True)) == {"Amina", "Yonas"}


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER])
def test_others_cannot_download_the_bundle(person, users, role):
    url = reverse("exchange:person_export", kwargs={"person_uid": person.uid})
    assert client_of(users[role]).get(url).status_code == 404


def test_after_a_decline_the_receiving_side_no_longer_sees_the_names(person, users, other_branch):
    offer(client_of(users[Role.TEAM_LEADER]), person, other_branch)
    transfer = Transfer.objects.get()
    new = client_of(users["other_team_leader"])
    new.post(
        reverse("transfers:decide", kwargs={"transfer_uid": transfer.uid}),
        {"decision": "decline", "decline_reason": "Geen plek", "version": transfer.version},
    )
    page = new.get(transfer.get_absolute_url()).content.decode()
    assert "Amina" not in page and "afgewezen op" in page
    assert (
        "Amina"
        in client_of(users[Role.TEAM_LEADER]).get(transfer.get_absolute_url()).content.decode()
    )
