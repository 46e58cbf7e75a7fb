"""Recording an activity on a phone (360 x 740) and finding it in the yearly report's section
on cooperation; the same pages on a desktop. Screenshots in ``test-artifacts/``."""

from django.utils import timezone
from playwright.sync_api import expect

from koers.cooperation.models import Activity
from koers.core.formatting import long_date_text
from koers.core.scoping import Role
from tests.browser.conftest import ARTIFACTS, LAPTOP, main_menu
from tests.cooperation.factories import PartnerFactory
from tests.factories import StaffMemberFactory

SMALL_PHONE = {"width": 360, "height": 740}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"cooperation-{name}.png", full_page=True)


def test_team_leader_records_an_activity_on_a_phone_and_finds_it_in_the_report(
    as_user, users, branch
):
    church = PartnerFactory(location=branch, name="Kerkcentrum De Bron", kind="faith")
    PartnerFactory(location=branch, name="Wijkteam Rijnmond", kind="social_team")
    member = StaffMemberFactory(
        location=branch, kind="paid", given_name="Mirjam", family_name="Dekker"
    )
    today = timezone.localdate()
    page = as_user(users[Role.TEAM_LEADER], viewport=SMALL_PHONE)
    page.goto("/")
    main_menu(page).get_by_role("link", name="Samenwerking").click()
    page.get_by_role("link", name="Activiteit vastleggen").click()
    expect(page.get_by_text("Een activiteit noemt nooit een cliënt.")).to_be_visible()
    assert page.get_by_label("Datum").input_value() == today.isoformat()
    audience = page.get_by_label("Bereikt (aantal mensen)")
    expect(audience).to_be_hidden()  # only for an information session or public event
    page.get_by_text("voorlichting", exact=True).click()
    expect(audience).to_be_visible()
    page.get_by_label("Kerkcentrum De Bron").check()
    page.get_by_label("Mirjam Dekker").check()
    audience.fill("35")
    page.get_by_role("button", name="Activiteit opslaan").click()  # without a title
    title = page.get_by_label("Titel")
    expect(
        page.locator(".field.has-error").filter(has=title).get_by_text("Dit veld is verplicht.")
    ).to_be_visible()
    assert not Activity.objects.exists()
    shot(page, "form-error-360")
    title.fill("Voorlichting jongeren")
    page.get_by_role("button", name="Activiteit opslaan").click()
    page.wait_for_url("**/samenwerking/?afdeling=rijnmond")
    expect(page.get_by_role("status").get_by_text("De activiteit is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("link", name="Voorlichting jongeren")).to_be_visible()
    shot(page, "list-360")
    activity = Activity.objects.get()
    assert (activity.kind, activity.people_reached) == ("information_session", 35)
    assert list(activity.partners.all()) == [church] and list(activity.staff.all()) == [member]

    page.goto(f"/rapportages/{branch.uid}/{today.year}/")
    section = page.locator("#section-cooperation")
    assert section.get_by_role("heading").inner_text() == (
        "Voorlichting, belangenbehartiging en samenwerking"
    )
    expected = (
        f"Voorlichting jongeren (voorlichting, {long_date_text(today)}): 35 aanwezigen, "
        "met Kerkcentrum De Bron"
    )
    expect(section.get_by_text(expected)).to_be_visible()
    section.scroll_into_view_if_needed()
    shot(page, "report-360")

    desktop = as_user(users[Role.TEAM_LEADER], viewport=LAPTOP)
    desktop.goto(f"/samenwerking/activiteit/{activity.uid}/")
    shot(desktop, "form-desktop")
    desktop.goto("/samenwerking/?sort=title")
    shot(desktop, "list-desktop")
    desktop.goto(f"/rapportages/{branch.uid}/{today.year}/")
    expect(desktop.locator("#section-cooperation").get_by_text(expected)).to_be_visible()
    desktop.locator("#section-cooperation").screenshot(
        path=ARTIFACTS / "cooperation-report-desktop.png"
    )
