"""Figures for any slice: the same numbers as ``koers indicators``, for a branch, a region,
a period and a series; small cells hidden for who sees only aggregates."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.core.models import Location
from koers.core.scoping import Role
from koers.indicators.engine import compute_series
from koers.indicators.periods import Period
from koers.reports.municipality import period_blocks
from tests.api.conftest import ApiClient, client_for
from tests.conftest import ACCEPTANCE_BUNDLE
from tests.factories import (
    ContactFactory,
    LocationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.indicators.test_acceptance import agrees


def cli_figures(*arguments: str) -> dict:
    out = io.StringIO()
    call_command("indicators", *arguments, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def barendrecht(db):
    call_command("import", str(ACCEPTANCE_BUNDLE), verbosity=0)
    return Location.objects.get(external_id="barendrecht")


def test_a_branch_and_a_region_get_what_koers_indicators_gets(barendrecht):
    region = barendrecht.region
    manager = UserFactory(username="regio")
    MembershipFactory(user=manager, role=Role.REGIONAL_MANAGER, location=None, region=region)
    api = client_for(manager)
    for year in (2016, 2017):
        period = {"from": f"{year}-01-01", "to": f"{year}-12-31"}
        branch = api.get("/api/v1/indicators/", location="barendrecht", **period)
        assert branch.status_code == 200, branch.content
        body = branch.json()
        assert body["values"] == cli_figures("--location", "barendrecht", "--year", str(year))
        assert (body["location"], body["from"], body["suppressed"]) == (
            "barendrecht",
            f"{year}-01-01",
            {},
        )
        whole = api.get("/api/v1/indicators/", region=region, **period).json()
        assert whole["values"] == cli_figures("--region", region, "--year", str(year))
    some = api.get(
        "/api/v1/indicators/",
        location="barendrecht",
        keys="housing.persons_housed,contacts.by_kind.{kind}",
        **{"from": "2017-03-01", "to": "2017-05-31"},
    ).json()["values"]
    every = cli_figures("--location", "barendrecht", "--from", "2017-03-01", "--to", "2017-05-31")
    assert some == {
        key: value
        for key, value in every.items()
        if key == "housing.persons_housed" or key.startswith("contacts.by_kind.")
    }


def regional_manager_api(location: Location):
    manager = UserFactory(username="regio")
    MembershipFactory(
        user=manager, role=Role.REGIONAL_MANAGER, location=None, region=location.region
    )
    api = client_for(manager)
    api.get("/api/v1/locations/")  # the token's first use (its last use noted) out of the way
    return api


def test_a_regional_manager_gets_every_figure_of_the_reference_over_the_api(barendrecht):
    """expected.json of the acceptance bundle (the report's figures): a figure is exact, or
    ``">X"``, more than X."""
    reference = json.loads((ACCEPTANCE_BUNDLE.parent / "expected.json").read_text())
    out = io.StringIO()  # the account and its token as an installation makes them
    call_command(
        "user",
        "create",
        "regio",
        "--role",
        "regional_manager",
        "--region",
        barendrecht.region,
        stdout=out,
    )
    call_command("token", "create", "regio", "--name", "dashboard", stdout=out, stderr=out)
    api = ApiClient(out.getvalue().strip().splitlines()[-1])
    year = reference["year"]
    body = api.get(
        "/api/v1/indicators/",
        location=reference["location"],
        **{"from": f"{year}-01-01", "to": f"{year}-12-31"},
    ).json()
    wrong = {
        key: (expected, body["values"].get(key))
        for key, expected in reference["figures"].items()
        if not agrees(expected, body["values"].get(key))
    }
    assert len(reference["figures"]) == 42 and wrong == {}


def test_a_series_gives_each_month_and_each_year_as_the_engine_does(barendrecht):
    api = regional_manager_api(barendrecht)
    months = api.get(
        "/api/v1/indicators/series/", location="barendrecht", interval="month", year=2017
    ).json()
    expected = compute_series(
        locations=[barendrecht], periods=[Period.month(2017, m) for m in range(1, 13)]
    )
    assert [p["values"] for p in months["periods"]] == expected
    assert [p["label"] for p in months["periods"]][:2] == ["januari 2017", "februari 2017"]
    assert [p["from"] for p in months["periods"]][1:3] == ["2017-02-01", "2017-03-01"]
    years = api.get(
        "/api/v1/indicators/series/",
        location="barendrecht",
        interval="year",
        from_year=2016,
        to_year=2017,
    ).json()
    assert [p["values"] for p in years["periods"]] == [
        cli_figures("--location", "barendrecht", "--year", "2016"),
        cli_figures("--location", "barendrecht", "--year", "2017"),
    ]


def queries_of(api, path: str, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path, **query).status_code == 200
    return len(queries)


def test_figures_cost_the_same_queries_for_an_empty_branch_and_a_full_one(barendrecht):
    """3,496 imported rows at Barendrecht, none at the new branch of the same region: the
    same queries. A series is one set of queries for all its periods, except the two
    sources that group their rows first (households housed, participants): one each
    per period (``indicators.engine._by_period``), so twelve months cost at most 22 more
    than one. Measured: 33 queries for one period, 54 for the twelve months."""
    empty = LocationFactory(external_id="leeg", region=barendrecht.region)
    api = regional_manager_api(barendrecht)
    year = YEAR_2017
    months = {"interval": "month", "year": 2017}
    series = "/api/v1/indicators/series/"
    one = queries_of(api, "/api/v1/indicators/", location="barendrecht", **year)
    assert one == queries_of(api, "/api/v1/indicators/", location="leeg", **year)
    twelve = queries_of(api, series, location="barendrecht", **months)
    assert twelve == queries_of(api, series, location="leeg", **months)
    assert twelve <= one + 2 * 11
    # the region of both branches: one query more (are they all the manager's?)
    assert queries_of(api, "/api/v1/indicators/", region=empty.region, **year) == one + 1


YEAR_2017 = {"from": "2017-01-01", "to": "2017-12-31"}


@pytest.fixture
def three_calls(branch):
    """Three phone contacts at the branch on 2017-04-01: fewer than five, a cell the
    municipality page hides."""
    for _ in range(3):
        ContactFactory(
            location=branch,
            person=PersonFactory(location=branch),
            kind="phone",
            date=datetime.date(2017, 4, 1),
        )


def figures_of_2017(api: ApiClient, **query) -> dict:
    """The branch's (rijnmond's) figures of 2017."""
    response = api.get("/api/v1/indicators/", location="rijnmond", **YEAR_2017, **query)
    assert response.status_code == 200, response.content
    return response.json()


def shown_cells(branch, period: Period) -> dict[str, str]:
    """The municipality page's cells for the branch and period: key -> how it is shown."""
    [values] = compute_series(locations=[branch], periods=[period])
    return {cell.key: cell.shown for block in period_blocks(values) for cell in block.cells}


