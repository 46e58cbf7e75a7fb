"""The two-step login: password, then a code from the app (or a recovery code)."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.login_flow import LOGIN_AT_KEY, PENDING_KEY
from koers.accounts.models import LoginEvent, TOTPDevice
from koers.accounts.services import recovery_codes_regenerate, user_password_change
from koers.core.scoping import Role
from tests.accounts.conftest import SECRET, code_for, log_in, password_step


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_the_password_alone_does_not_log_in(enrolled):
    client = Client()
    response = password_step(client, enrolled.username)
    assert response["Location"] == reverse("accounts:login_code")
    assert not is_logged_in(client)
    assert "_auth_user_id" not in client.session


def test_password_and_a_code_from_the_app_log_in_and_are_recorded(enrolled):
    client = Client()
    response = log_in(client, enrolled)
    assert response.status_code == 302 and response["Location"] == settings.LOGIN_REDIRECT_URL
    assert is_logged_in(client)
    assert PENDING_KEY not in client.session and LOGIN_AT_KEY in client.session
    event = LoginEvent.objects.get(user=enrolled)
    assert event.method == LoginEvent.Method.TOTP and event.address == "127.0.0.1"


def test_a_code_once_accepted_is_refused_again(enrolled):
    code = code_for(SECRET)
    first, second = Client(), Client()
    password_step(first, enrolled.username)
    assert first.post(reverse("accounts:login_code"), {"code": code}).status_code == 302
    password_step(second, enrolled.username)
    response = second.post(reverse("accounts:login_code"), {"code": code})
    assert "klopt niet of is al gebruikt" in response.content.decode()
    assert not is_logged_in(second)


def test_a_code_of_an_earlier_step_than_the_last_used_is_refused(enrolled):
    log_in(Client(), enrolled, steps_ahead=1)
    client = Client()
    password_step(client, enrolled.username)
    response = client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert response.status_code == 200 and not is_logged_in(client)


def test_a_wrong_code_keeps_the_user_out_with_the_error_next_to_the_field(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    wrong = str((int(code_for(SECRET)) + 500_000) % 10**6).zfill(6)
    page = client.post(reverse("accounts:login_code"), {"code": wrong}).content.decode()
    assert 'aria-invalid="true"' in page and "klopt niet" in page
    assert not is_logged_in(client)


def test_the_code_field_is_a_numeric_one_time_code_field(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    page = client.get(reverse("accounts:login_code")).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label for="id_code">' in page


def test_the_second_step_expires_after_five_minutes(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    session = client.session
    session[PENDING_KEY]["until"] = timezone.now().timestamp() - 1
    session.save()
    response = client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)


def test_a_password_change_between_the_steps_voids_the_pending_login(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    user_password_change(user=enrolled, password="een-heel-ander-wachtwoord-9", by=enrolled)
    client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert not is_logged_in(client)


def test_the_session_key_changes_at_the_password_step_and_at_login(enrolled):
    client = Client()
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    password_step(client, enrolled.username)
    between = client.session.session_key
    client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert len({before, between, client.session.session_key}) == 3


def test_login_goes_on_to_a_safe_next_page_only(enrolled):
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": enrolled.username, "password": "correct-horse-battery-staple-42",
         "next": "/clienten/zoeken/"},
    )  # fmt: skip
    response = client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert response["Location"] == "/clienten/zoeken/"
    evil = Client()
    evil.post(
        reverse("accounts:login"),
        {"username": enrolled.username, "password": "correct-horse-battery-staple-42",
         "next": "https://evil.example/"},
    )  # fmt: skip
    response = evil.post(reverse("accounts:login_code"), {"code": code_for(SECRET, 1)})
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_unknown_user_wrong_password_and_inactive_user_get_the_same_page(enrolled, users):
    inactive = users[Role.VOLUNTEER]
    inactive.is_active = False
    inactive.save()
    pages = [
        password_step(Client(), "bestaat-niet").content.decode(),
        password_step(Client(), enrolled.username, "fout-wachtwoord-123").content.decode(),
        password_step(Client(), inactive.username).content.decode(),
    ]
    token = re.compile(r"[A-Za-z0-9]{64}")  # the CSRF token, in the form and the htmx header
    normalised = {token.sub("", page).replace("bestaat-niet", "NAME")
                  .replace(enrolled.username, "NAME").replace(inactive.username, "NAME")
                  for page in pages}  # fmt: skip
    assert len(normalised) == 1
    assert "horen niet bij elkaar" in pages[0]


def test_the_password_of_a_user_without_an_app_leads_to_no_enrolment(users):
    """Trust on first use is gone: only an invitation opens the enrolment (test_invitations)."""
    user = users[Role.VOLUNTEER]
    client = Client()
    response = password_step(client, user.username)
    assert response.status_code == 403
    assert "uitnodigingslink" in response.content.decode()
    assert PENDING_KEY not in client.session
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("accounts:invitation_enrol")).status_code == 410
    assert not is_logged_in(client)


def test_the_second_step_pages_need_the_password_step_first(enrolled):
    for name in ("accounts:login_code", "accounts:login_recovery"):
        response = Client().post(reverse(name), {"code": code_for(SECRET)})
        assert response["Location"] == reverse("accounts:login")
    assert TOTPDevice.objects.get(user=enrolled).last_used_step is None


def test_a_recovery_code_logs_in_once_and_says_how_many_are_left(enrolled):
    codes = recovery_codes_regenerate(user=enrolled, by=enrolled)
    client = Client()
    password_step(client, enrolled.username)
    response = client.post(reverse("accounts:login_recovery"), {"code": codes[3].upper()})
    home = client.get(response["Location"])
    assert home.status_code == 200 and "er zijn er nog 9 over" in home.content.decode()
    assert LoginEvent.objects.get(user=enrolled).method == LoginEvent.Method.RECOVERY
    again = Client()
    password_step(again, enrolled.username)
    page = again.post(reverse("accounts:login_recovery"), {"code": codes[3]})
    assert "klopt niet of is al gebruikt" in page.content.decode()
    assert not is_logged_in(again)


def test_the_recovery_code_field_takes_letters_on_a_phone(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    page = client.get(reverse("accounts:login_recovery")).content.decode()
    assert 'inputmode="numeric"' not in page and 'autocapitalize="none"' in page


def test_a_logged_in_user_going_to_the_login_page_goes_on(enrolled):
    client = Client()
    client.force_login(enrolled)
    assert client.get(reverse("accounts:login"))["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.get(reverse("accounts:login_code"))["Location"] == settings.LOGIN_REDIRECT_URL


def test_the_admin_has_no_password_only_login(enrolled):
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response["Location"] == f"{reverse('accounts:login')}?next=/beheer/"
    client = Client()
    client.force_login(enrolled)
    assert client.get("/beheer/login/").status_code == 404
