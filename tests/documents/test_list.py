"""A client's documents list on core.listing: sorted by its columns, filtered by kind and
period, the state in the address, the export as shown and in the access log, a dossier's
documents only for who reads legal data, a query count that does not grow with the rows,
and another branch's client a 404 (page and export)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.listing import DESCENDING, DIRECTION, SORT
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.documents.models import Document, DocumentKind
from koers.documents.services import document_upload
from tests.documents.files import PDF, PNG, upload
from tests.factories import DossierFactory, PersonFactory, TrajectoryFactory
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


def list_url(person) -> str:
    return reverse("documents:person_list", kwargs={"person_uid": person.uid})


def export_url(person, fmt: str) -> str:
    return reverse("documents:document_list_export", kwargs={"person_uid": person.uid, "fmt": fmt})


def stored(person, by, title, kind, day, *, dossier=None, content=PDF, name="a.pdf"):
    document = document_upload(
        person=person,
        dossier=dossier,
        upload=upload(name, content, "image/png" if content == PNG else "application/pdf"),
        name=name,
        kind=kind,
        title=title,
        by=by,
    )
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    Document.objects.filter(pk=document.pk).update(created_at=moment)
    return document


@pytest.fixture
def person(branch):
    return PersonFactory(location=branch, given_name="Amina", family_name="Haddad")


@pytest.fixture
def documents(person, users):
    """Amina's: "Huurcontract" (rental contract, 3 March 2026, a PNG), "Brief gemeente"
    (letter, 10 January 2026), "Besluit IND" (IND decision in her dossier, 20 February
    2026)."""
    leader = users[Role.TEAM_LEADER]
    dossier = DossierFactory(person=person)
    return {
        "huur": stored(
            person,
            leader,
            "Huurcontract",
            DocumentKind.RENTAL_CONTRACT,
            datetime.date(2026, 3, 3),
            content=PNG,
            name="huur.png",
        ),
        "brief": stored(
            person, leader, "Brief gemeente", DocumentKind.LETTER, datetime.date(2026, 1, 10)
        ),
        "besluit": stored(
            person,
            leader,
            "Besluit IND",
            DocumentKind.IND_DECISION,
            datetime.date(2026, 2, 20),
            dossier=dossier,
        ),
    }


def titles(response) -> list[str]:
    return [document.title for document in shown(response)]


def test_sorted_by_day_title_and_kind_both_ways(documents, person, users):
    client = client_for(users[Role.TEAM_LEADER])
    assert titles(client.get(list_url(person))) == ["Huurcontract", "Besluit IND", "Brief gemeente"]
    by_title = client.get(list_url(person), {SORT: "titel"})
    assert titles(by_title) == ["Besluit IND", "Brief gemeente", "Huurcontract"]
    assert 'aria-sort="ascending"' in by_title.content.decode()
    by_kind = client.get(list_url(person), {SORT: "soort", DIRECTION: DESCENDING})
    assert titles(by_kind) == ["Huurcontract", "Brief gemeente", "Besluit IND"]
    by_dossier = client.get(list_url(person), {SORT: "dossier"})
    assert titles(by_dossier)[0] == "Besluit IND"  # without a dossier: last


def test_filtered_by_kind_and_period_with_the_state_in_the_address(documents, person, users):
    client = client_for(users[Role.TEAM_LEADER])
    letters = client.get(list_url(person), {"kind": "letter", SORT: "titel"})
    assert titles(letters) == ["Brief gemeente"]
    lst = letters.context["list"]
    for href in [h["href"] for h in lst.headers if h["sortable"]] + [
        e["href"] for e in lst.exports
    ]:
        assert "kind=letter" in href
    period = searched(client, list_url(person), van="2026-02-01", tot="2026-03-31")
    assert titles(period) == ["Huurcontract", "Besluit IND"]
    assert "2026-02" not in period.redirect_chain[-1][0]


def test_the_export_is_what_is_shown_and_in_the_access_log(documents, person, users):
    client = client_for(users[Role.TEAM_LEADER])
    mark = log_mark()
    table = xlsx_rows(client.get(export_url(person, "xlsx"), {SORT: "titel"}))
    assert table[0] == [
        "titel",
        "soort",
        "dossier",
        "toegevoegd",
        "door",
        "bestand",
        "grootte (bytes)",
    ]
    assert [row[0] for row in table[1:]] == ["Besluit IND", "Brief gemeente", "Huurcontract"]
    assert table[1][1:3] == ["IND-besluit", "gezinshereniging"]
    assert table[3][6] == len(PNG)  # a number stays a number
    assert table[2][3].date() == datetime.date(2026, 1, 10)
    logged = logged_since(mark).filter(action=AccessLogEntry.Action.EXPORT)
    assert [(e.person_id, e.what) for e in logged] == [
        (person.pk, "documentenlijst geëxporteerd (XLSX, 3 rijen)")
    ]
    lines = csv_rows(client.get(export_url(person, "csv"), {"kind": "rental_contract"}))
    assert lines[1][0] == "Huurcontract" and lines[1][3].startswith("2026-03-03")


def test_a_dossiers_documents_only_for_who_reads_legal_data(documents, person, users):
    volunteer = users[Role.VOLUNTEER]
    TrajectoryFactory(person=person, coach=volunteer.staff_member)  # her coach
    page = client_for(volunteer).get(list_url(person))
    assert titles(page) == ["Huurcontract", "Brief gemeente"]
    legal = client_for(users[Role.LEGAL]).get(list_url(person))
    assert "Besluit IND" in titles(legal)


def test_another_branchs_client_is_a_404_page_and_export(other_branch, users):
    stranger = PersonFactory(location=other_branch, family_name="Vreemd")
    client = client_for(users[Role.TEAM_LEADER])
    assert client.get(list_url(stranger)).status_code == 404
    for fmt in ("xlsx", "csv"):
        assert client.get(export_url(stranger, fmt)).status_code == 404
    assert client_for(users[Role.MUNICIPALITY_VIEWER]).get(list_url(stranger)).status_code == 404


def test_the_query_count_does_not_grow_with_the_rows(person, users):
    leader = users[Role.TEAM_LEADER]
    client = client_for(leader)
    day = datetime.date(2026, 1, 5)
    stored(person, leader, "Eerste", DocumentKind.LETTER, day)
    urls = (list_url(person), export_url(person, "xlsx"), export_url(person, "csv"))
    few = [queries_for(client, url) for url in urls]
    dossier = DossierFactory(person=person)
    for n in range(6):
        stored(
            person, leader, f"Nog {n}", DocumentKind.OTHER, day, dossier=dossier if n % 2 else None
        )
    assert [queries_for(client, url) for url in urls] == few
