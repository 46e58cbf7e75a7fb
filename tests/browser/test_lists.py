"""A team leader sorts and filters the client list and downloads what is shown, on a
phone (360x740) and at desktop width: the headers sort both ways (aria-sort follows), the
filter keeps the order, a typed name never enters the address, the export is the list."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest

from koers.core.scoping import Role
from tests.browser.conftest import ARTIFACTS
from tests.factories import PersonFactory

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_sort_filter_and_export_the_client_list(as_user, users, branch, viewport):
    for given, family, born, route in [
        ("Leyla", "Bakri", datetime.date(2001, 2, 2), "family_reunification"),
        ("Omar", "Bakri", datetime.date(1985, 6, 1), "family_reunification"),
        ("Zara", "Amin", datetime.date(1990, 1, 5), "regular"),
        ("Dawit", "Tekle", datetime.date(1979, 9, 9), "resettlement"),
    ]:
        PersonFactory(
            location=branch,
            given_name=given,
            family_name=family,
            birth_date=born,
            arrival_route=route,
        )
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
    page.goto("/")
    if viewport is SMALL_PHONE and page.get_by_role("button", name=re.compile("Menu")).count():
        page.get_by_role("button", name=re.compile("Menu")).first.click()
    page.get_by_role("link", name="Cliënten", exact=True).first.click()
    page.wait_for_url("**/clienten/")
    rows = page.locator("table.list tbody tr")
    assert rows.first.inner_text().split()[:2] == ["Amin,", "Zara"]  # by name

    head = page.locator("table.list thead")

    def sort_by_birth_date(descending: bool) -> None:
        if viewport is SMALL_PHONE:  # the header row is out of sight: the sort choice
            way = "aflopend" if descending else "oplopend"
            page.locator("select[name=volgorde]").select_option(label=f"Geboortedatum, {way}")
            page.get_by_role("button", name="Sorteren", exact=True).click()
        else:
            head.get_by_role("link", name="geboortedatum").click()

    sort_by_birth_date(descending=False)
    page.wait_for_url(re.compile(r"sorteer=geboren|volgorde=geboren"))
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert rows.first.inner_text().split()[:2] == ["Tekle,", "Dawit"]  # the oldest
    sort_by_birth_date(descending=True)
    page.wait_for_url(re.compile(r"richting=af|volgorde=geboren%3Aaf"))
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert rows.first.inner_text().split()[:2] == ["Bakri,", "Leyla"]  # the youngest

    page.locator("#id_arrival_route").select_option("family_reunification")
    page.locator("#id_q").fill("Bakri")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url(re.compile(r"s=[\w-]+"))
    assert "Bakri" not in page.url
    assert "sorteer=geboren" in page.url and "richting=af" in page.url  # the order kept
    assert rows.count() == 2
    assert [" ".join(rows.nth(i).inner_text().split()[:2]) for i in range(2)] == [
        "Bakri, Leyla",
        "Bakri, Omar",
    ]
    page.screenshot(path=ARTIFACTS / f"lists-clients-{viewport['width']}.png", full_page=True)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="XLSX").click()
    download = downloading.value
    assert re.fullmatch(r"clienten-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["Leyla Bakri", "Omar Bakri"]
