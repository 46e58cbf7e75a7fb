"""Logging a contact on a phone: a few taps from the start page."""

from django.utils import timezone
from playwright.sync_api import expect

from koers.contacts.models import Contact
from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory, TrajectoryFactory


def test_volunteer_logs_a_contact_in_a_few_taps_on_a_phone(as_user, users, branch):
    volunteer = users[Role.VOLUNTEER]
    person = PersonFactory(location=branch, given_name="Rahel", family_name="Tekle")
    TrajectoryFactory(person=person, coach=volunteer.staff_member)
    page = as_user(volunteer, viewport=PHONE)
    page.goto("/")
    page.get_by_role("region", name="Mijn cliënten").get_by_role(
        "link", name="Contact loggen"
    ).click()
    page.get_by_text("huisbezoek", exact=True).click()
    page.get_by_text("wonen", exact=True).click()
    page.get_by_text("werk", exact=True).click()
    keyboard_chip = page.get_by_label("financiën")
    keyboard_chip.focus()
    page.keyboard.press("Space")  # chips work from the keyboard too
    assert keyboard_chip.is_checked()
    page.keyboard.press("Space")
    assert not keyboard_chip.is_checked()
    page.get_by_label("Notitie").fill("Sleutel van de nieuwe woning opgehaald.")
    assert page.get_by_label("Datum").input_value() == timezone.localdate().isoformat()
    page.get_by_role("button", name="Contact opslaan").click()
    page.wait_for_url(f"**/clienten/{person.uid}/")
    expect(page.get_by_role("status").get_by_text("Het contact is opgeslagen.")).to_be_visible()
    contact = Contact.objects.get()
    assert contact.kind == "home_visit" and contact.staff == volunteer.staff_member
    assert sorted(contact.topics.values_list("topic", flat=True)) == ["housing", "work"]
