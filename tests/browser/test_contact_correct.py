"""Issue 12, item 4 in the browser: the volunteer corrects a contact, then deletes it."""

import datetime

from playwright.sync_api import expect

from koers.contacts.models import Contact
from koers.contacts.services import contact_log
from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory, TrajectoryFactory


def test_volunteer_edits_and_deletes_a_contact_on_a_phone(as_user, users, branch):
    volunteer = users[Role.VOLUNTEER]
    person = PersonFactory(location=branch, given_name="Rahel", family_name="Tekle")
    trajectory = TrajectoryFactory(person=person, coach=volunteer.staff_member)
    contact_log(
        location=branch,
        kind="home_visit",
        date=datetime.date(2017, 5, 2),
        person=person,
        trajectory=trajectory,
        staff=volunteer.staff_member,
        topics=["housing"],
        note="Sleutel opgehaald.",
        by=volunteer,
    )
    page = as_user(volunteer, viewport=PHONE)
    page.goto(f"/clienten/{person.uid}/")
    contacts = page.get_by_role("region", name="Contacten")
    contacts.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("heading", name="Contact wijzigen")).to_be_visible()
    assert page.get_by_label("Datum").input_value() == "2017-05-02"
    page.get_by_label("Datum").fill("2017-05-03")
    page.get_by_text("telefonisch", exact=True).click()
    page.get_by_label("Notitie").fill("Sleutel opgehaald, gebeld over de huur.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/clienten/{person.uid}/")
    expect(page.get_by_role("status").get_by_text("Het contact is gewijzigd.")).to_be_visible()
    saved = Contact.objects.get()
    assert (saved.kind, saved.date) == ("phone", datetime.date(2017, 5, 3))
    expect(contacts.get_by_text("3 mei 2017")).to_be_visible()

    contacts.get_by_role("link", name="Verwijderen").click()
    expect(page.get_by_text("3 mei 2017")).to_be_visible()
    page.get_by_role("button", name="Ja, verwijderen").click()
    page.wait_for_url(f"**/clienten/{person.uid}/")
    expect(page.get_by_role("status").get_by_text("Het contact is verwijderd.")).to_be_visible()
    assert not Contact.objects.exists()
    expect(contacts.get_by_text("Geen contacten.")).to_be_visible()
