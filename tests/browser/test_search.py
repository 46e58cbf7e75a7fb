"""Search as you type: another spelling of the name finds the client without a submit; the
name never enters the address, yet reloading and the back button bring the results back."""

import re

from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.people.models import Person
from koers.people.search import refresh_name_keys
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.factories import PersonFactory


def test_results_appear_while_typing_another_spelling(as_user, users, branch, other_branch):
    PersonFactory(location=branch, given_name="Mohammed", family_name="Al-Khatib")
    PersonFactory(location=other_branch, given_name="Mohammed", family_name="Alkhatib")
    refresh_name_keys(Person.objects.all())
    page = as_user(users[Role.TEAM_LEADER])
    page.goto("/clienten/zoeken/")
    page.get_by_label("Naam, V-nummer of geboortedatum").press_sequentially("Muhamad Elkhatib")
    results = page.locator("#search-results")
    results.get_by_role("link", name="Mohammed Al-Khatib").wait_for()
    assert results.get_by_role("link").count() == 1
    page.wait_for_url(re.compile(r"/clienten/zoeken/\?s=[\w-]+$"))
    assert "Muhamad" not in page.url and "Elkhatib" not in page.url

    results.get_by_role("link", name="Mohammed Al-Khatib").click()
    page.wait_for_url(re.compile(r"/clienten/[0-9a-f-]{36}/$"))
    page.go_back()
    page.locator("#search-results").get_by_role("link", name="Mohammed Al-Khatib").wait_for()
    page.reload()
    assert page.locator("#search-results").get_by_role("link").count() == 1


def test_the_search_works_without_javascript_too(browser, live_server, users, branch):
    """The form posts, the page comes back at an address with only the search's id."""
    from django.conf import settings
    from django.test import Client

    PersonFactory(location=branch, given_name="Yohannes", family_name="Tesfay")
    refresh_name_keys(Person.objects.all())
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="nl-NL", java_script_enabled=False
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/clienten/zoeken/")
    page.get_by_label("Naam, V-nummer of geboortedatum").fill("Johannes Tesfai")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"/clienten/zoeken/\?s=[\w-]+$"))
    expect(page.get_by_role("link", name="Yohannes Tesfay")).to_be_visible()
    assert page.get_by_label("Naam, V-nummer of geboortedatum").input_value() == "Johannes Tesfai"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-without-javascript-phone.png", full_page=True)
    context.close()


def test_enter_while_the_live_search_runs_keeps_the_search(as_user, users, branch):
    """Enter sends the form twice at once (htmx's `search` event and the browser's submit):
    the page the browser lands on shows the results, never "Deze zoekopdracht is verlopen"."""
    PersonFactory(location=branch, given_name="Yohannes", family_name="Tesfay")
    refresh_name_keys(Person.objects.all())
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    for typed in ["Johannes Tesfai", "Yohannes"]:
        page.goto("/clienten/zoeken/")
        field = page.get_by_label("Naam, V-nummer of geboortedatum")
        field.fill(typed)
        field.press("Enter")
        page.wait_for_url(re.compile(r"/clienten/zoeken/\?s=[\w-]+$"))
        expect(
            page.locator("#search-results").get_by_role("link", name="Yohannes Tesfay")
        ).to_be_visible()
        expect(page.get_by_label("Naam, V-nummer of geboortedatum")).to_have_value(typed)
        expect(page.get_by_text("Deze zoekopdracht is verlopen")).to_have_count(0)
        page.reload()
        expect(
            page.locator("#search-results").get_by_role("link", name="Yohannes Tesfay")
        ).to_be_visible()
