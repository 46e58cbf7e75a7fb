"""Tokens: made once and shown once, stored as a keyed hash, expiring, revocable, their
last use noted; the CLI and the account page make them; the limit per token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from koers.accounts import totp
from koers.accounts.models import TOTPDevice
from koers.api import services
from koers.api.models import ApiToken, RateWindow
from koers.api.services import rate_count, token_authenticate, token_create, token_digest
from koers.core.actors import CLI
from koers.core.scoping import Role
from tests.api.conftest import ApiClient

PEOPLE = "/api/v1/people/"


def test_a_token_is_stored_only_as_its_keyed_hash_and_expires_after_90_days(users):
    made = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI)
    stored = ApiToken.objects.get()
    assert made.secret.startswith("koers_") and len(made.secret) == 6 + 43
    assert stored.digest == token_digest(made.secret) and made.secret not in stored.digest
    assert stored.prefix == made.secret[:12]
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=90)
    assert stored.created_by == "cli"


def test_the_token_acts_as_its_user_and_notes_its_last_use(users):
    made = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI)
    assert ApiClient(made.secret).get(PEOPLE).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_the_last_use_is_written_at_most_once_a_minute(users, monkeypatch):
    monkeypatch.setattr(services, "LAST_USE_PRECISION", datetime.timedelta(minutes=1))
    made = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI)
    first = datetime.datetime(2017, 3, 1, 10, 0, 0, tzinfo=datetime.UTC)
    for seconds in (0, 59, 60, 61):
        token_authenticate(made.secret, now=first + datetime.timedelta(seconds=seconds))
        noted = ApiToken.objects.get().last_used_at
        assert noted == first + datetime.timedelta(seconds=0 if seconds < 60 else 60), seconds


@pytest.mark.parametrize(
    "spoil",
    ["revoked", "expired", "user_inactive", "wrong_secret", "no_header", "basic_scheme"],
)
def test_an_unusable_token_gets_401_and_says_bearer(users, spoil):
    user = users[Role.TEAM_LEADER]
    made = token_create(user=user, name="dashboard", by=CLI)
    secret = made.secret
    if spoil == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    elif spoil == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif spoil == "user_inactive":
        user.is_active = False
        user.save()
    elif spoil == "wrong_secret":
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    client = ApiClient(None if spoil == "no_header" else secret)
    if spoil == "basic_scheme":
        client.headers = {"Authorization": f"Basic {secret}"}
    response = client.get(PEOPLE)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_cli_makes_lists_and_revokes_tokens(users):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "regiomanager",
        "--name",
        "monitor",
        "--days",
        "30",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.digest == token_digest(secret)
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    assert "niet opnieuw getoond" in err.getvalue()
    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert "monitor" in listing.getvalue() and secret not in listing.getvalue()
    assert "geldig" in listing.getvalue()
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert ApiToken.objects.get().revoked_at is not None
    assert ApiClient(secret).get(PEOPLE).status_code == 401


def test_the_cli_refuses_an_unknown_user_a_duplicate_name_and_a_silly_term(users):
    call_command(
        "token", "create", "teamleider", "--name", "a", stdout=io.StringIO(), stderr=io.StringIO()
    )
    for arguments in (
        ["nobody", "--name", "a"],
        ["teamleider", "--name", "a"],
        ["teamleider", "--name", "b", "--days", "0"],
    ):
        with pytest.raises(CommandError):
            call_command("token", "create", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
    assert ApiToken.objects.count() == 1


@override_settings(KOERS_API_RATE_LIMIT=3)
def test_past_the_limit_a_token_gets_429_with_retry_after_counted_in_the_database(users):
    made = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI)
    other = ApiClient(token_create(user=users[Role.LEGAL], name="x", by=CLI).secret)
    client = ApiClient(made.secret)
    statuses = [client.get(PEOPLE).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(PEOPLE)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) >= 1  # the end of the window (tested below)
    assert other.get(PEOPLE).status_code == 200  # per token, not for everyone
    assert RateWindow.objects.get(token__name="dashboard").count == 5


@override_settings(KOERS_API_RATE_LIMIT=2, KOERS_API_RATE_WINDOW=60)
def test_the_count_starts_again_in_each_window_and_says_when_the_window_ends(users):
    token = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI).token
    start = datetime.datetime(2017, 3, 1, 10, 0, 0, tzinfo=datetime.UTC)  # a window's start
    checks = [
        rate_count(token=token, now=start + datetime.timedelta(seconds=seconds))
        for seconds in (0, 15, 59, 60, 61)
    ]
    assert [check.allowed for check in checks] == [True, True, False, True, True]
    assert [check.remaining for check in checks] == [1, 0, 0, 1, 0]
    assert [check.retry_after for check in checks] == [60, 45, 1, 60, 59]
    assert list(RateWindow.objects.values_list("count", flat=True)) == [2]  # the old one gone


def test_every_answer_carries_the_tokens_budget(users):
    made = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI)
    response = ApiClient(made.secret).get(PEOPLE)
    assert response["RateLimit-Limit"] == "600"
    assert response["RateLimit-Remaining"] == "599"


# The account page ------------------------------------------------------------------------


@pytest.fixture
def leader_with_app(users):
    user = users[Role.TEAM_LEADER]
    device = TOTPDevice.objects.create(
        user=user, secret=totp.new_secret(), confirmed_at=timezone.now()
    )
    client = Client()
    client.force_login(user)
    return user, device, client


def current_code(device) -> str:
    return totp.totp(bytes(device.secret), timezone.now().timestamp())


def test_the_page_makes_a_token_only_with_a_fresh_code_and_shows_it_once(leader_with_app):
    user, device, client = leader_with_app
    url = reverse("api_tokens:list")
    refused = client.post(url, {"name": "dashboard", "days": 90, "code": "000000"})
    assert refused.status_code == 422 and not ApiToken.objects.exists()
    made = client.post(url, {"name": "dashboard", "days": 30, "code": current_code(device)})
    assert made.status_code == 302
    shown = client.get(url).content.decode()
    token = ApiToken.objects.get(user=user)
    secret = next(part for part in shown.split('<code class="secret">')[1:]).split("<")[0]
    assert token.digest == token_digest(secret)
    assert secret not in client.get(url).content.decode()  # once
    assert ApiClient(secret).get(PEOPLE).status_code == 200


def test_the_page_revokes_only_ones_own_tokens(leader_with_app, users):
    user, _device, client = leader_with_app
    own = token_create(user=user, name="mine", by=CLI).token
    theirs = token_create(user=users[Role.LEGAL], name="theirs", by=CLI).token
    assert client.post(reverse("api_tokens:revoke", args=[theirs.uid])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[own.uid])).status_code == 302
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.revoked_at is not None and theirs.revoked_at is None


def test_the_account_page_links_to_the_tokens(leader_with_app):
    _user, _device, client = leader_with_app
    page = client.get(reverse("accounts:account")).content.decode()
    assert reverse("api_tokens:list") in page
