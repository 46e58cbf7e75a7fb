"""Logging in through the Dutch login form, and the menu a role gets."""

from django.urls import reverse

from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import TEST_PASSWORD


def test_volunteer_logs_in_with_the_form_and_sees_only_their_menu(browser, live_server, users):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.goto("/clienten/zoeken/")
    assert "/account/inloggen/" in page.url
    page.get_by_label("Gebruikersnaam").fill(users[Role.VOLUNTEER].username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}{reverse('people:search')}")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Contact loggen").is_visible()
    assert menu.get_by_role("link", name="Gebruikers").count() == 0
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/")
    context.close()
