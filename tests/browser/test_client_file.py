"""The client file in the browser: household, panels, and a conflict on concurrent edit."""

import datetime

import pytest
from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.people.models import Person
from tests.browser.conftest import LAPTOP, PHONE
from tests.factories import ContactFactory, PersonFactory, PlacementFactory


@pytest.fixture
def person(branch):
    parent = PersonFactory(location=branch, given_name="Leyla", family_name="Warsame")
    PersonFactory(
        location=branch,
        household=parent.household,
        given_name="Yonas",
        family_name="Warsame",
        birth_date=datetime.date(2013, 1, 5),
    )
    PlacementFactory(person=parent, dwelling__postcode="3011 CD", dwelling__house_number="9")
    ContactFactory(location=branch, person=parent, kind="phone", topic_codes=["finance"])
    return parent


def test_team_leader_reads_the_client_file_on_a_phone(as_user, users, person):
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    page.goto(f"/clienten/{person.uid}/")
    expect(page.get_by_role("heading", name="Leyla Warsame")).to_be_visible()
    household = page.get_by_role("region", name="Huishouden")
    expect(household.get_by_text("Yonas Warsame")).to_be_visible()
    expect(household.get_by_text("3011 CD 9")).to_be_visible()
    contacts = page.get_by_role("region", name="Contacten")
    expect(contacts.get_by_role("listitem").filter(has_text="financiën").first).to_be_visible()
    page.get_by_role("link", name="Wie keek er in dit dossier?").click()
    expect(page.get_by_role("cell", name="teamleider").first).to_be_visible()


def test_concurrent_edit_shows_a_conflict_and_keeps_the_other_save(as_user, users, person):
    first = as_user(users[Role.TEAM_LEADER], viewport=LAPTOP)
    second = as_user(users[Role.TEAM_LEADER], viewport=LAPTOP)
    for page in (first, second):
        page.goto(f"/clienten/{person.uid}/bewerken/")
    first.get_by_label("Achternaam").fill("Nasser")
    first.get_by_role("button", name="Opslaan").click()
    first.wait_for_url(f"**/clienten/{person.uid}/")
    second.get_by_label("Achternaam").fill("Karimi")
    second.get_by_role("button", name="Opslaan").click()
    alert = second.get_by_role("alert").filter(has_text="intussen opgeslagen")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("cell", name="Nasser")).to_be_visible()
    expect(alert.get_by_role("cell", name="Karimi")).to_be_visible()
    assert Person.objects.get(pk=person.pk).family_name == "Nasser"
    second.get_by_role("button", name="Mijn versie opslaan").click()
    second.wait_for_url(f"**/clienten/{person.uid}/")
    assert Person.objects.get(pk=person.pk).family_name == "Karimi"