def test_the_municipality_viewer_gets_the_municipality_pages_suppression(
    api_as, branch, three_calls
):
    body = figures_of_2017(api_as(Role.MUNICIPALITY_VIEWER))
    cells = shown_cells(branch, Period.year(2017))
    assert set(body["values"]) == set(cells)  # the page's figures, no others
    assert body["values"]["contacts.by_kind.phone"] is None
    assert body["suppressed"]["contacts.by_kind.phone"] == "<5"
    assert body["suppressed"] == {key: shown for key, shown in cells.items() if not shown.isdigit()}
    assert body["values"]["housing.persons_housed"] == 0  # zeros are shown


def test_the_municipality_viewer_asking_for_keys_gets_only_those_still_hidden(
    api_as, branch, three_calls
):
    body = figures_of_2017(api_as(Role.MUNICIPALITY_VIEWER), keys="contacts.by_kind.{kind}")
    cells = shown_cells(branch, Period.year(2017))
    kinds = {key for key in cells if key.startswith("contacts.by_kind.")}
    assert len(kinds) > 1 and set(body["values"]) == kinds
    assert body["values"]["contacts.by_kind.phone"] is None
    assert set(body["suppressed"]) <= kinds and body["suppressed"]["contacts.by_kind.phone"] == "<5"


def test_the_municipality_viewers_series_is_hidden_month_by_month(api_as, branch, three_calls):
    months = (
        api_as(Role.MUNICIPALITY_VIEWER)
        .get("/api/v1/indicators/series/", location="rijnmond", interval="month", year=2017)
        .json()["periods"]
    )
    assert len(months) == 12
    for month, answer in enumerate(months, start=1):
        cells = shown_cells(branch, Period.month(2017, month))
        assert set(answer["values"]) == set(cells), month
        assert answer["suppressed"] == {k: v for k, v in cells.items() if not v.isdigit()}
    assert months[3]["suppressed"]["contacts.by_kind.phone"] == "<5"  # April
    assert months[2]["values"]["contacts.by_kind.phone"] == 0  # March: none, and zero is shown


def test_the_team_leader_sees_the_same_branch_unsuppressed(api_as, branch, three_calls):
    body = figures_of_2017(api_as(Role.TEAM_LEADER))
    assert body["values"]["contacts.by_kind.phone"] == 3 and body["suppressed"] == {}


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        (Role.TEAM_LEADER, {"location": "waalstad"}, 404),  # another branch
        (Role.TEAM_LEADER, {"region": "Zuidwest-Nederland"}, 404),  # not every branch of it
        (Role.REGIONAL_MANAGER, {"location": "noordkust"}, 404),  # another region
        (Role.VOLUNTEER, {"location": "rijnmond"}, 404),  # no figures for volunteers
        (Role.ADMINISTRATOR, {"location": "rijnmond"}, 404),
        (Role.REGIONAL_MANAGER, {"region": "Zuidwest-Nederland"}, 200),
        (Role.TEAM_LEADER, {"location": "rijnmond", "keys": "no.such.key"}, 404),
        (Role.TEAM_LEADER, {"location": "rijnmond", "region": "Zuidwest-Nederland"}, 422),
        (Role.TEAM_LEADER, {}, 422),
    ],
)
def test_who_may_ask_which_figures(api_as, branch, other_branch, far_branch, role, where, status):
    response = api_as(role).get("/api/v1/indicators/", **YEAR_2017, **where)
    assert response.status_code == status, response.content


def test_a_period_that_ends_before_it_starts_is_refused(api_as, branch):
    response = api_as(Role.TEAM_LEADER).get(
        "/api/v1/indicators/", location="rijnmond", **{"from": "2017-12-31", "to": "2017-01-01"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "from"
