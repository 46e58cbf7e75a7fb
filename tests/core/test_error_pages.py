"""Every refusal shows a Dutch page in the normal layout with a way back, and keeps its
status: 404 (does not exist / not yours), 403 (PermissionDenied), the CSRF failure (403)
and 500 (rendered without a request or a database)."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import USERS

pytestmark = pytest.mark.urls("tests.core.refusing_urls")

ROLES = [key for key, *_ in USERS]
MENU = '<nav aria-label="Hoofdmenu"'
ENGLISH = re.compile(
    r"Not Found|Forbidden|Server Error|CSRF verification failed|requested resource"
)


def client_of(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def assert_dutch_page(response, status: int, heading: str, *, menu: bool = True) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'lang="nl"' in html
    assert f'href="{reverse("home")}">Naar Start</a>' in html
    assert (MENU in html) is menu
    assert not ENGLISH.search(html)
    return html


@pytest.mark.parametrize("key", ROLES)
def test_an_unknown_address_shows_the_dutch_404_with_the_menu(users, key):
    response = client_of(users[key]).get("/bestaat-niet/")
    assert_dutch_page(response, 404, "Pagina niet gevonden")


@pytest.mark.parametrize("key", ROLES)
def test_a_refused_action_shows_the_dutch_403_with_the_menu(users, key):
    response = client_of(users[key]).get("/weigert/")
    assert_dutch_page(response, 403, "Geen toegang")


@pytest.mark.parametrize("key", ROLES)
def test_a_form_without_csrf_token_shows_the_dutch_refusal_with_the_menu(users, key):
    client = client_of(users[key], enforce_csrf_checks=True)
    response = client.post(reverse("accounts:account"), {"first_name": "X"})
    assert_dutch_page(response, 403, "Het formulier is verlopen")


def test_a_form_refused_by_a_view_of_another_users_record_is_the_404_page(users):
    """The regional manager may read contacts but logs none: the form is a 404, in Dutch."""
    response = client_of(users["regional_manager"]).get(reverse("contacts:create"))
    assert_dutch_page(response, 404, "Pagina niet gevonden")


def test_the_404_page_without_login_has_no_menu(db):
    assert_dutch_page(Client().get("/bestaat-niet/"), 404, "Pagina niet gevonden", menu=False)


def test_the_way_back_is_the_previous_page_of_this_site_only(users):
    client = client_of(users["team_leader"])
    back = "http://testserver/termijnen/"
    html = client.get("/bestaat-niet/", HTTP_REFERER=back).content.decode()
    assert f'href="{back}">Terug naar de vorige pagina</a>' in html
    html = client.get("/bestaat-niet/", HTTP_REFERER="https://elders.example/x").content.decode()
    assert "Terug naar de vorige pagina" not in html


def test_a_bug_shows_the_dutch_500_page(users):
    client = client_of(users["volunteer"], raise_request_exception=False)
    response = client.get("/faalt/")
    assert_dutch_page(response, 500, "Er ging iets mis", menu=False)


def test_the_500_page_renders_without_a_database_or_a_request_context():
    """No ``db`` fixture: any query here fails the test (pytest-django blocks the database)."""
    response = server_error(RequestFactory().get("/"))
    assert_dutch_page(response, 500, "Er ging iets mis", menu=False)


@pytest.mark.parametrize("key", ROLES)
def test_a_post_to_a_page_that_only_shows_is_the_dutch_405_with_the_menu(users, key):
    """Django answers a refused method with an empty 405 that a browser shows in English."""
    response = client_of(users[key]).post(reverse("home"), {"x": "1"})
    assert_dutch_page(response, 405, "Dat kan op deze pagina niet")
    assert response["Allow"] == "GET"


def test_the_405_page_is_written_in_the_users_language(users):
    user = users["volunteer"]
    user.language = "en"
    user.save(update_fields=["language"])
    html = client_of(user).post(reverse("home")).content.decode()
    assert "<h1>This cannot be done on this page</h1>" in html
    assert 'lang="en"' in html


def test_the_api_keeps_its_own_405(users):
    response = client_of(users["volunteer"]).post("/api/v1/deadlines/")
    assert response.status_code in {401, 405}
    assert "Dat kan op deze pagina niet" not in response.content.decode()
