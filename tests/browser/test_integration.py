"""From linking to housing to PIP: a team leader records a linked household, houses it
without typing anyone again, and records the civic-integration plan and its PIP, whose
route and term end the client file then shows; on a phone (360 px) and on a laptop.
Screenshots land in ``test-artifacts/``."""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from koers.core.formatting import date_text
from koers.core.scoping import Role
from koers.integration.models import IntegrationPlan, Linking
from koers.people.models import Person, Placement
from tests.browser.conftest import ARTIFACTS, LAPTOP
from tests.factories import DwellingFactory, PersonFactory
from tests.integration.factories import LinkingFactory

SMALL_PHONE = {"width": 360, "height": 740}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"integration-{name}.png", full_page=True)


def fill_person(page, number: int, given: str, born: str, sex: str) -> None:
    person = page.get_by_role("group", name=f"Persoon {number}")
    person.get_by_label("Voornaam").fill(given)
    person.get_by_label("Achternaam").fill("Tesfamariam")
    person.get_by_label("Geboortedatum").fill(born)
    person.get_by_label("Geslacht").select_option(sex)
    person.get_by_label("Nationaliteit").select_option("ERI")


def shown(day: datetime.date) -> str:
    """A date as the client file writes it (Dutch, with its year)."""
    with translation.override("nl"):
        return date_text(day)


def three_years_after(day: datetime.date) -> datetime.date:
    """The 2021 law's term: 36 calendar months (29 February ends on 28 February)."""
    try:
        return day.replace(year=day.year + 3)
    except ValueError:
        return day.replace(year=day.year + 3, day=28)


@pytest.mark.parametrize("viewport", [SMALL_PHONE, LAPTOP], ids=["phone", "laptop"])
def test_from_linking_to_housing_to_pip(as_user, users, branch, today, viewport):
    size = "phone" if viewport is SMALL_PHONE else "laptop"
    LinkingFactory(
        person=PersonFactory(location=branch, given_name="Hawi", family_name="Abdi"),
        linked_on=today - datetime.timedelta(days=80),  # 11 weeks and 3 days: in red
    )
    DwellingFactory(location=branch, postcode="3131 AB", house_number="12", available_on=today)
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)

    page.goto("/inburgering/gekoppeld/")
    page.get_by_role("heading", name="Gekoppeld: van koppeling tot huisvesting").wait_for()
    expect(page.locator(".over-ten-weeks").get_by_text("Hawi Abdi")).to_be_visible()
    shot(page, f"{size}-1-pipeline")

    page.get_by_role("link", name="Koppeling vastleggen").first.click()
    fill_person(page, 1, "Senait", "1989-03-02", "F")
    page.get_by_role("button", name="Nog een gezinslid").click()
    fill_person(page, 2, "Robel", "2014-07-14", "M")
    page.get_by_label("Geplande woning").select_option(label="3131 AB 12")
    shot(page, f"{size}-2-linking-form")
    page.get_by_role("button", name="Koppeling opslaan").click()
    page.get_by_text("2 gekoppelde personen vastgelegd.").wait_for()
    assert Linking.objects.filter(person__family_name="Tesfamariam").count() == 2
    shot(page, f"{size}-3-pipeline-after")

    page.get_by_role("link", name="Senait Tesfamariam").click()
    page.get_by_role("link", name="Huishouden huisvesten").click()
    page.get_by_label("Gehuisvest op").fill(today.isoformat())
    shot(page, f"{size}-4-house-form")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Gehuisvest: de koppeling is afgesloten.").wait_for()
    people = Person.objects.filter(family_name="Tesfamariam")
    assert people.count() == 2  # housed as linked: nobody typed in again
    assert set(Placement.objects.filter(person__in=people).values_list("housed_on", flat=True)) == {
        today
    }
    linking = page.locator("#inburgering")
    expect(linking.get_by_text(f"gehuisvest op {shown(today)}")).to_be_visible()

    page.get_by_role("link", name="Inburgeringsplicht (Wi2021) vastleggen").click()
    page.get_by_label("inburgeringsplichtig sinds").fill("2021-12-31")
    page.get_by_role("button", name="Opslaan").click()
    page.locator("#id_obligation_on_error").get_by_text("dan geldt de wet van 2013").wait_for()
    shot(page, f"{size}-5-plan-refused")
    page.get_by_label("inburgeringsplichtig sinds").fill(
        (today - datetime.timedelta(days=20)).isoformat()
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het inburgeringsplan is vastgelegd.").wait_for()
    page.get_by_role("link", name="PIP vastgesteld").first.click()
    page.get_by_label("PIP vastgesteld op").fill(today.isoformat())
    page.get_by_label("onderwijsroute").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het PIP is opgeslagen.").wait_for()
    plan = IntegrationPlan.objects.get(person__given_name="Senait")
    assert (plan.pip_on, plan.route) == (today, "education")
    glance = page.locator(".plan-glance")
    assert glance.locator("div", has_text="Leerroute").locator("dd").inner_text() == (
        "onderwijsroute"
    )
    assert glance.locator("div", has_text="PIP").locator("dd").inner_text() == shown(today)
    term_end = glance.locator("div", has_text="Termijn tot").locator("dd").inner_text()
    assert term_end == shown(three_years_after(today))
    expect(page.get_by_text("Module arbeidsmarkt en participatie (MAP) afronden")).to_be_visible()
    shot(page, f"{size}-6-client-file")

    page.goto("/inburgering/gekoppeld/")
    assert page.locator("#pipeline").get_by_text("Tesfamariam").count() == 0  # no longer waiting
    shot(page, f"{size}-7-pipeline-after-housing")
