"""The browser setup itself: a logged-in user reaches the start page in Chromium."""

from playwright.sync_api import expect

from koers.core.scoping import Role
from tests.browser.conftest import PHONE


def test_logged_in_user_sees_the_start_page_on_a_phone(as_user, users):
    page = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    page.goto("/")
    expect(page.locator("h1").first).to_be_visible()
    assert page.title().endswith("Koers")
