"""A coach's trajectory in the browser: start, plan, evaluate, close with a warm handover."""

from playwright.sync_api import expect

from koers.coaching.models import Referral, Trajectory
from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory


def test_start_evaluate_and_close_a_trajectory_with_a_referral(as_user, users, branch):
    person = PersonFactory(location=branch, given_name="Farah", family_name="Nouri")
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    page.goto(f"/begeleiding/clienten/{person.uid}/traject/")
    page.select_option("select[name=kind]", "integration")
    page.fill("input[name=started_on]", "2017-03-01")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het traject is gestart.").wait_for()

    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.fill("input[name=held_on]", "2017-06-01")
    page.fill("textarea[name=notes]", "Post lukt zelfstandig")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Post lukt zelfstandig").wait_for()

    page.get_by_role("link", name="Afsluiten met exitgesprek").click()
    page.fill("input[name=ended_on]", "2017-09-01")
    page.select_option("select[name=end_reason]", "completed")
    page.fill("input[name=exit_conversation_on]", "2017-09-01")
    page.select_option("select[name=partner]", "vraagwijzer")
    page.fill("input[name=referred_on]", "2017-09-01")
    page.fill("textarea[name=reason]", "Vragen na de begeleiding")
    page.check("input[name=warm_handover]")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het traject is afgesloten.").wait_for()

    expect(page.get_by_text("warme overdracht").first).to_be_visible()
    trajectory = Trajectory.objects.get(person=person)
    assert str(trajectory.ended_on) == "2017-09-01"
    assert Referral.objects.get(trajectory=trajectory).partner == "vraagwijzer"
