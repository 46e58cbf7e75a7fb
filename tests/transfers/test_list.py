"""The transfers list on core.listing: sorted by its columns, filtered by state, direction
and period, the state in the address, the export as shown (the names only where this
side may see them) in the access log, a query count that does not grow with the rows,
and transfers between other branches never shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.listing import DESCENDING, DIRECTION, SORT
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.transfers import services
from koers.transfers.models import Transfer
from tests.factories import HouseholdFactory, PersonFactory
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
LIST = reverse("transfers:list")


def export_url(fmt: str) -> str:
    return reverse("transfers:transfer_list_export", kwargs={"fmt": fmt})


def offered(by, at, to, family: str, size: int, day: datetime.date) -> Transfer:
    household = HouseholdFactory(location=at)
    for n in range(size):
        PersonFactory(
            location=at,
            household=household,
            given_name=f"K{n}",
            family_name=family,
            birth_date=datetime.date(1980 + n, 1, 1),  # the list names the oldest first
        )
    transfer = services.transfer_offer(
        household=household,
        to_location=to,
        consent_on=day,
        consent_how="written",
        by=by,
    )
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Transfer.objects.filter(pk=transfer.pk).update(offered_at=moment)
    return Transfer.objects.get(pk=transfer.pk)


@pytest.fixture
def transfers(users, branch, other_branch, far_branch):
    """Offered by the team leader's branch: Amin (2 people, 3 March 2026), Bakri (1, 10
    January 2026, revoked), Tekle (3, 20 February 2026); offered to it: Haddad (1, 1
    February 2026); between the other branch and a far one: Vreemd (never shown)."""
    leader, other = users[Role.TEAM_LEADER], users["other_team_leader"]
    made = {
        "Amin": offered(leader, branch, other_branch, "Amin", 2, datetime.date(2026, 3, 3)),
        "Bakri": offered(leader, branch, other_branch, "Bakri", 1, datetime.date(2026, 1, 10)),
        "Tekle": offered(leader, branch, other_branch, "Tekle", 3, datetime.date(2026, 2, 20)),
        "Haddad": offered(other, other_branch, branch, "Haddad", 1, datetime.date(2026, 2, 1)),
        "Vreemd": offered(other, other_branch, far_branch, "Vreemd", 1, datetime.date(2026, 2, 2)),
    }
    bakri = made["Bakri"]
    services.transfer_revoke(transfer=bakri, expected_version=bakri.version, by=leader)
    return made


def names(response) -> list[str]:
    return [t.members[0].family_name for t in shown(response)]


def test_sorted_by_offer_day_and_by_household_size_both_ways(transfers, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert names(client.get(LIST)) == ["Amin", "Tekle", "Haddad", "Bakri"]  # newest first
    oldest = client.get(LIST, {SORT: "aangeboden"})
    assert names(oldest) == ["Bakri", "Haddad", "Tekle", "Amin"]
    header = oldest.context["list"].headers[0]
    assert header["aria_sort"] == "ascending"
    assert 'aria-sort="ascending"' in oldest.content.decode()
    biggest = client.get(LIST, {SORT: "huishouden", DIRECTION: DESCENDING})
    assert names(biggest) == ["Tekle", "Amin", "Haddad", "Bakri"]  # a tie: the newer first
    by_from = client.get(LIST, {SORT: "van"})
    assert names(by_from)[-1] == "Haddad"  # Afdeling Waalstad after Afdeling Rijnmond


def test_filtered_by_state_direction_and_period_with_the_state_in_the_address(transfers, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert names(client.get(LIST, {"state": "revoked"})) == ["Bakri"]
    assert names(client.get(LIST, {"direction": "in"})) == ["Haddad"]
    out_pending = client.get(LIST, {"direction": "out", "state": "pending", SORT: "aangeboden"})
    assert names(out_pending) == ["Tekle", "Amin"]
    # the header links and the exports keep the filter
    lst = out_pending.context["list"]
    for href in [h["href"] for h in lst.headers if h["sortable"]] + [
        e["href"] for e in lst.exports
    ]:
        assert "direction=out" in href and "state=pending" in href
    period = searched(client, LIST, van="2026-02-01", tot="2026-02-28")
    assert names(period) == ["Tekle", "Haddad"]
    assert "2026-02" not in period.redirect_chain[-1][0]  # typed days stay out of the address


def test_the_export_is_what_is_shown_and_in_the_access_log(transfers, users):
    client = client_for(users[Role.TEAM_LEADER])
    mark = log_mark()
    query = {"direction": "out", SORT: "aangeboden"}
    table = xlsx_rows(client.get(export_url("xlsx"), query))
    assert table[0] == ["aangeboden", "huishouden", "van", "naar", "stand", "sinds"]
    assert [row[1] for row in table[1:]] == [
        "K0 Bakri",
        "K0 Tekle, K1 Tekle, K2 Tekle",
        "K0 Amin, K1 Amin",
    ]
    assert table[1][0].date() == datetime.date(2026, 1, 10) and table[1][4] == "ingetrokken"
    moved = {p.pk for t in ("Bakri", "Tekle", "Amin") for p in transfers[t].household.members.all()}
    logged = logged_since(mark).filter(action=AccessLogEntry.Action.EXPORT)
    assert {e.person_id for e in logged} == moved
    assert {e.what for e in logged} == {"overdrachten geëxporteerd (XLSX, 3 rijen)"}
    lines = csv_rows(client.get(export_url("csv"), {"state": "pending", "direction": "in"}))
    assert lines[1][1:5] == ["K0 Haddad", "Afdeling Waalstad", "Afdeling Rijnmond", "aangeboden"]
    assert lines[1][0] == "2026-02-01"


def test_after_the_move_the_old_side_exports_no_names(transfers, users):
    haddad = transfers["Haddad"]
    new = users[Role.TEAM_LEADER]
    services.transfer_accept(
        transfer=haddad,
        expected_version=haddad.version,
        moved_on=datetime.date(2026, 2, 15),
        by=new,
    )
    old = client_for(users["other_team_leader"])
    mark = log_mark()
    table = xlsx_rows(old.get(export_url("xlsx"), {"direction": "out", "state": "accepted"}))
    assert [row[1] for row in table[1:]] == ["huishouden van 1 persoon"]
    # nobody named: the export's one row names no client
    assert not logged_since(mark).filter(person__isnull=False).exists()
    assert logged_since(mark).get().person_id is None


def test_transfers_between_other_branches_are_never_shown_or_exported(transfers, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert "Vreemd" not in client.get(LIST).content.decode()
    assert "Vreemd" not in str(xlsx_rows(client.get(export_url("xlsx"))))
    assert "Vreemd" not in client.get(export_url("csv")).content.decode("utf-8-sig")
    assert client_for(users[Role.VOLUNTEER]).get(export_url("csv")).status_code == 404


def test_the_query_count_does_not_grow_with_the_rows(users, branch, other_branch):
    leader = users[Role.TEAM_LEADER]
    client = client_for(leader)
    day = datetime.date(2026, 1, 5)
    offered(leader, branch, other_branch, "Een", 1, day)
    urls = (LIST, export_url("xlsx"), export_url("csv"))
    few = [queries_for(client, url) for url in urls]
    for n in range(6):
        offered(leader, branch, other_branch, f"Veel{n}", 2, day)
    assert [queries_for(client, url) for url in urls] == few
