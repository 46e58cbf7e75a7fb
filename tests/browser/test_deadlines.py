"""The deadline worklist in the browser, as a list of core.listing: a team leader and a
volunteer sort it, page it, filter it, export what is shown and close an overdue item from
its row (htmx, no page load), at desktop width and on a phone (360x740, the table stacked
with its labels); a legal volunteer marks a step done. axe checks every state (conftest)."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from koers.core import editing
from koers.core.scoping import Role
from koers.matching.models import MatchEvaluation
from tests.browser.conftest import ARTIFACTS, PHONE, main_menu
from tests.browser.test_more_lists import SMALL_PHONE, sort_twice
from tests.deadlines.conftest import coached_client, housed_client
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)

DAY = datetime.timedelta(days=1)
DESKTOP = {"width": 1280, "height": 900}
A_DAY_WITH_ITS_YEAR = re.compile(r"\b\d{1,2} \w+\.? 20\d\d\b")
BY_CLIENT_DESCENDING = re.compile(r"sorteer=client&richting=af|volgorde=client%3Aaf")
CODES = re.compile(r"\b(match_evaluation|dossier_step|pvt_signature|settling_in|overdue)\w*")


@pytest.fixture
def work(users, branch, today):
    """The volunteer coaches Amina Haddad (her match's 3-month evaluation 2 days overdue, the
    only overdue item; her other terms later) and Omar Bakri (his settling in ends in 12 or
    13 days); Bram Visser coaches Dawit Warsame (a step due in 2 days: the team leader's, not
    the volunteer's). So the worklist (overdue or within 30 days) is 3 rows for the team
    leader, 2 for the volunteer."""
    volunteer = users[Role.VOLUNTEER].staff_member
    _amina, match = coached_client(branch, volunteer, today=today, evaluation_due=today - 2 * DAY)
    omar = housed_client(branch, housed_on=today - 20 * DAY, given_name="Omar", family_name="Bakri")
    TrajectoryFactory(person=omar, coach=volunteer, started_on=today - 170 * DAY)
    bram = StaffMemberFactory(location=branch, given_name="Bram", family_name="Visser")
    dawit = PersonFactory(location=branch, given_name="Dawit", family_name="Warsame")
    TrajectoryFactory(person=dawit, coach=bram, started_on=today - 10 * DAY)
    dossier = DossierFactory(person=dawit, kind="naturalisation", opened_on=today - 5 * DAY)
    DossierStepFactory(dossier=dossier, step="dna_test", due_on=today + 2 * DAY)
    return {"match": match}


def shot(page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"worklist-{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    ("role", "first_client", "second_client"),
    [
        (Role.TEAM_LEADER, "Dawit Warsame", "Amina Haddad"),
        (Role.VOLUNTEER, "Amina Haddad", "Omar Bakri"),
    ],
    ids=["team_leader", "volunteer"],
)
def test_sort_page_filter_export_and_close_from_the_worklist(
    as_user, users, work, today, role, first_client, second_client, viewport, monkeypatch
):
    monkeypatch.setattr(editing, "PAGE_SIZE", 1)  # the live server runs in this process
    name = f"{role}-{viewport['width']}"
    page = as_user(users[role], viewport=viewport)
    page.goto("/")
    main_menu(page).get_by_role("link", name="Termijnen", exact=True).click()
    page.wait_for_url("**/termijnen/")
    table = page.locator("table.deadline-list")
    rows = table.locator("tbody tr")
    # by due date, the overdue item first: its day with the year and how late, in Dutch
    first = rows.first
    expect(first).to_contain_text("Amina Haddad")
    expect(first).to_contain_text("Evaluatie koppeling na 3 maanden")
    expect(first).to_contain_text("2 dagen te laat")
    expect(first).to_contain_text(A_DAY_WITH_ITS_YEAR)
    expect(table.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    text = page.locator("main").inner_text()
    assert not CODES.search(text), CODES.search(text)
    shot(page, f"{name}-1-list")

    # sorted by client, the other way round (the header on a desktop, the choice on a phone)
    sort_twice(page, viewport, "cliënt", "Cliënt")
    expect(rows.first).to_contain_text(first_client)
    assert BY_CLIENT_DESCENDING.search(page.url), page.url

    # the next page keeps the order
    pager = page.get_by_role("navigation", name="Pagina")
    pager.get_by_role("link", name="volgende").click()
    expect(pager).to_contain_text("pagina 2 van")
    assert BY_CLIENT_DESCENDING.search(page.url), page.url
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(second_client)
    shot(page, f"{name}-2-page-two")

    # only what is overdue: the filter's code in the address, the order kept
    filters = page.get_by_role("search")
    filters.get_by_label("status").select_option(label="te laat")
    filters.get_by_role("button", name="Filteren").click()
    page.wait_for_url(re.compile(r"status=te-laat"))
    expect(page.locator(".list-count")).to_have_text("1 gevonden")
    expect(rows).to_have_count(1)

    # the export is exactly that row
    with page.expect_download() as downloading:
        page.get_by_role("link", name="XLSX").click()
    download = downloading.value
    assert re.fullmatch(r"termijnen-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    table_rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table_rows[0][:3] == ["vervaldatum", "cliënt", "wat"]
    assert [row[1:3] for row in table_rows[1:]] == [
        ["Amina Haddad", "Evaluatie koppeling na 3 maanden"]
    ]

    # closed from its row: the cell says so, without a page load; gone after a reload
    row = rows.first
    row.get_by_text("Afsluiten", exact=True).click()
    row.get_by_label("Gehouden op").fill(today.isoformat())
    shot(page, f"{name}-3-closing")
    url = page.url
    row.get_by_role("button", name="Evaluatie").click()
    expect(row.get_by_role("status")).to_have_text("Afgesloten")
    assert page.url == url
    assert MatchEvaluation.objects.get(match=work["match"]).held_on == today
    shot(page, f"{name}-4-closed")
    page.reload()
    expect(page.locator(".list-count")).to_have_text("0 gevonden")
    expect(rows.first).to_contain_text("Geen open termijnen gevonden.")


def test_legal_volunteer_closes_an_overdue_step_in_the_worklist(as_user, users, branch, today):
    client = PersonFactory(location=branch, given_name="Dawit", family_name="Warsame")
    dossier = DossierFactory(person=client, kind="naturalisation", opened_on=today - 20 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - DAY)
    DossierStepFactory(dossier=dossier, step="embassy_visit", due_on=today + 5 * DAY)

    page = as_user(users[Role.LEGAL], viewport=PHONE)
    page.goto("/termijnen/")
    rows = page.locator("table.deadline-list tbody tr")
    expect(rows).to_have_count(2)
    row = rows.first
    expect(row).to_contain_text("DNA-onderzoek")
    expect(row).to_contain_text("1 dag te laat")
    expect(rows.last).to_contain_text("bezoek ambassade")

    # by keyboard: the form is fetched on opening and the focus stays on "Afsluiten"
    row.get_by_text("Afsluiten", exact=True).focus()
    page.keyboard.press("Enter")
    expect(row.get_by_label("Gedaan op")).to_be_visible()
    expect(row.locator("summary")).to_be_focused()
    row.get_by_label("Gedaan op").fill(today.isoformat())
    row.get_by_role("button", name="Stap gedaan").click()
    expect(row.get_by_role("status")).to_have_text("Afgesloten")
    assert page.url.endswith("/termijnen/")  # closed in place, no page load
    step.refresh_from_db()
    assert step.done_on == today

    page.reload()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("bezoek ambassade")


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_far_off_terms_read_in_months_and_years_and_print_without_the_exports(
    as_user, users, branch, today, work, viewport
):
    dawit = PersonFactory(location=branch, given_name="Selam", family_name="Tesfaye")
    dossier = DossierFactory(person=dawit, kind="naturalisation", opened_on=today - 5 * DAY)
    DossierStepFactory(dossier=dossier, step="embassy_visit", due_on=today + 152 * DAY)
    DossierStepFactory(dossier=dossier, step="dna_test", due_on=today + 1096 * DAY)
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
    page.goto("/termijnen/?status=alle")
    table = page.locator("table.deadline-list")
    expect(table).to_contain_text("over 5 maanden")
    expect(table).to_contain_text("over 3 jaar")
    assert not re.search(r"over \d{3,}|\d\.\d{3} dagen", table.inner_text())
    exports = page.locator(".list-exports")
    expect(exports).to_be_visible()
    name = "phone" if viewport == SMALL_PHONE else "desktop"
    shot(page, f"far-off-{name}")
    page.emulate_media(media="print")
    expect(exports).to_be_hidden()  # no bare "Exporteren:" on paper
    assert "Exporteren" not in page.locator("main").inner_text()
    assert "Afsluiten" not in page.locator("main").inner_text()  # nor a close form
    shot(page, f"far-off-{name}-print")
