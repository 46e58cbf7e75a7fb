"""Sessions: 12 hours at most, and all of a user's sessions end on the events that require it."""

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.login_flow import LOGIN_AT_KEY
from koers.accounts.services import two_factor_reset, user_deactivate, user_sessions_end
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.factories import TEST_PASSWORD


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def started_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[LOGIN_AT_KEY] = timezone.now().timestamp() - hours * 3600
    session.save()


def test_a_session_ends_twelve_hours_after_login_whatever_the_activity(users):
    client = logged_in(users[Role.TEAM_LEADER])
    assert is_logged_in(client)
    started_hours_ago(client, 11.9)
    assert is_logged_in(client)
    started_hours_ago(client, 12.01)
    response = client.get("/clienten/zoeken/")
    assert response["Location"] == f"{reverse('accounts:login')}?next=/clienten/zoeken/"
    page = client.get(response["Location"]).content.decode()
    assert "na 12 uur automatisch uitgelogd" in page
    assert not is_logged_in(client)


def test_an_htmx_request_of_an_ended_session_redirects_the_whole_page(users):
    client = logged_in(users[Role.TEAM_LEADER])
    client.get("/")
    started_hours_ago(client, 13)
    response = client.get("/clienten/zoeken/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_idle_sessions_end_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.KOERS_SESSION_MAX_AGE == 12 * 60 * 60


def test_log_out_everywhere_ends_every_session_of_the_user_only(users):
    user = users[Role.TEAM_LEADER]
    laptop, phone, colleague = logged_in(user), logged_in(user), logged_in(users[Role.LEGAL])
    response = phone.post(reverse("accounts:sessions_end"))
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(phone) and not is_logged_in(laptop)
    assert is_logged_in(colleague)
    assert ChangeLogEntry.objects.filter(object_id=user.pk, changes__has_key="session_epoch")


def test_log_out_everywhere_is_a_post(users):
    client = logged_in(users[Role.TEAM_LEADER])
    assert client.get(reverse("accounts:sessions_end")).status_code == 405
    assert is_logged_in(client)


def test_deactivation_ends_the_users_sessions_even_if_reactivated(users):
    user = users[Role.VOLUNTEER]
    client = logged_in(user)
    user_deactivate(user=user, by=users[Role.ADMINISTRATOR])
    user.is_active = True
    user.save()
    assert not is_logged_in(client)


def test_a_two_factor_reset_ends_the_users_sessions(users, enrolled):
    client = logged_in(enrolled)
    two_factor_reset(user=enrolled, by=users[Role.ADMINISTRATOR])
    assert not is_logged_in(client)


def test_a_password_change_keeps_this_session_and_ends_the_others(users):
    user = users[Role.TEAM_LEADER]
    here, elsewhere = logged_in(user), logged_in(user)
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "een-nieuw-lang-wachtwoord-8",
            "new_password2": "een-nieuw-lang-wachtwoord-8",
        },
    )
    assert response["Location"] == reverse("accounts:account")
    assert is_logged_in(here) and not is_logged_in(elsewhere)
    user.refresh_from_db()
    assert user.check_password("een-nieuw-lang-wachtwoord-8")


def test_the_session_hash_changes_with_the_epoch_only(users):
    user = users[Role.TEAM_LEADER]
    before = user.get_session_auth_hash()
    assert user.get_session_auth_hash() == before
    user_sessions_end(user=user, by=user)
    assert user.get_session_auth_hash() != before


def test_sessions_made_under_a_previous_secret_key_count_only_while_it_is_a_fallback(
    users, settings
):
    user = users[Role.TEAM_LEADER]
    with_fallback, without = logged_in(user), logged_in(user)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-test-0123456789"
    assert not is_logged_in(without)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert is_logged_in(with_fallback)
