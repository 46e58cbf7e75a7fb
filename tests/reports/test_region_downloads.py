"""The region report as PDF and XLSX: the page's table, for the users who reach the page."""

import io

import openpyxl
import pytest
from django.urls import reverse

from koers.accounts.models import Language
from koers.core.scoping import Role
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.reports.content import label
from tests.security.responses import pdf_text


def download(client, region, fmt, year=2017):
    return client.get(reverse("reports:region_download", args=[region, year, fmt]))


def sheet_rows(response) -> dict[str, list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows() if row}


def test_the_xlsx_holds_each_branch_and_the_engines_region_figure_as_numbers(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    region = world["branch"].region
    response = download(client, region, "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2017.xlsx"')
    rows = sheet_rows(response)
    total = compute(locations=[world["branch"], world["other_branch"]], period=Period.year(2017))
    housed = rows[label("housing.persons_housed")]
    assert housed == [7, 3, total["housing.persons_housed"]]
    assert housed[0] + housed[1] == housed[2] == 10  # people housed are in one branch only
    header = rows["Cijfer"]
    assert header == [world["branch"].municipality, world["other_branch"].municipality, "Regio"]


def test_the_pdf_opens_and_shows_the_same_figures(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    response = download(client, world["branch"].region, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "2017 in cijfers" in text
    assert world["branch"].municipality in text and world["other_branch"].municipality in text


def test_the_region_page_links_both_downloads(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    region = world["branch"].region
    html = client.get(reverse("reports:region", args=[region, 2017])).content.decode()
    for fmt in ("pdf", "xlsx"):
        assert reverse("reports:region_download", args=[region, 2017, fmt]) in html


@pytest.mark.parametrize(
    "role", [Role.TEAM_LEADER, Role.VOLUNTEER, Role.MUNICIPALITY_VIEWER, "other_team_leader"]
)
def test_who_does_not_reach_the_region_page_gets_no_download(client, users, world, role):
    client.force_login(users[role])
    for fmt in ("pdf", "xlsx"):
        assert download(client, world["branch"].region, fmt).status_code == 404


def test_an_unknown_format_or_region_is_404(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    assert download(client, world["branch"].region, "docx").status_code == 404
    assert download(client, "Elders", "xlsx").status_code == 404


def test_the_downloads_are_dutch_for_the_municipality_unless_the_link_asks_english(
    client, users, world
):
    manager = users[Role.REGIONAL_MANAGER]
    manager.language = Language.ENGLISH  # reads Koers in English
    manager.save(update_fields=["language"])
    client.force_login(manager)
    region = world["branch"].region
    dutch = download(client, region, "xlsx")
    assert sheet_rows(dutch)["Cijfer"][-1] == "Regio"
    assert "2017 in cijfers" in pdf_text(download(client, region, "pdf").content)
    english = client.get(
        reverse("reports:region_download", args=[region, 2017, "xlsx"]), {"taal": "en"}
    )
    assert sheet_rows(english)["Figure"][-1] == "Region"
    pdf = client.get(reverse("reports:region_download", args=[region, 2017, "pdf"]), {"taal": "en"})
    assert "2017 in figures" in pdf_text(pdf.content)
    html = client.get(reverse("reports:region", args=[region, 2017])).content.decode()
    assert reverse("reports:region_download", args=[region, 2017, "pdf"]) + "?taal=en" in html
