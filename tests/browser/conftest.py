"""Playwright against Debian's Chromium (never a downloaded browser) and Django's live server.

``as_user(user, viewport=...)`` gives a page already logged in as ``user`` (the session
cookie is made by Django's test client, so browser tests do not depend on the login
form); every page's screenshot is kept in ``test-artifacts/`` when its test ends.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
# How long a step may wait (a page, a PDF, an element): generous, because the machine's two
# cores are shared; a passing step never waits for it.
STEP_TIMEOUT_MS = 30_000

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def as_user(browser, live_server, request):
    contexts = []

    def open_page(user, *, viewport=LAPTOP):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="nl-NL")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    for number, context in enumerate(contexts):
        for page_number, page in enumerate(context.pages):
            page.screenshot(path=ARTIFACTS / f"{name}-{number}-{page_number}.png", full_page=True)
        context.close()
