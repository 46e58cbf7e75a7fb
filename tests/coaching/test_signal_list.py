"""The signals list on core.listing: sorted by its columns, filtered by topic, reported and
period, the state in the address, the export as shown (no personal data: one access-log
row naming no client), a refused new signal answered beside its field with the list, a
query count that does not grow with the rows, and another branch's signals never shown or
exported."""

import datetime

import pytest
from django.urls import reverse

from koers.core.listing import DESCENDING, DIRECTION, SORT
from koers.core.scoping import Role
from tests.coaching.factories import SignalFactory
from tests.listing import (
    client_for,
    csv_rows,
    log_mark,
    logged_since,
    queries_for,
    shown,
    xlsx_rows,
)
from tests.searching import searched

pytestmark = pytest.mark.django_db
LIST = reverse("coaching:signal_list")


def export_url(fmt: str) -> str:
    return reverse("coaching:signal_list_export", kwargs={"fmt": fmt})


@pytest.fixture
def signals(branch, far_branch):
    """At the branch: housing (3 March 2026, reported 10 March), =work (20 January 2026),
    health (10 February 2026, reported 12 February); at a far branch one (never shown)."""
    SignalFactory(location=far_branch, description="Vreemd", noticed_on=datetime.date(2026, 2, 2))
    return {
        "housing": SignalFactory(
            location=branch,
            topic="housing",
            description="Huurtoeslag duurt lang",
            noticed_on=datetime.date(2026, 3, 3),
            reported_on=datetime.date(2026, 3, 10),
        ),
        "work": SignalFactory(
            location=branch,
            topic="work",
            description="=geen stageplekken",
            noticed_on=datetime.date(2026, 1, 20),
        ),
        "health": SignalFactory(
            location=branch,
            topic="health",
            description="Geen huisarts",
            noticed_on=datetime.date(2026, 2, 10),
            reported_on=datetime.date(2026, 2, 12),
        ),
    }


def topics(response) -> list[str]:
    return [signal.topic for signal in shown(response)]


def test_sorted_by_day_topic_and_reported_both_ways(signals, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert topics(client.get(LIST)) == ["housing", "health", "work"]
    oldest = client.get(LIST, {SORT: "gesignaleerd"})
    assert topics(oldest) == ["work", "health", "housing"]
    assert 'aria-sort="ascending"' in oldest.content.decode()
    assert topics(client.get(LIST, {SORT: "onderwerp", DIRECTION: DESCENDING})) == [
        "work",
        "housing",
        "health",
    ]
    # not yet reported: last both ways
    assert topics(client.get(LIST, {SORT: "gemeld"})) == ["health", "housing", "work"]
    reported = client.get(LIST, {SORT: "gemeld", DIRECTION: DESCENDING})
    assert topics(reported) == ["housing", "health", "work"]


def test_filtered_by_topic_reported_and_period_with_the_state_in_the_address(signals, users):
    client = client_for(users[Role.VOLUNTEER])
    assert topics(client.get(LIST, {"topic": "work"})) == ["work"]
    open_ones = client.get(LIST, {"reported": "yes", SORT: "gesignaleerd"})
    assert topics(open_ones) == ["health", "housing"]
    lst = open_ones.context["list"]
    for href in [h["href"] for h in lst.headers if h["sortable"]] + [
        e["href"] for e in lst.exports
    ]:
        assert "reported=yes" in href
    period = searched(client, LIST, van="2026-02-01", tot="2026-03-31")
    assert topics(period) == ["housing", "health"]
    assert "2026-02" not in period.redirect_chain[-1][0]


def test_the_export_is_what_is_shown_and_logged_naming_no_client(signals, users):
    client = client_for(users[Role.TEAM_LEADER])
    mark = log_mark()
    table = xlsx_rows(client.get(export_url("xlsx"), {SORT: "gesignaleerd"}))
    header = ["gesignaleerd", "onderwerp", "omschrijving", "vestiging", "gemeld aan de gemeente"]
    assert table[0] == header
    assert [row[2] for row in table[1:]] == [
        "=geen stageplekken",  # a text cell, not a formula
        "Geen huisarts",
        "Huurtoeslag duurt lang",
    ]
    assert table[3][0].date() == datetime.date(2026, 3, 3)
    assert table[3][4].date() == datetime.date(2026, 3, 10) and table[1][4] is None
    lines = csv_rows(client.get(export_url("csv"), {"topic": "work"}))
    assert lines[1] == ["2026-01-20", "werk", "'=geen stageplekken", "Afdeling Rijnmond", ""]
    # branch data: one row per export, naming no client
    assert [(e.person_id, e.what) for e in logged_since(mark).order_by("id")] == [
        (None, "signalen geëxporteerd (XLSX, 3 rijen)"),
        (None, "signalen geëxporteerd (CSV, 1 rijen)"),
    ]


def test_a_refused_new_signal_is_answered_with_the_list_and_its_error(signals, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.post(LIST, {"topic": "housing", "description": "", "noticed_on": ""})
    assert response.status_code == 422
    assert len(response.context["page"]) == 3  # the list stays in sight
    assert response.context["form"].errors


def test_another_branchs_signals_are_never_shown_or_exported(signals, users):
    for role in (Role.TEAM_LEADER, Role.VOLUNTEER, Role.REGIONAL_MANAGER):
        client = client_for(users[role])
        assert "Vreemd" not in client.get(LIST).content.decode()
        assert "Vreemd" not in str(xlsx_rows(client.get(export_url("xlsx"))))
        assert "Vreemd" not in client.get(export_url("csv")).content.decode("utf-8-sig")
    assert client_for(users[Role.MUNICIPALITY_VIEWER]).get(export_url("csv")).status_code == 404


def test_the_query_count_does_not_grow_with_the_rows(branch, other_branch, users):
    client = client_for(users[Role.REGIONAL_MANAGER])
    SignalFactory(location=branch)
    urls = (LIST, export_url("xlsx"), export_url("csv"))
    few = [queries_for(client, url) for url in urls]
    for n in range(6):
        SignalFactory(
            location=(branch, other_branch)[n % 2], noticed_on=datetime.date(2026, 1, n + 1)
        )
    assert [queries_for(client, url) for url in urls] == few
