"""The contacts list (a team leader's branch): sorted by its columns, filtered by staff
member, kind, topic and period, the state in the address, the export as shown in the
access log, a query count that does not grow with the rows, another branch's contacts
never shown or exported, and legal hours only for who reads legal records."""

import datetime

import pytest
from django.urls import reverse

from koers.core.listing import DESCENDING, DIRECTION, SORT
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.factories import ContactFactory, PersonFactory, StaffMemberFactory
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
LIST = reverse("contacts:list")


def export_url(fmt: str) -> str:
    return reverse("contacts:contact_list_export", kwargs={"fmt": fmt})


@pytest.fixture
def contacts(branch, other_branch):
    """At the branch: Sanne Verbeek had a home visit with Amin (3 March 2026, housing) and
    a phone call with Bakri (10 January 2026, finance and work); Joris Kramer a coaching
    talk with Tekle (20 February 2026) and a walk-in with a visitor without a file (1
    February 2026). At the other branch: a contact with Vreemd (never shown)."""
    sanne = StaffMemberFactory(location=branch, given_name="Sanne", family_name="Verbeek")
    joris = StaffMemberFactory(location=branch, given_name="Joris", family_name="Kramer")

    def person(name):
        return PersonFactory(location=branch, given_name="K", family_name=name)

    made = {
        "Amin": ContactFactory(
            location=branch,
            person=person("Amin"),
            staff=sanne,
            kind="home_visit",
            date=datetime.date(2026, 3, 3),
            topic_codes=["housing"],
        ),
        "Bakri": ContactFactory(
            location=branch,
            person=person("Bakri"),
            staff=sanne,
            kind="phone",
            date=datetime.date(2026, 1, 10),
            topic_codes=["finance", "work"],
        ),
        "Tekle": ContactFactory(
            location=branch,
            person=person("Tekle"),
            staff=joris,
            kind="coaching",
            date=datetime.date(2026, 2, 20),
        ),
        "bezoeker": ContactFactory(
            location=branch,
            person=None,
            visitor_ref="b-17",
            staff=joris,
            kind="walk_in",
            date=datetime.date(2026, 2, 1),
        ),
    }
    ContactFactory(
        location=other_branch,
        person=PersonFactory(location=other_branch, given_name="K", family_name="Vreemd"),
        date=datetime.date(2026, 2, 2),
    )
    return made | {"sanne": sanne, "joris": joris}


def who(response) -> list[str]:
    return [c.person.family_name if c.person else "bezoeker" for c in shown(response)]


def test_sorted_by_day_client_kind_and_staff_member_both_ways(contacts, users):
    client = client_for(users[Role.TEAM_LEADER])
    newest = client.get(LIST)
    assert who(newest) == ["Amin", "Tekle", "bezoeker", "Bakri"]
    assert newest.context["list"].headers[0]["aria_sort"] == "descending"
    assert who(client.get(LIST, {SORT: "datum"})) == ["Bakri", "bezoeker", "Tekle", "Amin"]
    by_client = client.get(LIST, {SORT: "client"})
    assert who(by_client) == ["Amin", "Bakri", "Tekle", "bezoeker"]  # no file: last
    assert 'aria-sort="ascending"' in by_client.content.decode()
    by_kind = client.get(LIST, {SORT: "soort", DIRECTION: DESCENDING})
    assert who(by_kind) == ["bezoeker", "Bakri", "Amin", "Tekle"]  # walk_in … coaching
    by_staff = client.get(LIST, {SORT: "medewerker"})
    assert who(by_staff) == ["Tekle", "bezoeker", "Amin", "Bakri"]  # Kramer, Verbeek; pk


def test_filtered_by_staff_member_kind_topic_and_period(contacts, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert who(client.get(LIST, {"coach": contacts["sanne"].pk})) == ["Amin", "Bakri"]
    assert who(client.get(LIST, {"kind": "coaching"})) == ["Tekle"]
    assert who(client.get(LIST, {"topic": "work"})) == ["Bakri"]
    filtered = client.get(LIST, {"coach": contacts["joris"].pk, SORT: "datum"})
    assert who(filtered) == ["bezoeker", "Tekle"]
    lst = filtered.context["list"]
    for href in [h["href"] for h in lst.headers if h["sortable"]] + [
        e["href"] for e in lst.exports
    ]:
        assert f"coach={contacts['joris'].pk}" in href
    period = searched(client, LIST, van="2026-02-01", tot="2026-02-28")
    assert who(period) == ["Tekle", "bezoeker"]
    assert "2026-02" not in period.redirect_chain[-1][0]


def test_the_export_is_what_is_shown_and_in_the_access_log(contacts, users):
    client = client_for(users[Role.TEAM_LEADER])
    mark = log_mark()
    table = xlsx_rows(client.get(export_url("xlsx"), {"coach": contacts["sanne"].pk}))
    assert table[0] == ["datum", "cliënt", "soort", "onderwerpen", "medewerker", "vestiging"]
    assert table[1][1:] == [
        "K Amin",
        "huisbezoek",
        "wonen",
        "Sanne Verbeek",
        "Afdeling Rijnmond",
    ]
    assert table[1][0].date() == datetime.date(2026, 3, 3)
    assert table[2][3] == "financiën, werk"
    logged = logged_since(mark).filter(action=AccessLogEntry.Action.EXPORT)
    assert {e.person_id for e in logged} == {
        contacts["Amin"].person_id,
        contacts["Bakri"].person_id,
    }
    assert {e.what for e in logged} == {"contactenlijst geëxporteerd (XLSX, 2 rijen)"}
    lines = csv_rows(client.get(export_url("csv"), {"kind": "walk_in"}))
    assert lines[1][:3] == ["2026-02-01", "bezoeker zonder dossier", "inloopspreekuur"]


def test_other_branches_contacts_are_never_shown_and_only_team_overseers_list(contacts, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert "Vreemd" not in client.get(LIST).content.decode()
    assert "Vreemd" not in str(xlsx_rows(client.get(export_url("xlsx"))))
    assert "Vreemd" not in client.get(export_url("csv")).content.decode("utf-8-sig")
    regional = client_for(users[Role.REGIONAL_MANAGER])  # oversees the region's teams
    assert "Vreemd" in regional.get(LIST).content.decode()
    # a volunteer and a lawyer oversee no team; an administrator reads no client data
    for role in (Role.VOLUNTEER, Role.LEGAL, Role.MUNICIPALITY_VIEWER, Role.ADMINISTRATOR):
        assert client_for(users[role]).get(LIST).status_code == 404
        assert client_for(users[role]).get(export_url("csv")).status_code == 404


def test_the_query_count_does_not_grow_with_the_rows(branch, users):
    client = client_for(users[Role.TEAM_LEADER])
    staff = StaffMemberFactory(location=branch)
    ContactFactory(location=branch, staff=staff, topic_codes=["housing"])
    urls = (LIST, export_url("xlsx"), export_url("csv"))
    few = [queries_for(client, url) for url in urls]
    for n in range(6):
        ContactFactory(
            location=branch,
            staff=StaffMemberFactory(location=branch),
            topic_codes=["work", "health"],
            date=datetime.date(2026, 1, 1 + n),
        )
    assert [queries_for(client, url) for url in urls] == few
