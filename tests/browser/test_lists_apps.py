"""The Wi2021 pipeline and plans, the user list and cooperation's lists in a browser, on a
phone (360x740) and at desktop width: Dutch, dates with a year, the header sorts (with
aria-sort), the sort choice, and the export links that download what is shown."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from koers.core.scoping import Role
from tests.browser.conftest import ARTIFACTS
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import PersonFactory
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str, viewport: dict) -> None:
    page.screenshot(path=ARTIFACTS / f"lists-apps-{name}-{viewport['width']}.png", full_page=True)


def downloaded_rows(page, link_name: str) -> list[list]:
    with page.expect_download() as downloading:
        page.get_by_role("link", name=link_name, exact=True).click()
    body = Path(downloading.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_pipeline_plans_users_and_cooperation_lists(as_user, users, branch, today, viewport):
    LinkingFactory(
        person=PersonFactory(location=branch, given_name="Hawi", family_name="Abdi"),
        linked_on=today - datetime.timedelta(days=80),
    )
    LinkingFactory(
        person=PersonFactory(location=branch, given_name="Omar", family_name="Bakri"),
        linked_on=today - datetime.timedelta(days=20),
    )
    IntegrationPlanFactory(
        person=PersonFactory(location=branch, given_name="Zara", family_name="Amin"),
        obligation_on=datetime.date(2023, 5, 1),
        pip_on=datetime.date(2023, 9, 1),
        route="b1",
    )
    library = PartnerFactory(location=branch, name="Bibliotheek Centrum", kind="education")
    ActivityFactory(
        location=branch,
        title="Voorlichting statushouders",
        kind="information_session",
        date=datetime.date(2017, 5, 3),
        people_reached=1200,
        partners=[library],
    )
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)

    page.goto("/inburgering/gekoppeld/")
    rows = page.locator("table.list tbody tr")
    expect(page.locator(".over-ten-weeks").get_by_text("Hawi Abdi")).to_be_visible()
    expect(rows.first).to_contain_text("Hawi Abdi")  # the longest waiting first
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    if viewport is SMALL_PHONE:
        page.locator("select[name=volgorde]").select_option(label="Persoon, aflopend")
        page.get_by_role("button", name="Sorteren", exact=True).click()
    else:
        page.locator("table.list thead").get_by_role("link", name="persoon").click()
        page.locator("table.list thead").get_by_role("link", name="persoon").click()
    page.wait_for_url(re.compile(r"richting=af|volgorde=persoon%3Aaf"))
    expect(rows.first).to_contain_text("Omar Bakri")
    shot(page, "pipeline", viewport)
    table = downloaded_rows(page, "XLSX")
    assert [row[0] for row in table[1:]] == ["Omar Bakri", "Hawi Abdi"]
    assert table[2][2] == 11  # weeks waiting: a number

    page.goto("/inburgering/plannen/")
    expect(page.get_by_role("cell", name="1 mei 2023")).to_be_visible()  # a year in the date
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    shot(page, "plans", viewport)

    page.goto("/account/gebruikers/?status=active&sorteer=gebruikersnaam")
    expect(page.get_by_role("heading", name="Gebruikers")).to_be_visible()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    shot(page, "users", viewport)

    page.goto("/samenwerking/?sort=title")  # the former sort address still leads there
    page.wait_for_url(re.compile(r"sorteer=titel"))
    expect(page.get_by_role("cell", name="3 mei 2017")).to_be_visible()
    expect(page.get_by_role("cell", name="1.200")).to_be_visible()
    shot(page, "activities", viewport)
    table = downloaded_rows(page, "XLSX")
    assert table[1][2] == "Voorlichting statushouders"

    page.goto("/samenwerking/partners/")
    expect(page.get_by_role("cell", name="3 mei 2017")).to_be_visible()
    shot(page, "partners", viewport)
