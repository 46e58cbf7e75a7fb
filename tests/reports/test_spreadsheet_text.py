"""Report texts in the XLSX download: a text that looks like a formula is a string cell."""

import io

import openpyxl
from django.urls import reverse

from koers.core.scoping import Role
from koers.reports.exporters import to_xlsx
from koers.reports.selectors import NARRATIVE_TITLES, live_document
from koers.reports.services import narrative_save
from tests.security.fields import FORMULA_TEXTS

LINK = '=HYPERLINK("http://x","klik")'


def test_a_formula_in_the_team_text_is_a_plain_string_cell_and_figures_stay_numbers(
    client, users, world
):
    client.force_login(users[Role.TEAM_LEADER])
    branch = world["branch"]
    saved = client.post(
        reverse("reports:narrative", args=[branch.uid, 2017, "team"]),
        {"text": LINK, "version": "0"},
    )
    assert saved.status_code == 302
    response = client.get(reverse("reports:download", args=[branch.uid, 2017, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    (text,) = [cell for cell in cells if cell.value == LINK]
    assert text.parent.title == "Ons team"
    assert (text.data_type, text.quotePrefix) == ("s", True)
    assert not [cell for cell in cells if cell.data_type == "f"]
    overview = workbook["Alle cijfers"]
    persons_housed = next(
        row for row in overview.iter_rows() if row[0].value == "housing.persons_housed"
    )
    assert (persons_housed[3].data_type, persons_housed[3].value) == ("n", 7)


def test_no_report_text_of_the_fuzz_corpus_becomes_a_formula_in_any_sheet(users, world):
    """Every section's text set to a formula of the corpus: not one formula cell anywhere."""
    branch = world["branch"]
    for number, code in enumerate(code for code, _title in NARRATIVE_TITLES.items()):
        narrative_save(
            location=branch,
            year=2017,
            section=code,
            text=FORMULA_TEXTS[number % len(FORMULA_TEXTS)],
            expected_version=0,
            by=users[Role.TEAM_LEADER],
        )
    document = live_document(branch, 2017)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(document)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    strings = {cell.value for cell in cells if cell.data_type == "s"}
    narratives = [section.narrative for section in document.content.sections if section.narrative]
    assert len(narratives) >= 2
    assert set(narratives) <= strings
