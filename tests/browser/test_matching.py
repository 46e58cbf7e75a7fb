"""The matching flow in the browser: waiting list, suggestion, start, evaluation, stop, rematch."""

from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.matching.models import Match
from tests.factories import MatchFactory, PersonFactory
from tests.matching.factories import language_coach


def test_waiting_list_to_start_evaluate_stop_and_rematch(as_user, users, branch):
    person = PersonFactory(location=branch, given_name="Samir", family_name="Yousef")
    MatchFactory(person=person)
    first = language_coach(branch, "Dekker", given_name="Ilse")
    language_coach(branch, "Mol", given_name="Ruud")
    page = as_user(users[Role.TEAM_LEADER])
    page.goto("/koppelingen/wachtlijst/")
    page.get_by_role("link", name="Samir Yousef").click()
    page.locator("tr", has_text="Ilse Dekker").get_by_role("link", name="Koppelen").click()
    page.fill("input[name=started_on]", "2017-02-01")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De koppeling is gestart.").wait_for()

    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.select_option("select[name=moment]", "3m")
    page.fill("input[name=held_on]", "2017-05-01")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De evaluatie is opgeslagen.").wait_for()

    page.get_by_role("link", name="Beëindigen").click()
    page.fill("input[name=ended_on]", "2017-06-01")
    page.select_option("select[name=outcome]", "stopped")
    page.select_option("select[name=end_reason]", "no_click")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De koppeling is beëindigd.").wait_for()

    page.get_by_role("link", name="Opnieuw koppelen").click()
    page.fill("input[name=requested_on]", "2017-06-02")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("opnieuw op de wachtlijst").wait_for()
    suggestions = page.locator("table.suggestions")
    expect(suggestions.get_by_text("Ruud Mol")).to_be_visible()
    assert suggestions.get_by_text("Ilse Dekker").count() == 0

    stopped, again = Match.objects.filter(person=person).order_by("pk")
    assert (stopped.staff, stopped.outcome, again.previous) == (first, "stopped", stopped)
    assert stopped.evaluations.get().moment == "3m"
