"""The section "Van koppeling tot inburgering": in the yearly report of the Vlaardingen
2021-law bundle (HTML, PDF, XLSX, JSON, with its charts), in the region report and in the
municipality view (small counts hidden)."""

import io
import json
import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from koers.core.models import Location
from koers.core.scoping import Role
from koers.reports.exporters import FORMATS, render
from koers.reports.municipality import period_blocks
from koers.reports.sections import SECTIONS, Context, Figures, integration
from koers.reports.selectors import live_document, region_table
from tests.integration.conftest import WI2021_ACCEPTANCE, WI2021_BUNDLE

pytestmark = pytest.mark.django_db
EXPECTED = json.loads((WI2021_ACCEPTANCE / "expected.json").read_text(encoding="utf-8"))["2023"]
TITLE = "Van koppeling tot inburgering"


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker, tmp_path_factory):
    """The bundle imported once and its 2023 report in every format (rolled back after)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import", str(WI2021_BUNDLE), stdout=io.StringIO())
        location = Location.objects.get(external_id="vlaardingen")
        document = live_document(location, 2023)
        yield {
            "document": document,
            "rendered": {fmt: render(document, fmt) for fmt in FORMATS},
            "region": region_table(location.region, 2023),
            "dir": tmp_path_factory.mktemp("wi2021"),
        }
        transaction.set_rollback(True)


def section_of(document):
    return next(s for s in document.content.sections if s.code == "integration")


def test_the_section_has_its_figures_bullets_and_two_charts(report):
    section = section_of(report["document"])
    assert section.title == TITLE
    keys = {row.key for row in section.rows}
    assert {key for key, value in EXPECTED.items() if value} <= keys
    assert "housing.persons_housed" not in keys
    housing = next(s for s in report["document"].content.sections if s.code == "housing")
    assert not [row.key for row in housing.rows if row.key.startswith("housing.linked")]
    assert "20 statushouders door het COA aan Vlaardingen gekoppeld" in section.bullets
    assert (
        "16 gekoppelden gehuisvest, waarvan 3 binnen 10 weken; gemiddeld na 21,4 weken"
        in section.bullets
    )
    assert (
        "19 persoonlijke plannen (PIP) vastgesteld: B1-route 7, onderwijsroute 6 en Z-route 6; "
        "5 binnen 10 weken, gemiddeld na 15 weken" in section.bullets
    )
    assert [chart.code for chart in section.charts] == [
        "chart-wi2021-pipeline",
        "chart-wi2021-routes",
    ]
    assert "gekoppeld 20" in section.charts[0].description


def test_every_format_carries_the_section(report):
    rendered = report["rendered"]
    html = rendered["html"].decode()
    assert f'<h2 id="h-integration">{TITLE}</h2>' in html
    assert 'data-key="wi2021.pips_by_route.b1"' in html  # a cell of the appendix's table by route
    data = json.loads(rendered["json"])
    section = next(s for s in data["sections"] if s["code"] == "integration")
    assert "wi2021.running_end_by_route.education" in section["figures"]
    workbook = openpyxl.load_workbook(io.BytesIO(rendered["xlsx"]))
    sheet = workbook[TITLE[:31]]
    values = {row[0]: row[3] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["housing.linked_waiting_end_over_10_weeks"] == 8
    path = report["dir"] / "report.pdf"
    path.write_bytes(rendered["pdf"])
    text = subprocess.run(  # noqa: S603  a fixed program on a file this test wrote
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert TITLE in text and "Leerroutes in 2023" in text


def test_the_region_report_has_the_section_with_the_region_total(report):
    sections = dict(report["region"].sections)
    rows = {row.key: row for row in sections[TITLE]}
    assert rows["housing.linked"].total == "20"
    assert rows["wi2021.pips"].values == ["19"]


def test_the_section_stays_out_of_a_report_without_these_records():
    figures = Figures({"housing.persons_housed": 4})
    section = next(s for s in SECTIONS if s.code == "integration")
    assert not section.is_present(figures)
    assert integration(figures, Context("Zeestad", "Afdeling Zeestad", 2023)) == []


def test_sentences_name_waiting_people_in_words_and_routes_in_order():
    figures = Figures(
        {
            "housing.linked_waiting_end": 3,
            "housing.linked_waiting_end_over_10_weeks": 1,
            "wi2021.running_end_by_route.z": 2,
            "wi2021.running_end_by_route.b1": 5,
        }
    )
    bullets = integration(figures, Context("Zeestad", "Afdeling Zeestad", 2023))
    assert bullets == [
        "Aan het eind van 2023 wachtten drie gekoppelden op huisvesting, van wie één langer "
        "dan 10 weken.",
        "Aan het eind van 2023 liepen zeven inburgeringen: B1-route 5 en Z-route 2.",
    ]


def test_the_rest_of_an_of_those_figure_is_a_small_count_too():
    figures = {
        "housing.linked_housed": 8,
        "housing.linked_housed_within_10_weeks": 7,  # 8 - 7: one housed later, one family
        "housing.linked_waiting_end": 6,
        "housing.linked_waiting_end_over_10_weeks": 6,  # nobody waits less: 0 says nothing
        "wi2021.pips": 9,
        "wi2021.pips_within_10_weeks": 5,  # 4 later: small, never shown, yet derivable
        "wi2021.pips_by_route.b1": 9,
    }
    shown = {cell.key: cell.shown for block in period_blocks(figures) for cell in block.cells}
    assert shown["housing.linked_housed"] == "8"
    assert shown["housing.linked_housed_within_10_weeks"] == "\u00d7"
    assert (
        shown["housing.linked_waiting_end"]
        == shown["housing.linked_waiting_end_over_10_weeks"]
        == "6"
    )
    assert shown["wi2021.pips_within_10_weeks"] == "\u00d7"
    assert not any(".rest" in key for key in shown)  # the rest itself is no cell of the page


def test_the_municipality_view_hides_small_counts(users, branch):
    figures = {
        "housing.linked": 6,
        "housing.linked_housed": 2,
        "wi2021.pips": 7,
        "wi2021.pips_by_route.b1": 5,
        "wi2021.pips_by_route.education": 2,
        "wi2021.pips_by_route.z": 0,
    }
    blocks = {
        block.title: {cell.key: cell.shown for cell in block.cells}
        for block in period_blocks(figures)
    }
    linking = blocks["Van koppeling tot huisvesting"]
    assert (linking["housing.linked"], linking["housing.linked_housed"]) == ("6", "<5")
    plans = blocks["Inburgering (Wet inburgering 2021)"]
    assert plans["wi2021.pips_by_route.education"] == "<5"
    assert plans["wi2021.pips_by_route.z"] == "0"
    # 7 - 5 - 0 would give the hidden 2 back: the B1 cell is hidden as well
    assert (plans["wi2021.pips"], plans["wi2021.pips_by_route.b1"]) == ("7", "\u00d7")
    page = Client()
    page.force_login(users[Role.MUNICIPALITY_VIEWER])
    response = page.get(
        reverse("reports:municipality_period", kwargs={"location_uid": branch.uid}),
        {"jaar": "2023", "periode": "H1"},
    )
    assert response.status_code == 200
    assert "Van koppeling tot huisvesting" in response.content.decode()
