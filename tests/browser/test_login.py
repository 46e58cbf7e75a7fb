"""The whole login on a phone: an invitation from the team leader, setting up the
authenticator app from the secret on screen, recovery codes, a later login with a code,
and one with a recovery code."""

import base64
import time

from django.urls import reverse
from playwright.sync_api import expect

from koers.accounts import totp
from koers.core.scoping import Role
from tests.browser.conftest import ARTIFACTS, PHONE, STEP_TIMEOUT_MS, main_menu
from tests.factories import TEST_PASSWORD


def app_code(secret_text: str, steps_ahead: int = 0) -> str:
    """What the user's authenticator app shows, from the key typed over from the screen."""
    compact = secret_text.replace(" ", "")
    secret = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return totp.totp(secret, time.time() + steps_ahead * totp.STEP_SECONDS)


def password_step(page, username: str) -> None:
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page) -> None:
    main_menu(page)  # on a phone "Uitloggen" is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/")


def test_volunteer_sets_up_the_app_then_logs_in_with_a_code_and_a_recovery_code(
    browser, live_server, users, as_user
):
    volunteer = users[Role.VOLUNTEER]
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)

    page.goto(reverse("people:search"))
    assert "/account/inloggen/" in page.url
    password_step(page, volunteer.username)  # the password alone does not lead to enrolment
    expect(page.get_by_role("heading", name="Eerst uw authenticator-app instellen")).to_be_visible()

    leader = as_user(users[Role.TEAM_LEADER], viewport=PHONE)
    leader.goto(reverse("accounts:two_factor_users"))
    leader.get_by_role("button", name=f"Uitnodiging tonen voor {volunteer.username}").click()
    link = leader.locator("#invitation-link").input_value()
    ARTIFACTS.mkdir(exist_ok=True)
    leader.screenshot(path=ARTIFACTS / "invitation-shown-phone.png", full_page=True)

    page.goto(link)
    page.wait_for_url("**/account/uitnodiging/instellen/")
    assert "code=" not in page.url
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    page.get_by_text("Scannen lukt niet? Typ de sleutel over").click()
    secret = page.locator("#totp-secret").inner_text()
    page.screenshot(path=ARTIFACTS / "login-enrolment-phone.png", full_page=True)
    page.get_by_label("Uw wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="App bevestigen en inloggen").click()
    expect(page.locator("#id_code_error").get_by_text("Deze code klopt niet")).to_be_visible()
    page.get_by_label("Uw wachtwoord").fill(TEST_PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(app_code(secret))
    page.get_by_role("button", name="App bevestigen en inloggen").click()

    page.wait_for_url("**/account/herstelcodes/**")
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=ARTIFACTS / "login-recovery-codes-phone.png", full_page=True)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_url(f"{live_server.url}/")  # the start page: the invitation knew no other
    menu = main_menu(page)
    expect(menu.get_by_role("link", name="Contact loggen")).to_be_visible()
    assert menu.get_by_role("link", name="Gebruikers").count() == 0
    log_out(page)

    password_step(page, volunteer.username)
    page.wait_for_url("**/inloggen/code/")
    code_field = page.get_by_label("Code uit uw authenticator-app")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"
    code_field.fill(app_code(secret, steps_ahead=1))  # the current step's code is used up
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    log_out(page)

    password_step(page, volunteer.username)
    page.get_by_role("link", name="Telefoon kwijt? Gebruik een herstelcode").click()
    page.get_by_label("Herstelcode").fill(codes[0])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("er zijn er nog 9 over")).to_be_visible()
    page.goto(reverse("accounts:account"))
    expect(page.get_by_text("nog 9 ongebruikte herstelcodes")).to_be_visible()
    assert page.get_by_role("cell", name="herstelcode").count() == 1
    page.screenshot(path=ARTIFACTS / "account-page-phone.png", full_page=True)
    context.close()
