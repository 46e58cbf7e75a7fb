"""A mail to the user after every change to how they log in, naming no secret."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from koers.accounts import totp, two_factor
from koers.accounts.services import (
    recovery_codes_regenerate,
    two_factor_reset,
    user_password_change,
    user_sessions_end,
)
from koers.core.scoping import Role
from tests.accounts.conftest import SECRET, code_for, invitation_opened
from tests.factories import TEST_PASSWORD


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda user, by: user_password_change(
                user=user, password="een-nieuw-lang-wachtwoord-8", by=user
            ),
            "Uw wachtwoord is gewijzigd",
        ),
        (lambda user, by: recovery_codes_regenerate(user=user, by=user), "nieuwe herstelcodes"),
        (lambda user, by: two_factor_reset(user=user, by=by), "tweestapsverificatie is hersteld"),
    ],
    ids=["password", "recovery-codes", "two-factor-reset"],
)
def test_the_user_is_mailed_after_a_change_to_their_login(
    users, mailoutbox, django_capture_on_commit_callbacks, change, said
):
    user = users[Role.VOLUNTEER]
    with django_capture_on_commit_callbacks(execute=True):
        change(user, users[Role.ADMINISTRATOR])
    [mail] = mailoutbox
    assert mail.to == [user.email] and said in mail.body
    assert "teamleider of de beheerder" in mail.body


def test_setting_up_an_app_is_mailed_without_the_secret_or_the_codes(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    user = users[Role.LEGAL]
    client = Client()
    invitation_opened(client, user)
    device = user.totp_devices.get()
    device.secret = SECRET
    device.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:invitation_enrol"),
            {"current_password": TEST_PASSWORD, "code": code_for(SECRET)},
        )
    [mail] = mailoutbox
    assert "authenticator-app" in mail.body
    assert two_factor.recovery_codes_left(user) == 10
    assert totp.secret_text(SECRET) not in mail.body
    assert not re.search(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", mail.body)


def test_no_mail_without_an_address_and_none_for_logging_out_everywhere(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    user = users[Role.TEAM_LEADER]
    with django_capture_on_commit_callbacks(execute=True):
        user_sessions_end(user=user, by=user)
        user.email = ""
        user.save()
        recovery_codes_regenerate(user=user, by=user)
    assert mailoutbox == []
