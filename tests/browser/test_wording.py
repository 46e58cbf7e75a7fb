"""In the browser at 360x740 and 1280 wide (#15): the household form with errors (each under
its field, a summary at the top linking to the field) and the team leader's start page (the
deadlines with year, how late, links). Screenshots in test-artifacts/wording-*.png."""

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from koers.core.scoping import Role
from tests.browser.conftest import ARTIFACTS, LAPTOP
from tests.deadlines.conftest import housed_client
from tests.factories import DossierFactory, DossierStepFactory

NARROW = {"width": 360, "height": 740}
DAY = datetime.timedelta(days=1)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"wording-{name}.png", full_page=True)


def test_household_form_errors_sit_by_their_field_and_the_summary_links_to_them(
    as_user, users, branch, today
):
    for size, viewport in (("360", NARROW), ("1280", LAPTOP)):
        page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
        page.goto(reverse("people:household_create"))
        expect(page.get_by_text("verplicht", exact=False).first).to_be_visible()
        first = page.get_by_role("group", name="Gezinslid 1")
        first.get_by_label("Voornaam").fill("Leyla")
        first.get_by_label("Geboortedatum").fill("1984-02-01")
        second = page.get_by_role("group", name="Gezinslid 2")
        second.get_by_label("Voornaam").fill("Dawit")
        second.get_by_label("Geboortedatum").fill((today + 10 * DAY).isoformat())
        page.get_by_role("button", name="Huishouden registreren").click()
        summary = page.locator(".error-summary")
        summary.wait_for()
        text = summary.inner_text()
        assert "Gezinslid 1, Achternaam" in text
        assert "Gezinslid 2, Geboortedatum" in text and "ligt na vandaag" in text
        assert "ten minste één gezinslid" not in page.content()
        field = page.locator(".field.has-error", has=page.locator("#id_leden-1-birth_date"))
        assert "ligt na vandaag" in field.inner_text()  # the error in that field's own cell
        assert "Achternaam" not in field.inner_text()
        shot(page, f"household-errors-{size}")
        summary.get_by_role("link", name="Gezinslid 2, Geboortedatum").click()
        page.wait_for_function("location.hash === '#id_leden-1-birth_date'")
        expect(page.locator("#id_leden-1-birth_date")).to_be_visible()
        shot(page, f"household-errors-linked-{size}")


def test_team_leaders_start_page_shows_deadlines_with_year_lateness_and_links(
    as_user, users, branch, today
):
    amina = housed_client(branch, housed_on=today, given_name="Amina", family_name="Haddad")
    dossier = DossierFactory(person=amina, opened_on=today - 30 * DAY)
    DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - 3 * DAY)
    for size, viewport in (("360", NARROW), ("1280", LAPTOP)):
        page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
        page.goto(reverse("home"))
        section = page.get_by_role("region", name="Mijn termijnen")
        section.wait_for()
        text = section.inner_text()
        assert str((today - 3 * DAY).year) in text
        assert "3 dagen te laat" in text
        shot(page, f"start-page-{size}")
        section.get_by_role("link", name="Amina Haddad").first.click()
        page.get_by_role("heading", name="Amina Haddad").wait_for()
