"""Playwright against Debian's Chromium (never a downloaded browser) and Django's live server.

``as_user(user, viewport=...)`` gives a page already logged in as ``user`` (the session
cookie is made by Django's test client, so browser tests do not depend on the login
form). When a test fails, a screenshot of each of its pages is kept in ``test-artifacts/``;
with ``KOERS_SCREENSHOTS=all`` every test's pages are kept, to walk the screens after a run
(docs/testing.md). A test's own named screenshots are kept either way.

Accessibility is checked on every page state a test visits: every browser context gets
axe-core (the npm package pinned in package.json, installed by ``npm ci`` in ``make
browsers``) and ``axe_watch.js``, which runs axe (WCAG 2.1 A and AA) when a page has loaded
and again after every change of its DOM (an htmx swap, an opened menu); the final state of
every page is checked once more when its context closes. A test with any violation fails at
its teardown, listing each rule, page and element. A context with JavaScript switched off
cannot run axe and is not checked.
"""

import os
import re
from pathlib import Path
from types import MethodType

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
# How long a step may wait (a page, a PDF, an element): generous, because the machine's two
# cores are shared; a passing step never waits for it.
STEP_TIMEOUT_MS = 30_000

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_WATCH = Path(__file__).with_name("axe_watch.js")
EVERY_SCREENSHOT = os.environ.get("KOERS_SCREENSHOTS") == "all"
FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note on the test that it failed, for ``as_user`` to keep its pages' screenshots."""
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


class AxeWatch:
    """The axe violations found in one test's browser contexts, each (page, rule, element) once."""

    def __init__(self):
        self.found: dict[tuple[str, str, str], str] = {}
        self.contexts: list = []

    def attach(self, context) -> None:
        if not AXE.exists():
            pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` in the checkout")
        context.add_init_script(path=str(AXE))
        context.add_init_script(path=str(AXE_WATCH))
        context.expose_binding("koersAxeReport", self.receive)
        self.contexts.append(context)
        close = context.close

        def close_after_check(this, *args, **kwargs):
            self.check_final(this)
            return close(*args, **kwargs)

        context.close = MethodType(close_after_check, context)

    def receive(self, _source, where: str, violations: list[dict]) -> None:
        self.note(where, violations)

    def note(self, where: str, violations: list[dict]) -> None:
        for violation in violations:
            for node in violation["nodes"]:
                key = (where, violation["id"], node["target"])
                self.found.setdefault(
                    key,
                    f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                    f"    page {where}, element {node['target']}\n    {node['html']}\n"
                    f"    {node['summary']}",
                )

    def check_final(self, context) -> None:
        for page in context.pages:
            if page.is_closed() or not page.url.startswith("http"):
                continue
            try:
                if not page.evaluate("() => Boolean(window.koersAxe)"):
                    continue  # JavaScript switched off, or not an HTML page
                page.evaluate("() => window.koersAxe.final()")
            except Exception as error:  # a page that is navigating or gone: its states were seen
                if "closed" not in str(error) and "destroyed" not in str(error):
                    raise

    def report(self) -> str:
        return "\n".join(self.found.values())


_watch: AxeWatch | None = None


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
        new_context = browser.new_context

        def new_context_with_axe(this, *args, **kwargs):
            context = new_context(*args, **kwargs)
            if _watch is not None and kwargs.get("java_script_enabled", True):
                _watch.attach(context)
            return context

        browser.new_context = MethodType(new_context_with_axe, browser)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def axe_checked():
    """Every page state of the test's browser contexts is checked with axe; the test fails at
    its end on any violation, listing them."""
    global _watch
    _watch = watch = AxeWatch()
    yield watch
    _watch = None
    for context in watch.contexts:
        try:
            if context.pages:
                watch.check_final(context)
        except Exception as error:
            if "closed" not in str(error):
                raise
    if watch.found:
        pytest.fail(
            f"axe found {len(watch.found)} accessibility violation(s) (WCAG 2.1 A/AA):\n"
            + watch.report(),
            pytrace=False,
        )


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
    if EVERY_SCREENSHOT or request.node.stash.get(FAILED, False):
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for number, context in enumerate(contexts):
            for page_number, page in enumerate(context.pages):
                path = ARTIFACTS / f"{name}-{number}-{page_number}.png"
                page.screenshot(path=path, full_page=True)  # Playwright makes the folder
    for context in contexts:
        context.close()


def main_menu(page):
    """The main menu, opened first where it is folded behind its button (a phone)."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_role("navigation", name="Hoofdmenu")
