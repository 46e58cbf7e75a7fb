"""The activities and the social map on the one list mechanism (koers.core.listing):
sorted by their columns, filtered, the state in the address, and exported as shown to
XLSX and CSV, each export written to the access log (a row naming no client: these are
branch data); another branch's rows are never shown nor exported, and the queries do
not grow with the rows."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.cooperation.factories import ActivityFactory, PartnerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ACTIVITIES = reverse("cooperation:activity_list")
PARTNERS = reverse("cooperation:partner_list")


@pytest.fixture
def leader(users):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    return client


def export(client, route: str, fmt: str, query: dict | None = None) -> list[list]:
    response = client.get(reverse(route, kwargs={"fmt": fmt}), query or {})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def social_map(branch, other_branch):
    """At the branch: Bibliotheek (two activities, the last on 3 May 2017), Wijkteam (one,
    on 1 March 2017) and Voedselbank (none); at another branch: Elders."""
    library = PartnerFactory(location=branch, name="Bibliotheek", kind="education")
    team = PartnerFactory(location=branch, name="Wijkteam", contact_person="Sanne de Wit")
    PartnerFactory(location=branch, name="Voedselbank", kind="food_bank")
    elders = PartnerFactory(location=other_branch, name="Elders")
    ActivityFactory(location=branch, title="Voorlichting", date=D(2017, 5, 3), partners=[library])
    ActivityFactory(location=branch, title="Overleg", date=D(2017, 3, 1), partners=[library, team])
    ActivityFactory(location=other_branch, title="Ver weg", date=D(2017, 4, 1), partners=[elders])


def partner_names(response) -> list[str]:
    return [partner.name for partner in response.context["page"]]


def test_the_social_map_sorts_by_its_columns_and_filters_by_kind(leader, social_map):
    assert partner_names(leader.get(PARTNERS)) == ["Bibliotheek", "Voedselbank", "Wijkteam"]
    most = leader.get(PARTNERS, {"sorteer": "activiteiten", "richting": "af"})
    assert partner_names(most) == ["Bibliotheek", "Wijkteam", "Voedselbank"]
    latest = leader.get(PARTNERS, {"sorteer": "laatste"})
    assert partner_names(latest) == ["Wijkteam", "Bibliotheek", "Voedselbank"]  # none: last
    education = leader.get(PARTNERS, {"soort": "education", "sorteer": "naam"})
    assert partner_names(education) == ["Bibliotheek"]
    body = education.content.decode()
    assert "3 mei 2017" in body  # the last activity, with its year
    assert "soort=education" in body and 'aria-sort="ascending"' in body


def test_the_social_map_exports_what_is_shown_and_logs_it(leader, social_map, users):
    rows = export(leader, "cooperation:partner_list_export", "xlsx", {"sorteer": "naam"})
    assert rows[0] == [
        "naam",
        "soort",
        "contactpersoon",
        "telefoon",
        "activiteiten",
        "laatste activiteit",
        "afdeling",
    ]
    assert [row[0] for row in rows[1:]] == ["Bibliotheek", "Voedselbank", "Wijkteam"]
    assert rows[1][4] == 2 and rows[1][5].date() == D(2017, 5, 3)  # a number, a date
    logged = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORT)
    assert logged.person_id is None and logged.username == users[Role.TEAM_LEADER].username
    assert logged.what == "sociale kaart geëxporteerd (XLSX, 3 rijen)"


def test_the_activities_export_to_xlsx_and_csv_as_shown_and_logged(leader, social_map):
    rows = export(leader, "cooperation:activity_list_export", "xlsx", {"sorteer": "titel"})
    assert [row[2] for row in rows[1:]] == ["Overleg", "Voorlichting"]  # never "Ver weg"
    assert rows[1][4] == "Bibliotheek, Wijkteam"
    csv_rows = export(leader, "cooperation:activity_list_export", "csv", {"jaar": "2017"})
    assert [row[2] for row in csv_rows[1:]] == ["Voorlichting", "Overleg"]  # newest first
    old = leader.get(reverse("cooperation:activity_export"))  # the former CSV address
    assert old["Content-Type"] == "text/csv; charset=utf-8"
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert list(logged.order_by("id").values_list("what", flat=True)) == [
        "activiteiten geëxporteerd (XLSX, 2 rijen)",
        "activiteiten geëxporteerd (CSV, 2 rijen)",
        "activiteiten geëxporteerd (CSV, 2 rijen)",
    ]
    assert not logged.filter(person__isnull=False).exists()


def test_a_page_of_the_lists_writes_no_access_log(leader, social_map):
    leader.get(ACTIVITIES)
    leader.get(PARTNERS)
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "route",
    [
        "cooperation:activity_list",
        "cooperation:partner_list",
        "cooperation:activity_list_export",
        "cooperation:partner_list_export",
    ],
)
def test_the_lists_cost_the_same_queries_for_more_rows(
    route, branch, leader, django_assert_max_num_queries
):
    url = reverse(route, kwargs={"fmt": "xlsx"} if route.endswith("export") else {})
    partner = PartnerFactory(location=branch)
    ActivityFactory(location=branch, partners=[partner])
    with django_assert_max_num_queries(40) as few:
        leader.get(url)
    for n in range(10):
        more = PartnerFactory(location=branch)
        ActivityFactory(location=branch, date=D(2017, 1, n + 1), partners=[partner, more])
    with django_assert_max_num_queries(40) as many:
        leader.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
