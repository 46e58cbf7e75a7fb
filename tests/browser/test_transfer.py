"""Issue 14, item 5 in the browser: a household offered by one branch's team leader,
accepted by the other's; the old branch's team leader then gets 404 on the file, and the
figures of both branches for the years before the move (their yearly report pages and every
figure of the engine) are unchanged."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from koers.core.formatting import date_text
from koers.core.scoping import Role
from koers.indicators.engine import compute_series
from koers.indicators.periods import Period
from tests.browser.conftest import PHONE
from tests.factories import (
    ContactFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    TrajectoryFactory,
)

PAST = 2  # the two calendar years before this one


def figures(locations, years):
    return [
        dict(v)
        for v in compute_series(locations=locations, periods=[Period.year(y) for y in years])
    ]


def report_numbers(page, location, year) -> str:
    """The figures table of the branch's yearly report page, as the team leader reads it."""
    page.goto(f"/rapportages/{location.uid}/{year}/")
    return re.sub(r"\s+", " ", page.locator("main table").first.inner_text())


def test_a_household_moves_and_the_past_figures_of_both_branches_stay(
    as_user, users, branch, other_branch
):
    today = timezone.localdate()
    years = [today.year - back for back in range(PAST, 0, -1)]
    household = HouseholdFactory(location=branch)
    amina = PersonFactory(
        location=branch, household=household, given_name="Amina", family_name="Tekle"
    )
    PersonFactory(location=branch, household=household, given_name="Yonas", family_name="Tekle")
    trajectory = TrajectoryFactory(
        person=amina,
        coach=users[Role.VOLUNTEER].staff_member,
        started_on=datetime.date(years[0], 3, 2),
    )
    ContactFactory(
        person=amina, location=branch, trajectory=trajectory, date=datetime.date(years[0], 4, 7)
    )
    MatchFactory(person=amina, requested_on=datetime.date(years[1], 2, 3))
    old_leader, new_leader = users[Role.TEAM_LEADER], users["other_team_leader"]
    before = {
        "old": figures([branch], years),
        "new": figures([other_branch], years),
    }

    old = as_user(old_leader)
    old_report = {year: report_numbers(old, branch, year) for year in years}
    file_url = f"/clienten/{amina.uid}/"
    old.goto(file_url)
    old.get_by_role("link", name="Overdragen aan een andere afdeling").click()
    old.get_by_label("Naar afdeling").select_option(label="Afdeling Waalstad")
    old.get_by_label("Toestemming van de cliënt op").fill(today.isoformat())
    old.get_by_label("Toestemming gegeven").select_option(label="schriftelijk (ondertekend)")
    old.get_by_label("Toelichting voor de nieuwe afdeling").fill(
        "Verhuist naar Waalstad per 1 januari"
    )
    old.get_by_role("button", name="Opslaan").click()
    old.wait_for_url("**/overdrachten/*/")
    expect(old.get_by_text("aangeboden op").first).to_be_visible()

    new = as_user(new_leader, viewport=PHONE)
    new.goto("/")
    waiting = new.get_by_role("region", name="Overdrachten om te beoordelen")
    waiting.get_by_role("link", name="Amina Tekle, Yonas Tekle").click()
    expect(new.get_by_text("Verhuist naar Waalstad per 1 januari")).to_be_visible()
    new.get_by_label("Accepteren").check()
    new.get_by_role("button", name="Opslaan").click()
    new.wait_for_url(f"**{file_url}")
    moved_on = date_text(today)  # the day of the move, as the file shows it
    history = new.get_by_text(
        re.compile("Overgedragen van Afdeling Rijnmond aan Afdeling Waalstad op")
    )
    expect(history).to_be_visible()
    assert moved_on in history.inner_text()

    assert old.goto(file_url).status == 404
    old.goto("/overdrachten/")
    expect(old.get_by_text("huishouden van 2 personen")).to_be_visible()
    assert "Amina" not in old.content()

    assert {year: report_numbers(old, branch, year) for year in years} == old_report
    assert figures([branch], years) == before["old"]
    assert figures([other_branch], years) == before["new"]
