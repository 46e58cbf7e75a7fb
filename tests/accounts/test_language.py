"""The interface language: Dutch by default, English when a user (or, before logging in,
the login page's switch) chooses it; the choice is the user's and is remembered."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from koers.accounts.models import Language
from koers.accounts.notices import security_notice
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.accounts.conftest import invitation_opened

LOGIN = "accounts:login"


def logged_in(user, **cookies) -> Client:
    client = Client()
    client.force_login(user)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def test_dutch_is_the_default_even_when_the_browser_asks_for_english(db):
    response = Client().get(reverse(LOGIN), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = response.content.decode()
    assert "Inloggen bij Koers" in page and '<html lang="nl">' in page
    assert response["Content-Language"] == "nl"


def test_the_login_page_offers_english_and_remembers_it_in_a_cookie(db):
    client = Client()
    page = client.get(reverse(LOGIN)).content.decode()
    assert 'name="language" value="en"' in page and ">English</button>" in page
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse(LOGIN)})
    assert switched.status_code == 302 and switched["Location"] == reverse(LOGIN)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse(LOGIN)).content.decode()
    assert "Log in to Koers" in page and '<html lang="en">' in page
    assert 'value="nl" lang="nl" class="button">Nederlands</button>' in page


def test_a_user_chooses_english_on_the_account_page_and_keeps_it_everywhere(users):
    volunteer = users[Role.VOLUNTEER]
    client = logged_in(volunteer)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Taal van Koers" in page and 'value="en"' in page
    response = client.post(reverse("accounts:language"), {"language": "en"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    volunteer.refresh_from_db()
    assert volunteer.language == Language.ENGLISH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    entry = ChangeLogEntry.objects.filter(object_id=str(volunteer.pk)).latest("pk")
    assert entry.changes == {"language": ["", "en"]}
    assert "Your language has been saved." in client.get(response["Location"]).content.decode()
    # another browser, without the cookie: the saved choice still applies
    elsewhere = logged_in(volunteer).get(reverse("accounts:account"))
    assert "Your account" in elsewhere.content.decode()
    assert elsewhere["Content-Language"] == "en"


def test_the_users_saved_choice_wins_over_the_cookie(users):
    volunteer = users[Role.VOLUNTEER]
    volunteer.language = Language.DUTCH
    volunteer.save(update_fields=["language"])
    page = logged_in(volunteer, django_language="en").get(reverse("accounts:account"))
    assert "Uw account" in page.content.decode()


def test_a_user_who_has_not_chosen_follows_the_login_page(users):
    volunteer = users[Role.VOLUNTEER]
    assert volunteer.language == ""
    page = logged_in(volunteer, django_language="en").get(reverse("accounts:account"))
    assert "Your account" in page.content.decode()
    assert "Uw account" in logged_in(volunteer).get(reverse("accounts:account")).content.decode()


@pytest.mark.parametrize("language", ["fr", ""])
def test_a_language_koers_does_not_speak_is_refused_and_nothing_changes(users, language):
    volunteer = users[Role.VOLUNTEER]
    response = logged_in(volunteer).post(reverse("accounts:language"), {"language": language})
    assert response.status_code == 422
    assert "Verbeter dit eerst" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_language_of_a_request_does_not_outlive_it(users):
    volunteer = users[Role.VOLUNTEER]
    volunteer.language = Language.ENGLISH
    volunteer.save(update_fields=["language"])
    assert "Your account" in logged_in(volunteer).get(reverse("accounts:account")).content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE == "nl"


def test_a_mail_to_a_user_is_in_their_language_whoever_acts(
    users, django_capture_on_commit_callbacks, mailoutbox
):
    english, dutch = users[Role.VOLUNTEER], users[Role.LEGAL]
    english.language = Language.ENGLISH
    english.save(update_fields=["language"])
    changed = "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        security_notice(english, what=translation.gettext(changed))
        security_notice(dutch, what=translation.gettext(changed))  # an English actor
    to_english, to_dutch = mailoutbox
    assert to_english.subject == "Koers: your login details have been changed"
    assert "Your password has been changed." in to_english.body
    assert to_dutch.subject == "Koers: uw inloggegevens zijn gewijzigd"
    assert changed in to_dutch.body and "Beste " in to_dutch.body


def test_a_new_user_can_read_the_invitation_page_in_english(users):
    client = Client()
    page = invitation_opened(client, users[Role.VOLUNTEER])
    assert 'name="language" value="en"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:invitation_enrol")).content.decode()
    assert "Set up authenticator app" in page and "Confirm app and log in" in page
