"""Lockout keyed on (user name, address), and the per-name ceiling over all addresses."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts import lockout
from koers.accounts.models import LoginAttempt
from tests.accounts.conftest import SECRET, code_for, password_step

BRANCH_OFFICE = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
REFUSED = "Te veel mislukte pogingen"


def fail(username: str, times: int, address: str = BRANCH_OFFICE):
    for _ in range(times):
        response = password_step(Client(), username, "fout-wachtwoord-123", REMOTE_ADDR=address)
    return response


def age_attempts(minutes: int) -> None:
    LoginAttempt.objects.update(at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_five_failures_lock_the_pair_even_with_the_right_password(enrolled):
    assert fail(enrolled.username, 4).status_code == 200
    fifth = fail(enrolled.username, 1)
    assert fifth.status_code == 429 and REFUSED in fifth.content.decode()
    right = password_step(Client(), enrolled.username, REMOTE_ADDR=BRANCH_OFFICE)
    assert right.status_code == 429


def test_the_same_user_from_another_address_is_not_locked(enrolled):
    fail(enrolled.username, 6)
    response = password_step(Client(), enrolled.username, REMOTE_ADDR=ELSEWHERE)
    assert response["Location"] == reverse("accounts:login_code")


def test_colleagues_behind_the_same_address_are_not_locked(enrolled, users):
    fail("iemand-anders", 6)
    response = password_step(Client(), enrolled.username, REMOTE_ADDR=BRANCH_OFFICE)
    assert response["Location"] == reverse("accounts:login_code")


def test_an_unknown_user_name_is_locked_the_same_way(db):
    assert REFUSED in fail("bestaat-niet", 5).content.decode()


def test_user_names_are_counted_whatever_their_case(enrolled):
    fail(enrolled.username.upper(), 5)
    assert password_step(Client(), enrolled.username, REMOTE_ADDR=BRANCH_OFFICE).status_code == 429


def test_the_lockout_lasts_fifteen_minutes_after_the_fifth_failure(enrolled):
    fail(enrolled.username, 5)
    age_attempts(14)
    assert lockout.is_refused(enrolled.username, BRANCH_OFFICE)
    age_attempts(16)
    assert not lockout.is_refused(enrolled.username, BRANCH_OFFICE)


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(enrolled):
    fail(enrolled.username, 3)
    age_attempts(20)
    fail(enrolled.username, 3)
    assert not lockout.is_refused(enrolled.username, BRANCH_OFFICE)


def test_fifty_failures_an_hour_from_many_addresses_lock_the_name_everywhere(enrolled):
    LoginAttempt.objects.bulk_create(
        LoginAttempt(username=enrolled.username, address=f"203.0.113.{n}") for n in range(50)
    )
    assert not lockout.is_refused("iemand-anders", ELSEWHERE)
    response = password_step(Client(), enrolled.username, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 429
    age_attempts(61)
    assert not lockout.is_refused(enrolled.username, ELSEWHERE)


def test_wrong_codes_count_and_the_fifth_ends_the_pending_login(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    wrong = str((int(code_for(SECRET)) + 500_000) % 10**6).zfill(6)
    for _ in range(4):
        assert client.post(reverse("accounts:login_code"), {"code": wrong}).status_code == 200
    assert client.post(reverse("accounts:login_code"), {"code": wrong}).status_code == 429
    response = client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert response["Location"] == reverse("accounts:login")
    assert client.get("/").status_code == 302


def test_a_locked_pair_cannot_use_a_right_code_either(enrolled):
    client = Client()
    password_step(client, enrolled.username)
    fail(enrolled.username, 5, address="127.0.0.1")
    response = client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert response.status_code == 429 and client.get("/").status_code == 302


def test_a_completed_login_forgets_the_failures_of_its_address(enrolled):
    fail(enrolled.username, 4, address="127.0.0.1")
    client = Client()
    password_step(client, enrolled.username)
    client.post(reverse("accounts:login_code"), {"code": code_for(SECRET)})
    assert not LoginAttempt.objects.filter(address="127.0.0.1").exists()


def test_attempts_older_than_any_window_are_pruned(db):
    fail("oud", 3)
    age_attempts(61)
    fail("nieuw", 1)
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["nieuw"]


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_used(enrolled, settings):
    settings.KOERS_TRUSTED_PROXIES = ["10.0.0.2"]
    behind_proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.10"}
    for _ in range(5):
        password_step(Client(), enrolled.username, "fout-wachtwoord-123", **behind_proxy)
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {BRANCH_OFFICE}
    other_branch = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": ELSEWHERE}
    response = password_step(Client(), enrolled.username, **other_branch)
    assert response["Location"] == reverse("accounts:login_code")


def test_forwarded_addresses_from_an_untrusted_peer_are_ignored(enrolled, settings):
    settings.KOERS_TRUSTED_PROXIES = ["10.0.0.2"]
    fail(enrolled.username, 1, address=ELSEWHERE)
    password_step(
        Client(), "iemand", "fout", REMOTE_ADDR=ELSEWHERE, HTTP_X_FORWARDED_FOR="not-an-address"
    )
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {ELSEWHERE}
