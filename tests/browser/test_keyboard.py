"""Keyboard only, on a phone (360x740): logging a contact and registering a household with
Tab, Enter, Space, the arrow keys in a radio group and typing, nothing else (no clicks, no
filling by selector)."""

import datetime

from playwright.sync_api import expect

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


def arrow_to(page, name: str, *, limit: int = 12) -> None:
    """In a group of radio buttons (one Tab stop), the arrow keys choose: as a browser does."""
    for _ in range(limit):
        if page.evaluate(FOCUSED)["name"].startswith(name):
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"the arrow keys never reached {name!r}")


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
    tab_to(page, "maatschappelijk spreekuur")  # the kinds: one radio group
    arrow_to(page, "huisbezoek")
    tab_to(page, "wonen")
    page.keyboard.press("Space")
    tab_to(page, "Notitie")
    page.keyboard.type("Sleutel van de nieuwe woning opgehaald.")
    tab_to(page, "Contact opslaan")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clienten/{person.uid}/")
    expect(page.get_by_role("status").get_by_text("Het contact is opgeslagen.")).to_be_visible()
    contact = Contact.objects.get()
    assert (contact.kind, contact.person, contact.date) == ("home_visit", person, today)
    assert list(contact.topics.values_list("topic", flat=True)) == ["housing"]
    assert contact.note == "Sleutel van de nieuwe woning opgehaald."


def date_keys(page, day: datetime.date) -> str:
    """The digits to type into a date field for ``day``, in the order of its parts (the
    browser's own locale decides it: dd-mm-jjjj for a Dutch one, mm/dd/yyyy otherwise).
    Probed once in a blank page of the same browser: the flow itself stays keyboard only."""
    probe = page.context.new_page()
    try:
        probe.set_content('<input type="date" id="d">')
        probe.focus("#d")
        probe.keyboard.type("01022003")
        day_first = probe.input_value("#d") == "2003-02-01"
    finally:
        probe.close()
    return day.strftime("%d%m%Y" if day_first else "%m%d%Y")


def type_member(page, group: str, given: str, born: datetime.date, sex: str) -> None:
    tab_to(page, "Voornaam", group=group)
    page.keyboard.type(given)
    tab_to(page, "Achternaam", group=group)
    page.keyboard.type("Haile")
    tab_to(page, "Geboortedatum", group=group)
    page.keyboard.type(date_keys(page, born))
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
    type_member(page, "Gezinslid 1", "Senait", datetime.date(1986, 3, 2), "vrouw")
    type_member(page, "Gezinslid 2", "Robel", datetime.date(2012, 7, 14), "man")
    tab_to(page, "Postcode nieuwe woning")
    page.keyboard.type("3013 EF")
    tab_to(page, "Huisnummer")
    page.keyboard.type("21")
    tab_to(page, "Gehuisvest op")
    page.keyboard.type(date_keys(page, datetime.date(2017, 6, 1)))
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
