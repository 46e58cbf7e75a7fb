"""Keyboard only, on a phone (360x740): logging a contact and registering a household with
Tab, Enter, Space and typing, nothing else (no clicks, no filling by selector)."""

import datetime

from koers.contacts.models import Contact
from koers.core.scoping import Role
from koers.people.models import Person, Placement
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory, TrajectoryFactory

# What the focused element is called: its label, its own text, or its aria-label; and the
# legend of the fieldset around it (a household member's group).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", group: ""};
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (label || el.getAttribute("aria-label") || el.textContent || "").trim();
  const fieldset = el.closest("fieldset");
  const legend = fieldset && fieldset.querySelector("legend");
  return {name: name.replace(/\\s+/g, " "), group: legend ? legend.textContent.trim() : ""};
}"""


def tab_to(page, name: str, *, group: str = "", limit: int = 120) -> None:
    """Press Tab until the focus is on the element called ``name`` (in ``group``)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["name"][:30])
        if focused["name"].startswith(name) and (not group or focused["group"] == group):
            return
    raise AssertionError(f"Tab never reached {name!r} {group!r}; passed {seen}")


def test_volunteer_logs_a_contact_with_the_keyboard_only(as_user, users, branch, today):
    volunteer = users[Role.VOLUNTEER]
    person = PersonFactory(location=branch, given_name="Rahel", family_name="Tekle")
    TrajectoryFactory(person=person, coach=volunteer.staff_member)
    page = as_user(volunteer, viewport=PHONE)
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: past the header
    tab_to(page, "Contact loggen")  # in "Mijn cliënten", beside Rahel Tekle
    page.keyboard.press("Enter")
    page.wait_for_url("**/contacten/nieuw/?persoon=*")
    tab_to(page, "huisbezoek")
    page.keyboard.press("Space")
    tab_to(page, "wonen")
    page.keyboard.press("Space")
    tab_to(page, "Notitie")
    page.keyboard.type("Sleutel van de nieuwe woning opgehaald.")
    tab_to(page, "Contact opslaan")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clienten/{person.uid}/")
    assert page.get_by_role("status").get_by_text("Het contact is opgeslagen.").is_visible()
    contact = Contact.objects.get()
    assert (contact.kind, contact.person, contact.date) == ("home_visit", person, today)
    assert list(contact.topics.values_list("topic", flat=True)) == ["housing"]
    assert contact.note == "Sleutel van de nieuwe woning opgehaald."


def type_member(page, group: str, given: str, born: str, sex: str) -> None:
    tab_to(page, "Voornaam", group=group)
    page.keyboard.type(given)
    tab_to(page, "Achternaam", group=group)
    page.keyboard.type("Haile")
    tab_to(page, "Geboortedatum", group=group)
    page.keyboard.type(born)  # a date field takes the digits day, month, year
    tab_to(page, "Geslacht", group=group)
    page.keyboard.type(sex)  # a focused list jumps to the option typed
    tab_to(page, "Nationaliteit", group=group)
    page.keyboard.type("Eritr")
    tab_to(page, "Komst via", group=group)
    page.keyboard.type("nareiziger")


def test_team_leader_registers_a_household_with_the_keyboard_only(as_user, users):
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    page.goto("/")
    tab_to(page, "Menu")
    page.keyboard.press("Enter")
    tab_to(page, "Nieuw huishouden")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nieuw/")
    type_member(page, "Gezinslid 1", "Senait", "02031986", "vrouw")
    type_member(page, "Gezinslid 2", "Robel", "14072012", "man")
    tab_to(page, "Postcode nieuwe woning")
    page.keyboard.type("3013 EF")
    tab_to(page, "Huisnummer")
    page.keyboard.type("21")
    tab_to(page, "Gehuisvest op")
    page.keyboard.type("01062017")
    tab_to(page, "Huishouden registreren")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Senait Haile").wait_for()
    people = Person.objects.filter(family_name="Haile").order_by("birth_date")
    assert [(p.given_name, p.birth_date, p.sex, p.nationality) for p in people] == [
        ("Senait", datetime.date(1986, 3, 2), "F", "ERI"),
        ("Robel", datetime.date(2012, 7, 14), "M", "ERI"),
    ]
    assert {p.arrival_route for p in people} == {"family_reunification"}
    assert len({p.household_id for p in people}) == 1
    placements = Placement.objects.filter(person__in=people)
    assert {p.housed_on for p in placements} == {datetime.date(2017, 6, 1)}
