"""The contacts, transfers, signals and a client's documents lists in the browser, on a
phone (360x740) and at desktop width: Dutch, days with their year, the sort (header links
on a desktop, the sort choice on a phone: aria-sort follows) and the export links of
exactly what is shown; axe checks every state (conftest)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.documents.models import Document, DocumentKind
from koers.documents.services import document_upload
from koers.transfers import services as transfers
from koers.transfers.models import Transfer
from tests.browser.conftest import ARTIFACTS, main_menu
from tests.coaching.factories import SignalFactory
from tests.documents.files import upload
from tests.factories import ContactFactory, HouseholdFactory, PersonFactory, StaffMemberFactory

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
A_DAY_WITH_ITS_YEAR = re.compile(r"\b\d{1,2} (jan|feb|mrt)\. 2026")


@pytest.fixture
def records(users, branch, other_branch):
    leader = users[Role.TEAM_LEADER]
    amina = PersonFactory(location=branch, given_name="Amina", family_name="Haddad")
    coach = StaffMemberFactory(location=branch, given_name="Sanne", family_name="Verbeek")
    for day, kind in (
        (datetime.date(2026, 1, 10), "phone"),
        (datetime.date(2026, 3, 3), "home_visit"),
    ):
        ContactFactory(location=branch, person=amina, staff=coach, kind=kind, date=day)
    SignalFactory(location=branch, noticed_on=datetime.date(2026, 2, 10))
    SignalFactory(location=branch, topic="work", noticed_on=datetime.date(2026, 1, 20))
    household = HouseholdFactory(location=branch)
    PersonFactory(location=branch, household=household, given_name="Yonas", family_name="Tekle")
    offer = transfers.transfer_offer(
        household=household,
        to_location=other_branch,
        consent_on=datetime.date(2026, 1, 5),
        consent_how="written",
        by=leader,
    )
    moment = timezone.make_aware(
        datetime.datetime.combine(datetime.date(2026, 1, 6), datetime.time(10))
    )
    Transfer.objects.filter(pk=offer.pk).update(offered_at=moment)
    for title, day in (
        ("Brief gemeente", datetime.date(2026, 1, 12)),
        ("Huurcontract", datetime.date(2026, 2, 2)),
    ):
        document = document_upload(
            person=amina,
            dossier=None,
            upload=upload("a.pdf"),
            name="a.pdf",
            kind=DocumentKind.LETTER,
            title=title,
            by=leader,
        )
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Document.objects.filter(pk=document.pk).update(created_at=at)
    return {"amina": amina}


def sort_twice(page, viewport, column: str, label: str) -> None:
    """Sort by ``column`` ascending, then descending; aria-sort follows."""
    for descending in (False, True):
        if viewport is SMALL_PHONE:
            way = "aflopend" if descending else "oplopend"
            page.locator("select[name=volgorde]").select_option(label=f"{label}, {way}")
            page.get_by_role("button", name="Sorteren", exact=True).click()
        else:
            page.locator("table.list thead").get_by_role("link", name=column).click()
        expected = "descending" if descending else "ascending"
        expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", expected)


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_new_lists_sort_show_their_days_and_offer_the_export(as_user, users, records, viewport):
    page = as_user(users[Role.TEAM_LEADER], viewport=viewport)
    page.goto("/")
    main_menu(page).get_by_role("link", name="Contacten", exact=True).click()
    page.wait_for_url("**/contacten/")
    pages = [
        ("contacten", "datum", "Datum"),
        ("/overdrachten/", "aangeboden", "Aangeboden"),
        ("/begeleiding/signalen/", "gesignaleerd", "Gesignaleerd"),
        (f"/documenten/clienten/{records['amina'].uid}/", "toegevoegd", "Toegevoegd"),
    ]
    for address, column, label in pages:
        if address.startswith("/"):
            page.goto(address)
        expect(page.locator("table.list tbody tr").first).to_be_visible()
        expect(page.locator("table.list tbody")).to_contain_text(A_DAY_WITH_ITS_YEAR)
        sort_twice(page, viewport, column, label)
        for fmt in ("XLSX", "CSV"):
            expect(page.get_by_role("link", name=fmt, exact=True)).to_be_visible()
        name = address.strip("/").split("/")[0] or "contacten"
        page.screenshot(path=ARTIFACTS / f"lists-{name}-{viewport['width']}.png", full_page=True)
        assert "None" not in page.content()
