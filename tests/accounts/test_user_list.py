"""The user list as a list people work with (koers.core.listing): sorted by its columns,
filtered by role, branch and active or switched off, the state in the address, paged,
and exported as shown (XLSX and CSV); the export of these staff data is in the access
log. A manager never sees (nor exports) the users of a branch they do not manage, and the
queries do not grow with the users."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.conftest import make_user
from tests.searching import searched

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:user_list")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def usernames(response) -> list[str]:
    return [user.username for user in response.context["page"]]


@pytest.fixture
def staff(users, branch, other_branch):
    """Users of the branch (besides the fixture's): a volunteer Zwart switched off and a
    legal volunteer Appel; a team leader of another branch."""
    zwart = make_user(Role.VOLUNTEER, branch, username="zwart")
    zwart.last_name, zwart.is_active = "Zwart", False
    zwart.save()
    appel = make_user(Role.LEGAL, branch, username="appel")
    appel.last_name = "Appel"
    appel.save()
    elders = make_user(Role.TEAM_LEADER, other_branch, username="eldersleider")
    return {"zwart": zwart, "appel": appel, "elders": elders}


def test_the_user_list_sorts_and_filters_by_role_branch_and_status(users, staff, branch):
    client = client_for(users[Role.TEAM_LEADER])
    shown = usernames(client.get(LIST, {"sorteer": "gebruikersnaam"}))
    assert shown == sorted(shown) and {"zwart", "appel"} <= set(shown)
    assert "eldersleider" not in shown  # another branch's team leader
    backwards = usernames(client.get(LIST, {"sorteer": "gebruikersnaam", "richting": "af"}))
    assert backwards == list(reversed(shown))
    assert usernames(client.get(LIST, {"status": "blocked"})) == ["zwart"]
    assert "zwart" not in usernames(client.get(LIST, {"status": "active"}))
    legal = client.get(LIST, {"role": Role.LEGAL, "location": branch.pk})
    assert set(usernames(legal)) == {"appel", users[Role.LEGAL].username}
    body = legal.content.decode()
    assert "role=legal" in body and 'aria-sort="ascending"' in body  # state kept in links
    found = searched(client, LIST, q="appel", status="active")
    assert usernames(found) == ["appel"]
    assert "appel" not in found.request["QUERY_STRING"]  # a typed name stays out of the URL
    assert "status=active" in found.request["QUERY_STRING"]


def test_the_user_list_exports_what_is_shown_and_logs_it(users, staff):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.get(
        reverse("accounts:user_list_export", kwargs={"fmt": "csv"}),
        {"status": "blocked"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "naam",
        "gebruikersnaam",
        "huidige rollen",
        "status",
        "laatst ingelogd",
        "aangemaakt op",
    ]
    assert [row[1] for row in rows[1:]] == ["zwart"]
    assert rows[1][3] == "uitgeschakeld"
    logged = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORT)
    assert logged.person_id is None and logged.username == users[Role.TEAM_LEADER].username
    assert logged.what == "gebruikerslijst geëxporteerd (CSV, 1 rijen)"
    workbook = client.get(reverse("accounts:user_list_export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    exported = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "zwart" in exported and "eldersleider" not in exported
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).count() == 2


def test_a_volunteer_gets_no_user_list_nor_its_export(users, staff):
    client = client_for(users[Role.VOLUNTEER])
    assert client.get(LIST).status_code == 404
    export = reverse("accounts:user_list_export", kwargs={"fmt": "xlsx"})
    assert client.get(export).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_user_list_costs_the_same_queries_for_more_users(
    users, branch, django_assert_max_num_queries
):
    client = client_for(users[Role.ADMINISTRATOR])
    urls = [LIST, reverse("accounts:user_list_export", kwargs={"fmt": "xlsx"})]
    few = []
    for url in urls:
        with django_assert_max_num_queries(30) as counted:
            client.get(url)
        few.append(len(counted.captured_queries))
    for n in range(10):
        make_user(Role.VOLUNTEER, branch, username=f"extra{n}")
    for url, before in zip(urls, few, strict=True):
        with django_assert_max_num_queries(30) as counted:
            client.get(url)
        assert len(counted.captured_queries) == before, url
