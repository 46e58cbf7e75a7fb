"""The one list mechanism (koers.core.listing), on the client list as its example.

Sorting by every column both ways (the database's order, ``pk`` breaking ties, empty
values last), the filters, the state carried in the address (never a typed name),
page boundaries, the export being exactly the rows shown on all pages, formula texts
written as text, the export in the access log, and a query count that does not grow
with the rows.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core import editing
from koers.core.listing import DESCENDING, DIRECTION, SORT
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.people.views import CLIENTS
from tests.factories import PersonFactory
from tests.searching import searched

pytestmark = pytest.mark.django_db
LIST = reverse("people:list")


def export_url(fmt: str) -> str:
    return reverse("people:list_export", kwargs={"fmt": fmt})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(editing, "PAGE_SIZE", 3)


@pytest.fixture
def people(branch, other_branch):
    """Seven clients of the branch with values that differ per column (and one tie on the
    family name), and one of the other branch (not the team leader's)."""
    rows = [
        ("Zara", "Amin", datetime.date(1990, 1, 5), "regular", datetime.date(2024, 3, 1), True),
        ("Omar", "Bakri", datetime.date(1985, 6, 1), "family_reunification", None, False),
        (
            "Leyla",
            "Bakri",
            datetime.date(2001, 2, 2),
            "family_reunification",
            datetime.date(2025, 1, 9),
            True,
        ),
        (
            "Dawit",
            "Tekle",
            datetime.date(1979, 9, 9),
            "resettlement",
            datetime.date(2023, 7, 7),
            False,
        ),
        ("Rahel", "Gebre", datetime.date(1995, 12, 1), "regular", datetime.date(2026, 2, 2), True),
        ("Samira", "Nasser", datetime.date(2003, 4, 4), "regular", None, True),
        (
            "Yonas",
            "Haddad",
            datetime.date(1999, 8, 8),
            "family_reunification",
            datetime.date(2022, 5, 5),
            False,
        ),
    ]
    made = [
        PersonFactory(
            location=branch,
            given_name=given,
            family_name=family,
            birth_date=born,
            arrival_route=route,
            permit_granted_on=permit,
            civic_integration_required=civic,
        )
        for given, family, born, route, permit, civic in rows
    ]
    PersonFactory(location=other_branch, given_name="Vreemd", family_name="Anders")
    return made


def shown(response) -> list:
    return list(response.context["page"])


def expected(people, column, descending: bool) -> list:
    """The order a reader expects: by the column's values, empty ones last, ties by pk."""
    keys = {
        "naam": lambda p: (p.family_name, p.given_name),
        "geboren": lambda p: p.birth_date,
        "vestiging": lambda p: p.location.name,
        "komst": lambda p: p.arrival_route,
        "vergunning": lambda p: p.permit_granted_on,
        "inburgering": lambda p: p.civic_integration_required,
    }
    key = keys[column]
    filled = [p for p in people if key(p) is not None]
    empty = [p for p in people if key(p) is None]
    filled.sort(key=lambda p: p.pk, reverse=descending)
    filled.sort(key=key, reverse=descending)
    return filled + sorted(empty, key=lambda p: p.pk, reverse=descending)


@pytest.mark.parametrize("column", [c.key for c in CLIENTS.columns if c.sortable])
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_both_ways_in_the_database(people, users, column, descending):
    client = client_for(users[Role.TEAM_LEADER])
    query = {SORT: column, DIRECTION: DESCENDING if descending else ""}
    response = client.get(LIST, query)
    assert shown(response) == expected(people, column, descending)
    header = next(h for h in response.context["list"].headers if h["aria_sort"])
    assert header["aria_sort"] == ("descending" if descending else "ascending")
    assert f'aria-sort="{header["aria_sort"]}"' in response.content.decode()


def test_the_default_order_is_by_name_and_a_header_link_turns_it_around(people, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.get(LIST)
    assert shown(response) == expected(people, "naam", False)
    name_header = response.context["list"].headers[0]
    assert name_header["href"] == f"?{SORT}=naam&{DIRECTION}={DESCENDING}"
    again = client.get(LIST + name_header["href"])
    assert shown(again) == expected(people, "naam", True)
    assert again.context["list"].headers[0]["href"] == f"?{SORT}=naam"


def test_an_unknown_sort_falls_back_to_the_default(people, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.get(LIST, {SORT: "birth_date); drop", DIRECTION: DESCENDING})
    assert shown(response) == expected(people, "naam", False)


def test_filters_by_branch_route_civic_integration_and_period(people, users, branch):
    client = client_for(users[Role.REGIONAL_MANAGER])  # sees both branches of the region
    everyone = client.get(LIST)
    assert len(shown(everyone)) == 8
    at_branch = client.get(LIST, {"location": branch.pk})
    assert set(shown(at_branch)) == set(people)
    family = client.get(LIST, {"arrival_route": "family_reunification"})
    assert {p.given_name for p in shown(family)} == {"Omar", "Leyla", "Yonas"}
    civic = client.get(LIST, {"civic_integration": "no", "location": branch.pk})
    assert {p.given_name for p in shown(civic)} == {"Omar", "Dawit", "Yonas"}
    # a period's days are typed, so kept under the search's id like a name (never in the URL)
    period = searched(client, LIST, van="2024-01-01", tot="2025-12-31")
    assert {p.given_name for p in shown(period)} == {"Zara", "Leyla"}
    assert "2024-01-01" not in period.redirect_chain[-1][0]
    assert len(shown(client.get(LIST, {"van": "2024-01-01", "tot": "2025-12-31"}))) == 8
    wrong_way = searched(client, LIST, van="2025-01-01", tot="2024-01-01")
    assert wrong_way.context["filters"].errors["tot"]


def test_a_typed_name_stays_out_of_the_address_and_the_sort_stays_in_it(people, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = searched(client, LIST, q="Bakri", **{SORT: "geboren", DIRECTION: DESCENDING})
    address = response.redirect_chain[-1][0]
    assert "Bakri" not in address
    assert f"{SORT}=geboren" in address and f"{DIRECTION}={DESCENDING}" in address
    assert [p.given_name for p in shown(response)] == ["Leyla", "Omar"]
    # The header links and the export links keep the kept search's id, never the name.
    lst = response.context["list"]
    for href in [h["href"] for h in lst.headers if h["sortable"]] + [
        e["href"] for e in lst.exports
    ]:
        assert "Bakri" not in href and "s=" in href
    reloaded = client.get(address)
    assert [p.given_name for p in shown(reloaded)] == ["Leyla", "Omar"]
    assert [p.given_name for p in shown(client.get(LIST, {"q": "Bakri"}))] != ["Leyla", "Omar"]


def test_the_filter_bar_carries_the_sort_and_the_pager_both(people, users, small_pages):
    client = client_for(users[Role.TEAM_LEADER])
    page = client.get(LIST, {SORT: "geboren", DIRECTION: DESCENDING, "civic_integration": "yes"})
    html = page.content.decode()
    assert f'name="{SORT}" value="geboren"' in html
    assert f'name="{DIRECTION}" value="{DESCENDING}"' in html
    assert f"{SORT}=geboren&amp;" in html and "page=2" in html  # the pager's next link


def test_pages_split_the_sorted_rows_without_gaps_or_repeats(people, users, small_pages):
    client = client_for(users[Role.TEAM_LEADER])
    for column in ("naam", "komst", "inburgering"):  # columns with ties
        for direction in ("", DESCENDING):
            query = {SORT: column, DIRECTION: direction}
            pages = [shown(client.get(LIST, {**query, "page": n})) for n in (1, 2, 3)]
            assert [len(p) for p in pages] == [3, 3, 1]
            together = [row for page in pages for row in page]
            assert together == expected(people, column, direction == DESCENDING)
    beyond = client.get(LIST, {"page": 9})
    assert shown(beyond) == expected(people, "naam", False)[6:]  # the last page


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


def test_the_export_is_every_row_of_the_filter_in_the_order_shown(people, users, small_pages):
    client = client_for(users[Role.TEAM_LEADER])
    query = {SORT: "geboren", DIRECTION: DESCENDING, "civic_integration": "yes"}
    pages = [shown(client.get(LIST, {**query, "page": n})) for n in (1, 2)]
    rows = pages[0] + pages[1]
    assert len(rows) == 4  # more than one page
    response = client.get(export_url("xlsx"), query)
    assert response["Content-Disposition"].startswith('attachment; filename="clienten-')
    table = xlsx_rows(response)
    assert table[0] == [str(c.label) for c in CLIENTS.columns]
    assert [r[0] for r in table[1:]] == [str(p) for p in rows]
    assert table[1][1].date() == datetime.date(2003, 4, 4)  # a date stays a date
    assert table[1][5] is True
    text = client.get(export_url("csv"), query).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [line[0] for line in lines[1:]] == [str(p) for p in rows]
    assert lines[1][1] == "2003-04-04"


def test_texts_that_start_like_a_formula_are_written_as_text(branch, users):
    risky = ['=HYPERLINK("http://x")', "+31", "-1+1", "@SUM(A1)"]
    for text in risky:
        PersonFactory(location=branch, given_name=text, family_name="Formule")
    client = client_for(users[Role.TEAM_LEADER])
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(export_url("xlsx")).content))
    cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(f"{t} Formule" for t in risky)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    text = client.get(export_url("csv")).content.decode("utf-8-sig")
    names = [line[0] for line in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert sorted(names) == sorted(f"'{t} Formule" for t in risky)


def test_an_export_is_in_the_access_log_like_a_read(people, users):
    client = client_for(users[Role.TEAM_LEADER])
    AccessLogEntry.objects.all().delete()
    client.get(export_url("csv"), {"arrival_route": "family_reunification"})
    entries = AccessLogEntry.objects.all()
    family = {p.pk for p in people if p.arrival_route == "family_reunification"}
    assert {e.person_id for e in entries} == family
    assert {e.action for e in entries} == {AccessLogEntry.Action.EXPORT}
    assert {e.what for e in entries} == {"cliëntenlijst geëxporteerd (CSV, 3 rijen)"}
    assert {e.path for e in entries} == {export_url("csv")}  # the query string never


def test_an_unknown_format_and_a_role_without_clients_get_404(people, users):
    assert client_for(users[Role.TEAM_LEADER]).get(export_url("pdf")).status_code == 404
    viewer = client_for(users[Role.MUNICIPALITY_VIEWER])  # aggregates only
    assert viewer.get(LIST).status_code == 404
    assert viewer.get(export_url("xlsx")).status_code == 404


def test_the_team_leader_never_lists_or_exports_another_branchs_clients(people, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert "Vreemd" not in client.get(LIST).content.decode()
    for fmt in ("xlsx", "csv"):
        assert "Vreemd" not in str(client.get(export_url(fmt)).content)
        assert "Vreemd" not in str(xlsx_rows(client.get(export_url("xlsx"))))


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows(branch, users):
    client = client_for(users[Role.TEAM_LEADER])
    PersonFactory.create_batch(2, location=branch)
    few = [queries_for(client, u) for u in (LIST, export_url("xlsx"), export_url("csv"))]
    PersonFactory.create_batch(12, location=branch)
    many = [queries_for(client, u) for u in (LIST, export_url("xlsx"), export_url("csv"))]
    assert few == many


def test_the_phones_sort_choice_sorts_without_changing_the_request(people, users, branch):
    from django.test import RequestFactory

    request = RequestFactory().get(LIST, {"volgorde": f"geboren:{DESCENDING}", "page": "1"})
    request.user = users[Role.TEAM_LEADER]
    request.session = {}
    original, before = request.GET, request.GET.copy()
    rows = type(people[0]).objects.all()
    shown_list = CLIENTS.show(
        request, lambda **values: rows, form_kwargs={"locations": type(branch).objects.all()}
    )
    # the request is the request: the listing reads a copy
    assert request.GET is original and dict(request.GET.lists()) == dict(before.lists())
    assert (shown_list.sorted_by.key, shown_list.descending) == ("geboren", True)
    assert shown_list.state == {SORT: "geboren", DIRECTION: DESCENDING}
    assert all("volgorde" not in h["href"] for h in shown_list.headers if h["sortable"])
    assert shown_list.page is shown_list.page  # the page is cut once
