"""Every role's main menu offers only what the role may use: each link answers 200.

A link is shown iff its view lets the user in (the same capability check), so no role
meets a menu entry that leads to a refusal page.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import USERS

MENU = re.compile(r'<nav aria-label="Hoofdmenu"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def menu_of(client: Client) -> list[str]:
    """The links of the main menu on the start page (following a role's start-page redirect)."""
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    found = MENU.search(response.content.decode())
    assert found, "the start page has a main menu"
    return HREF.findall(found.group(1))


@pytest.mark.parametrize("key", [key for key, *_ in USERS])
def test_every_menu_link_of_every_role_answers_200(users, key):
    client = Client()
    client.force_login(users[key])
    links = menu_of(client)
    assert links, "every logged-in user has at least Start"
    # "Start" of a role whose work is one page redirects there: the page it ends on counts
    answers = {url: client.get(url, follow=True).status_code for url in links}
    assert {url: code for url, code in answers.items() if code != 200} == {}


@pytest.mark.parametrize("key", [key for key, *_ in USERS])
def test_every_role_reaches_their_own_account_by_their_name_in_the_header(users, key):
    client = Client()
    client.force_login(users[key])
    account = reverse("accounts:account")
    page = client.get(reverse("home"), follow=True).content.decode()
    link = re.search(rf'<a class="user" href="{account}">(.*?)</a>', page, re.S)
    assert link and "Mijn account:" in link.group(1), "the name links to the account page"
    own = client.get(account)
    assert own.status_code == 200
    assert f'class="user" href="{account}" aria-current="page"' in own.content.decode()
