"""A client's rights in the browser: from the file to the rights page, a download, an erasure."""

import datetime

import pytest
from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.people.models import Person
from tests.browser.conftest import LAPTOP, PHONE
from tests.factories import DossierFactory
from tests.privacy.world import household_history


@pytest.fixture
def client_of_2005(users, branch):
    return household_history(branch, 3, year=2005, by=users[Role.TEAM_LEADER])[0]


def test_team_leader_downloads_the_access_request_and_erases_on_a_laptop(
    as_user, users, client_of_2005
):
    person = client_of_2005.person
    page = as_user(users[Role.TEAM_LEADER], viewport=LAPTOP)
    page.goto(f"/clienten/{person.uid}/")
    page.get_by_role("link", name="Rechten van de cliënt").click()
    page.wait_for_url(f"**/privacy/{person.uid}/")
    history = page.get_by_role("region", name="Correctie")
    expect(history.get_by_role("cell", name=client_of_2005.names[0]).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht als pdf").click()
    assert download.value.suggested_filename == f"inzageverzoek-{person.external_id}.pdf"

    erasure = page.get_by_role("region", name="Wissen op verzoek")
    erasure.get_by_label("Toelichting").fill("Verzoek per brief, ontvangen 2 mei")
    erasure.get_by_label("onherroepelijk").check()
    erasure.get_by_role("button", name="Verzoek vastleggen").click()
    expect(page.get_by_role("status").filter(has_text="geanonimiseerd").first).to_be_visible()
    assert Person.objects.get(pk=person.pk).given_name == "Geanonimiseerd"
    assert client_of_2005.names[-1] not in page.content()


def test_a_refused_erasure_shows_the_reason_on_a_phone(as_user, users, client_of_2005):
    person = client_of_2005.person
    DossierFactory(person=person, opened_on=datetime.date(2026, 1, 5))
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    page.goto(f"/privacy/{person.uid}/")
    erasure = page.get_by_role("region", name="Wissen op verzoek")
    expect(erasure.get_by_text("er loopt nog een juridisch dossier")).to_be_visible()
    erasure.get_by_label("Toelichting").fill("Telefonisch verzoek")
    erasure.get_by_label("onherroepelijk").check()
    erasure.get_by_role("button", name="Verzoek vastleggen").click()
    page.wait_for_url(f"**/privacy/{person.uid}/")
    expect(page.get_by_role("cell", name="geweigerd", exact=False).first).to_be_visible()
    assert Person.objects.get(pk=person.pk).given_name == client_of_2005.names[-1]
