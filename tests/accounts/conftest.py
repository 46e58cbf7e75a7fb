"""Fixtures of the login tests: a user with an app set up, and a code for it."""

import base64
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts import totp
from koers.accounts.models import TOTPDevice
from koers.accounts.services import invitation_issue
from koers.core.actors import CLI
from koers.core.scoping import Role
from tests.factories import TEST_PASSWORD

SECRET = bytes(range(1, 21))


def code_for(secret: bytes, steps_ahead: int = 0) -> str:
    """The app's code now, or in a following time step (accepted within the drift window)."""
    return totp.totp(secret, time.time() + steps_ahead * totp.STEP_SECONDS)


@pytest.fixture
def enrolled(users):
    """The team leader with a confirmed authenticator app of a known secret."""
    user = users[Role.TEAM_LEADER]
    TOTPDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    return user


def password_step(client: Client, username: str, password: str = TEST_PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def log_in(client: Client, user, *, steps_ahead: int = 0):
    """Both steps for a user with the known secret; the response of the code step."""
    password_step(client, user.username)
    return client.post(reverse("accounts:login_code"), {"code": code_for(SECRET, steps_ahead)})


def shown_secret(page: str) -> bytes:
    """The secret the enrolment page shows to type in (what the app would scan)."""
    text = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def invitation_opened(client: Client, user, *, by=CLI) -> str:
    """Make an invitation for ``user`` and open its link in ``client``; the enrolment page."""
    link = invitation_issue(user=user, by=by).link("http://testserver")
    response = client.get(link.removeprefix("http://testserver"))
    assert response["Location"] == reverse("accounts:invitation_enrol")
    return client.get(response["Location"]).content.decode()
