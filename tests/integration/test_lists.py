"""The pipeline and the plan list as lists people work with (koers.core.listing): sorted
by their columns, filtered by status, reason, route, coach and period, the state in the
address, and exported as shown (XLSX and CSV) with the export in the access log; another
branch's records are never shown nor exported, and the queries do not grow with the rows.

Days are relative to the ``today`` fixture (the app's ``localdate``) or fixed in the past.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.people.models import Placement
from tests.factories import DwellingFactory, PersonFactory, TrajectoryFactory
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory
from tests.searching import searched

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
PIPELINE = reverse("integration:pipeline")
PLANS = reverse("integration:plan_list")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def linkings(branch, other_branch, today):
    """At the branch: Amin waits 80 days, Bakri 20 days, Celik was cancelled (withdrawn)
    and Dahir housed; at another branch Elders waits."""
    amin = LinkingFactory(
        person=PersonFactory(location=branch, given_name="Zara", family_name="Amin"),
        linked_on=today - 80 * DAY,
    )
    bakri = LinkingFactory(
        person=PersonFactory(location=branch, given_name="Omar", family_name="Bakri"),
        linked_on=today - 20 * DAY,
    )
    celik = LinkingFactory(
        person=PersonFactory(location=branch, given_name="Ayse", family_name="Celik"),
        linked_on=today - 60 * DAY,
        cancelled_on=today - 5 * DAY,
        cancel_reason="withdrawn",
    )
    dahir = LinkingFactory(
        person=PersonFactory(location=branch, given_name="Hodan", family_name="Dahir"),
        linked_on=today - 40 * DAY,
    )
    Placement.objects.create(
        person=dahir.person, dwelling=DwellingFactory(location=branch), housed_on=today - 2 * DAY
    )
    LinkingFactory(
        person=PersonFactory(location=other_branch, given_name="Elders", family_name="Ver"),
        linked_on=today - 90 * DAY,
    )
    return {"amin": amin, "bakri": bakri, "celik": celik, "dahir": dahir}


def names(response) -> list[str]:
    return [row.person.family_name for row in response.context["page"]]


def test_the_pipeline_sorts_by_its_columns_both_ways(users, linkings):
    client = client_for(users[Role.TEAM_LEADER])
    assert names(client.get(PIPELINE)) == ["Amin", "Bakri"]  # waiting, longest first
    everyone = {"status": "all"}
    assert names(client.get(PIPELINE, everyone)) == ["Amin", "Celik", "Dahir", "Bakri"]
    by_name = client.get(PIPELINE, {**everyone, "sorteer": "persoon", "richting": "af"})
    assert names(by_name) == ["Dahir", "Celik", "Bakri", "Amin"]
    body = by_name.content.decode()
    assert 'aria-sort="descending"' in body
    assert "sorteer=persoon" in body and "status=all" in body  # the links keep the state


def test_the_pipeline_filters_by_status_reason_and_period(users, linkings, today):
    client = client_for(users[Role.TEAM_LEADER])
    assert names(client.get(PIPELINE, {"status": "cancelled"})) == ["Celik"]
    assert names(client.get(PIPELINE, {"status": "housed"})) == ["Dahir"]
    withdrawn = client.get(PIPELINE, {"status": "all", "reason": "withdrawn"})
    assert names(withdrawn) == ["Celik"]
    assert "ingetrokken" in withdrawn.content.decode()
    period = {
        "status": "all",
        "van": (today - 65 * DAY).isoformat(),
        "tot": (today - 30 * DAY).isoformat(),
    }
    found = searched(client, PIPELINE, **period)  # a period is kept out of the address
    assert names(found) == ["Celik", "Dahir"]
    assert "van=" not in found.request["QUERY_STRING"]


def test_the_pipeline_exports_what_is_shown_and_logs_it(users, linkings, today):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:pipeline_list_export", kwargs={"fmt": "csv"})
    response = client.get(url, {"status": "all", "sorteer": "persoon"})
    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0] == [
        "persoon",
        "gekoppeld op",
        "weken wachten",
        "stand",
        "gehuisvest of vervallen op",
        "reden vervallen",
        "geplande woning",
        "afdeling",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Zara Amin",
        "Omar Bakri",
        "Ayse Celik",
        "Hodan Dahir",
    ]  # every row of the filter, in its order; never Elders of the other branch
    assert rows[1][2:4] == ["11", "wacht op huisvesting"]
    assert rows[3][3] == "vervallen" and rows[3][5] == "ingetrokken"
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert sorted(logged.values_list("person", flat=True)) == sorted(
        linking.person_id for linking in linkings.values()
    )
    assert logged.first().what == "gekoppeld geëxporteerd (CSV, 4 rijen)"

    workbook = client.get(
        reverse("integration:pipeline_list_export", kwargs={"fmt": "xlsx"}),
        {"status": "housed"},
    )
    table = xlsx_rows(workbook)
    assert [row[0] for row in table[1:]] == ["Hodan Dahir"]
    assert table[1][4].date() == today - 2 * DAY  # a date stays a date
    assert table[1][2] is None  # housed: no weeks of waiting


def test_the_pipeline_costs_the_same_queries_for_more_rows_and_exports(
    branch, users, today, django_assert_max_num_queries
):
    client = client_for(users[Role.TEAM_LEADER])
    urls = [
        PIPELINE + "?status=all",
        reverse("integration:pipeline_list_export", kwargs={"fmt": "xlsx"}) + "?status=all",
    ]
    LinkingFactory(person=PersonFactory(location=branch), linked_on=today)
    few = []
    for url in urls:
        with django_assert_max_num_queries(40) as counted:
            client.get(url)
        few.append(len(counted.captured_queries))
    for n in range(12):
        LinkingFactory(
            person=PersonFactory(location=branch),
            linked_on=today - n * DAY,
            planned_dwelling=DwellingFactory(location=branch),
        )
    for url, before in zip(urls, few, strict=True):
        with django_assert_max_num_queries(40) as counted:
            client.get(url)
        assert len(counted.captured_queries) == before, url


@pytest.fixture
def plans(branch, other_branch, users, today):
    """Three plans at the branch (Amin's coached on integration by the volunteer) and one
    at another branch."""
    coach = users[Role.VOLUNTEER].staff_member
    amin = IntegrationPlanFactory(
        person=PersonFactory(location=branch, given_name="Zara", family_name="Amin"),
        obligation_on=D(2023, 5, 1),
        pip_on=D(2023, 9, 1),
        route="b1",
    )
    TrajectoryFactory(person=amin.person, kind="integration", coach=coach)
    bakri = IntegrationPlanFactory(
        person=PersonFactory(location=branch, given_name="Omar", family_name="Bakri"),
        obligation_on=D(2023, 2, 1),
        pip_on=D(2023, 6, 1),
        route="z",
    )
    celik = IntegrationPlanFactory(
        person=PersonFactory(location=branch, given_name="Ayse", family_name="Celik"),
        obligation_on=D(2024, 1, 15),
    )
    IntegrationPlanFactory(
        person=PersonFactory(location=other_branch, given_name="Elders", family_name="Ver"),
        obligation_on=D(2023, 1, 1),
    )
    return {"amin": amin, "bakri": bakri, "celik": celik, "coach": coach}


def test_the_plan_list_sorts_and_filters_by_stage_route_coach_and_period(users, plans):
    client = client_for(users[Role.TEAM_LEADER])
    assert names(client.get(PLANS)) == ["Bakri", "Amin", "Celik"]  # oldest obligation first
    assert names(client.get(PLANS, {"sorteer": "persoon", "richting": "af"})) == [
        "Celik",
        "Bakri",
        "Amin",
    ]
    assert names(client.get(PLANS, {"route": "b1"})) == ["Amin"]
    assert names(client.get(PLANS, {"stage": "intake"})) == ["Celik"]
    assert names(client.get(PLANS, {"coach": plans["coach"].pk})) == ["Amin"]
    assert names(searched(client, PLANS, van="2023-03-01", tot="2023-12-31")) == ["Amin"]
    page = client.get(PLANS, {"route": "b1", "sorteer": "pip"}).content.decode()
    assert "route=b1" in page and "sorteer=pip" in page  # the export links keep the state
    assert "1 mei 2023" in page  # dates with a year


def test_the_plan_list_exports_what_is_shown_and_logs_it(users, plans):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:plan_list_export", kwargs={"fmt": "xlsx"})
    table = xlsx_rows(client.get(url, {"sorteer": "persoon"}))
    assert table[0][:3] == ["persoon", "inburgeringsplichtig sinds", "stand"]
    assert [row[0] for row in table[1:]] == ["Zara Amin", "Omar Bakri", "Ayse Celik"]
    assert table[1][2] == "loopt" and table[3][2] == "brede intake"
    rows = csv_rows(client.get(reverse("integration:plan_list_export", kwargs={"fmt": "csv"})))
    assert len(rows) == 4 and all("Elders" not in cell for row in rows for cell in row)
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert logged.count() == 6  # three clients, two exports
    assert set(logged.values_list("person", flat=True)) == {
        plans[name].person_id for name in ("amin", "bakri", "celik")
    }


def test_a_plan_list_export_costs_the_same_queries_for_more_plans(
    branch, users, django_assert_max_num_queries
):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:plan_list_export", kwargs={"fmt": "csv"})
    IntegrationPlanFactory(person=PersonFactory(location=branch), pip_on=D(2023, 3, 1), route="z")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(12):
        IntegrationPlanFactory(
            person=PersonFactory(location=branch), pip_on=D(2023, 3, n + 1), route="z"
        )
    with django_assert_max_num_queries(40) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_legal_worker_gets_no_pipeline_export(users, linkings):
    client = client_for(users[Role.LEGAL])
    url = reverse("integration:pipeline_list_export", kwargs={"fmt": "csv"})
    assert client.get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()
