"""Registering a household with its members and dwelling in one form."""

from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.people.models import Person, Placement


def fill_member(page, number: int, given: str, born: str, sex: str):
    member = page.get_by_role("group", name=f"Gezinslid {number}")
    member.get_by_label("Voornaam").fill(given)
    member.get_by_label("Achternaam").fill("Haile")
    member.get_by_label("Geboortedatum").fill(born)
    member.get_by_label("Geslacht").select_option(sex)
    member.get_by_label("Nationaliteit").select_option("ERI")
    member.get_by_label("Komst via").select_option("family_reunification")


def test_team_leader_registers_a_family_of_three(as_user, users):
    page = as_user(users[Role.TEAM_LEADER])
    page.goto("/")
    page.get_by_role("link", name="Nieuw huishouden").click()
    fill_member(page, 1, "Senait", "1986-03-02", "F")
    fill_member(page, 2, "Robel", "2012-07-14", "M")
    page.get_by_role("button", name="Nog een gezinslid").click()
    fill_member(page, 3, "Meron", "2016-11-30", "F")
    page.get_by_label("Postcode nieuwe woning").fill("3013 EF")
    page.get_by_label("Huisnummer").fill("21")
    page.get_by_label("Gehuisvest op").fill("2017-06-01")
    page.get_by_role("button", name="Huishouden registreren").click()
    page.get_by_role("heading", name="Senait Haile").wait_for()
    people = Person.objects.filter(family_name="Haile")
    assert people.count() == 3 and len({p.household_id for p in people}) == 1
    assert Placement.objects.filter(person__in=people).count() == 3
    expect(page.get_by_role("region", name="Huishouden").get_by_text("Meron Haile")).to_be_visible()
