"""Every spreadsheet a user can download holds text as text: a crawl of every route.

``test_spreadsheets.py`` keeps modules from writing cells around ``core.spreadsheet``;
this test checks what actually reaches a user. Every report text of the team leader's
branch is set to a formula of the fuzz corpus (``fields.FORMULA_TEXTS``) and an edition
is published with them; then every logged-in route of the URL resolver (each download
format of a ``<slug:fmt>`` route) is fetched as the team leader. Whatever comes back as
a spreadsheet (by its type, its file name or its bytes) must hold no formula cell, every
text a string cell, and a text that starts with ``=``, ``+``, ``-``, ``@``, tab or CR
Excel's quote prefix; a CSV no cell that starts so. A download added to any app is
checked as soon as its route exists.
"""

import csv
import io

import openpyxl
import pytest
from django.test import Client

from koers.core.scoping import Role
from koers.core.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, is_risky
from koers.reports.models import PublishedReport
from koers.reports.selectors import NARRATIVE_TITLES, edition_document, live_document
from koers.reports.services import narrative_save, report_publish
from tests.security.canaries import REPORT_YEAR
from tests.security.fields import FORMULA_TEXTS
from tests.security.routes import LOGGED_IN_ROUTES, paths_for


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def kind_of(response, body: bytes) -> str | None:
    """``xlsx``, ``csv`` or None: what a spreadsheet program would open this download as."""
    content_type = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "").lower()
    if (
        "spreadsheetml" in content_type
        or '.xlsx"' in disposition
        or (body.startswith(b"PK\x03\x04") and b"xl/workbook.xml" in body)
    ):
        return "xlsx"
    if "text/csv" in content_type or '.csv"' in disposition:
        return "csv"
    return None


def xlsx_problems(body: bytes) -> tuple[list[str], set[str]]:
    """Cells that a spreadsheet would evaluate, and the texts of the string cells."""
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    problems, texts = [], set()
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    problems.append(f"{where}: formula {cell.value!r}")
                elif isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.data_type != "s":
                        problems.append(f"{where}: {cell.data_type} cell {cell.value!r}")
                    elif is_risky(cell.value) and not cell.quotePrefix:
                        problems.append(f"{where}: no quote prefix on {cell.value!r}")
    return problems, texts


def csv_problems(body: bytes) -> tuple[list[str], set[str]]:
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    cells = {cell for row in rows for cell in row}
    return [f"cell {cell!r}" for cell in sorted(cells) if is_risky(cell)], cells


def stories_of(document) -> set[str]:
    """The report texts a document shows (a section without figures is left out)."""
    return {section.narrative for section in document.content.sections if section.narrative}


@pytest.fixture
def formula_world(canary_world, users, branch):
    """Every section's story a formula of the corpus, and an edition published with them.

    The records the crawl's routes name are made first: made during the crawl, they would
    add a report section (an activity: cooperation) after the report was downloaded."""
    for route, _name, _view, _converters in LOGGED_IN_ROUTES:
        paths_for(route, canary_world)
    leader = users[Role.TEAM_LEADER]
    for number, section in enumerate(NARRATIVE_TITLES):
        narrative_save(
            location=branch,
            year=REPORT_YEAR,
            section=section,
            text=FORMULA_TEXTS[number % len(FORMULA_TEXTS)],
            expected_version=0,
            by=leader,
        )
    canary_world.made[PublishedReport] = report_publish(
        location=branch, year=REPORT_YEAR, by=leader
    )
    return canary_world


def test_every_spreadsheet_download_keeps_formula_texts_as_text(formula_world, users, branch):
    world = formula_world
    client = Client(raise_request_exception=True)
    client.force_login(users[Role.TEAM_LEADER])
    found: dict[str, set[str]] = {}
    problems = []
    for route, name, _view, _converters in LOGGED_IN_ROUTES:
        for path in paths_for(route, world):
            response = client.get(path)
            if response.status_code != 200:
                continue
            body = body_of(response)
            kind = kind_of(response, body)
            if kind is None:
                continue
            expected = XLSX_CONTENT_TYPE if kind == "xlsx" else CSV_CONTENT_TYPE
            if response["Content-Type"] != expected:
                problems.append(f"{path}: Content-Type {response['Content-Type']}")
            wrong, texts = (xlsx_problems if kind == "xlsx" else csv_problems)(body)
            problems += [f"{path}: {problem}" for problem in wrong]
            found[name] = texts
    assert problems == []
    # the crawl reached the report's downloads, and their formula stories are in them as text
    assert {"reports:download", "reports:edition_download"} <= set(found)
    live = stories_of(live_document(branch, REPORT_YEAR))
    edition = stories_of(edition_document(world.get(PublishedReport)))
    for stories in (live, edition):
        assert len(stories) >= 2 and all(is_risky(story) for story in stories)
    assert live <= found["reports:download"]
    assert edition <= found["reports:edition_download"]


def test_the_checks_see_a_formula_cell_and_a_risky_csv_cell():
    """A workbook written the old way (``sheet.append([text])``) and a plain CSV fail."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["=1+1", "tekst"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    problems, _texts = xlsx_problems(buffer.getvalue())
    assert problems == ["Sheet!A1: formula '=1+1'"]
    problems, _cells = csv_problems(b"naam;getal\r\n@SUM(A1);3\r\n")
    assert problems == ["cell '@SUM(A1)'"]
