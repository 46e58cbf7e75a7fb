"""The yearly report in Chromium: the figures on screen are the engine's, for the team
leader (with the story editor and the chart loaded after the page) and the municipality."""

import datetime

import pytest

from koers.core.scoping import Role
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports.models import PublishedReport
from tests.browser.conftest import ARTIFACTS, LAPTOP, PHONE
from tests.factories import ContactFactory, PersonFactory, PlacementFactory, QuotaPeriodFactory


@pytest.fixture
def housed(branch):
    QuotaPeriodFactory(location=branch, quota=12, backlog_in=3)
    for number in range(9):
        person = PersonFactory(
            location=branch, birth_date=datetime.date(2010 if number < 3 else 1980, 1, 1)
        )
        PlacementFactory(person=person, housed_on=datetime.date(2017, 2, 1 + number))
    ContactFactory(location=branch, topic_codes=["housing"])
    return branch


def figures_on_screen(page) -> dict[str, str]:
    """The figures of the page once its first row is there (a click returns before the
    page it leads to has loaded)."""
    rows = page.locator("tr[data-key]")
    rows.first.wait_for()
    return {
        rows.nth(i).get_attribute("data-key"): rows.nth(i).locator("td.value").inner_text()
        for i in range(rows.count())
    }


def test_team_leader_sees_the_engines_figures_and_the_monthly_chart(as_user, users, housed):
    # Before the page opens: on SQLite the live server shares the test's connection, and
    # the page loads its chart in the background.
    engine = compute(locations=[housed], period=Period.year(2017))
    page = as_user(users[Role.TEAM_LEADER], viewport=LAPTOP)
    page.goto(f"/rapportages/{housed.uid}/2017/")
    assert page.locator("h1").inner_text() == "Rijnmond: 2017 in cijfers"
    shown = figures_on_screen(page)
    assert shown["housing.persons_housed"] == str(engine["housing.persons_housed"]) == "9"
    assert shown["housing.children"] == str(engine["housing.children"])
    assert shown["housing.backlog_end"] == str(engine["housing.backlog_end"])
    page.locator("#chart-housed").wait_for(timeout=60_000)
    assert page.locator("#chart-housed svg title").text_content().startswith("Gehuisvest per maand")
    page.fill("#text-housing", "Een jaar met veel nieuwe inwoners.")
    page.click("#tekst-housing button[type=submit]")
    page.locator("#tekst-housing .saved").wait_for()


def test_municipality_viewer_sees_the_published_figures_and_small_counts_hidden(
    as_user, users, housed
):
    figures = compute(locations=[housed], period=Period.year(2017))
    month = compute(locations=[housed], period=Period.month(2017, 2))
    PublishedReport.objects.create(
        location=housed,
        year=2017,
        published_on=datetime.date(2018, 2, 1),
        figures=figures,
        previous_figures=compute(locations=[housed], period=Period.year(2016)),
        definitions_version="1",
    )
    page = as_user(users[Role.MUNICIPALITY_VIEWER], viewport=PHONE)
    page.goto("/rapportages/gemeente/")
    page.get_by_role("link", name="Rijnmond: 2017 in cijfers").click()
    shown = figures_on_screen(page)
    assert shown["housing.persons_housed"] == str(figures["housing.persons_housed"])
    assert shown["housing.adults"] == str(figures["housing.adults"])

    page.get_by_role("link", name="Alle cijfers van Rijnmond").click()
    page.get_by_role("link", name="Cijfers per periode").click()
    page.select_option("#periode", "M02")
    page.fill("#jaar", "2017")
    page.get_by_role("button", name="Tonen").click()
    page.locator("#period-figures h2", has_text="februari 2017").wait_for()
    shown = figures_on_screen(page)
    assert shown["housing.persons_housed"] == str(month["housing.persons_housed"])
    assert month["housing.children"] == 3
    assert shown["housing.adults"] == "\u00d7"  # else 9 - 6 gives the 3 children back
    assert shown["housing.children"] == "<5"


PHONE_SMALL = {"width": 360, "height": 740}


@pytest.mark.parametrize("viewport", [PHONE_SMALL, LAPTOP], ids=["360x740", "1280"])
def test_publishing_goes_through_the_municipalitys_view_and_a_confirmation(
    as_user, users, housed, viewport
):
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
    page.goto(f"/rapportages/{housed.uid}/2017/")
    assert page.locator(".watermark").count() == 1  # a draft says "Concept"
    assert page.locator(".cover-status").inner_text().startswith("Concept")
    page.get_by_role("link", name="Publiceren…").click()

    page.get_by_text("Voorbeeld: wat de gemeente ziet").wait_for()
    assert page.locator("h1").first.inner_text() == "Rijnmond: 2017 in cijfers publiceren?"
    assert "kan niet ongedaan worden gemaakt" in page.locator(".publish-confirm").first.inner_text()
    assert figures_on_screen(page)["housing.persons_housed"] == "9"
    assert page.locator(".narrative-editor").count() == 0  # what the municipality sees
    assert PublishedReport.objects.count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"publish-preview-{viewport['width']}.png"))

    page.get_by_role("link", name="Terug").first.click()  # back without publishing
    page.get_by_role("link", name="Publiceren…").wait_for()
    assert PublishedReport.objects.count() == 0
    page.get_by_role("link", name="Publiceren…").click()
    page.get_by_role("button", name="Publiceren").first.click()

    page.locator(".cover-status", has_text="Gepubliceerd op").wait_for()
    edition = PublishedReport.objects.get()
    day = edition.published_on
    status = page.locator(".cover-status").inner_text()
    assert f"{day.year}" in status and "editie 1" in status
    assert page.locator(".watermark").count() == 0
    assert figures_on_screen(page)["housing.persons_housed"] == "9"
